package config

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Files is where the config and the calendars it names are read from: the
// disk, or the example embedded in the binary. Paths inside are slash paths
// without a leading slash, so that fs.FS can serve both.
type Files struct {
	FS       fs.FS
	Embedded bool
}

// Disk reads from the real file system.
func Disk() Files { return Files{FS: os.DirFS("/")} }

// Embedded reads from an embedded tree (the binary's defaults).
func Embedded(fsys fs.FS) Files { return Files{FS: fsys, Embedded: true} }

// FromOS turns an OS path into a path of Files.
func (f Files) FromOS(p string) (string, error) {
	if f.Embedded {
		return path.Clean(filepath.ToSlash(p)), nil
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(filepath.ToSlash(abs), "/"), nil
}

// Resolve reads ref relative to the folder of the file base, as the config
// promises ("relative paths resolve against this file's folder").
func (f Files) Resolve(base, ref string) string {
	if path.IsAbs(ref) && !f.Embedded {
		return strings.TrimPrefix(path.Clean(ref), "/")
	}
	return path.Join(path.Dir(base), ref)
}

// OSPath is where p lives for the operating system (for the database and the
// outbox, which are never embedded: an embedded config puts them under the
// working directory).
func (f Files) OSPath(p string) string {
	if f.Embedded {
		return filepath.FromSlash(p)
	}
	return "/" + p
}

// Display names p for messages: relative to the working directory when it is
// below it, marked when it is embedded.
func (f Files) Display(p string) string {
	if f.Embedded {
		return "(inbyggd) " + p
	}
	abs := "/" + p
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return abs
}
