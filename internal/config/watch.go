package config

import (
	"io/fs"
	"path"

	"go.yaml.in/yaml/v3"
)

// WatchDirs are the folders the config file at p names for calendars, read
// leniently (a config with problems still names them): a folder named, or
// the folder of a file named, whether it exists yet or not. The daemon's
// file watch polls them, so that the fix of a unit that never loaded is
// seen without a SIGHUP.
func WatchDirs(files Files, p string) []string {
	data, err := files.ReadRegular(p, Root(p), maxConfigSize)
	if err != nil {
		return nil
	}
	var raw struct {
		Units []struct {
			Calendar stringList `yaml:"calendar"`
		} `yaml:"units"`
	}
	_ = yaml.Unmarshal(data, &raw) // what parses is enough
	var out []string
	for _, u := range raw.Units {
		for _, ref := range u.Calendar {
			r := files.Resolve(p, ref)
			if st, err := fs.Stat(files.FS, r); err == nil && st.IsDir() {
				out = append(out, r)
				continue
			}
			out = append(out, path.Dir(r))
			if ref != "" && ref[len(ref)-1] == '/' {
				out = append(out, r) // a folder still to be made
			}
		}
	}
	return out
}
