package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
)

// TooLargeError is ReadRegular's answer for a file over its limit. Size
// is the file's size when it is known before reading, else -1.
type TooLargeError struct{ Size int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("config: file of %d bytes too large", e.Size)
}

// ReadRegular reads a config or calendar file p (a path of Files), at
// most limit bytes, and only when it is a regular file: a device (a link
// to /dev/zero reports size 0 and never ends) or a FIFO (opening it waits
// for a writer for ever) is refused before it can take the daemon's memory
// or stall a reload. A symbolic link is followed only when it resolves
// inside root (the folder tree of the config: where config/, calendars/
// and the links of a Kubernetes ConfigMap live), so that a link to
// /etc/passwd does not put another file's lines into problems shown on
// /healthz. The limit is kept by the reader, not by trusting a stat.
func (f Files) ReadRegular(p, root string, limit int64) ([]byte, error) {
	if f.Embedded {
		return readFS(f.FS, p, limit)
	}
	osPath := f.OSPath(p)
	fi, err := os.Lstat(osPath)
	if err != nil {
		return nil, fmt.Errorf("filen finns inte eller går inte att läsa")
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(osPath)
		if err != nil {
			return nil, fmt.Errorf("är en länk som inte leder till någon fil")
		}
		rootOS, err := filepath.EvalSymlinks(f.OSPath(root))
		if err != nil {
			rootOS = f.OSPath(root)
		}
		if !within(rootOS, target) {
			return nil, fmt.Errorf("är en länk till %s, utanför %s; lägg filen (eller det den länkar till) i konfigurationens mappar", target, rootOS)
		}
	}
	// O_NONBLOCK: a FIFO opens at once instead of waiting for a writer,
	// and is then refused below like any file that is not regular.
	file, err := os.OpenFile(osPath, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("filen går inte att läsa: %v", errors.Unwrap(err))
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return nil, fmt.Errorf("filen går inte att läsa: %v", err)
	}
	switch {
	case st.IsDir():
		return nil, fmt.Errorf("är en mapp, inte en fil")
	case !st.Mode().IsRegular():
		return nil, fmt.Errorf("är ingen vanlig fil (%s); konfiguration och kalendrar ska vara vanliga filer", kind(st.Mode()))
	case st.Size() > limit:
		return nil, &TooLargeError{Size: st.Size()} // refused unread
	}
	return readAtMost(file, limit)
}

func readFS(fsys fs.FS, p string, limit int64) ([]byte, error) {
	file, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("filen finns inte eller går inte att läsa")
	}
	defer file.Close()
	if st, err := file.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("är en mapp, inte en fil")
	}
	return readAtMost(file, limit)
}

func readAtMost(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("filen går inte att läsa: %v", err)
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: -1}
	}
	return data, nil
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "en FIFO"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "en enhet"
	case m&fs.ModeSocket != 0:
		return "en socket"
	}
	return m.Type().String()
}

// Root is the folder tree that a config's files may link within: the
// folder that holds the config's own folder (config/arshjul.yaml beside
// calendars/).
func Root(configPath string) string { return path.Dir(path.Dir(configPath)) }
