package server

import (
	"testing"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// TestImageCacheBound: public wheel images are kept up to maxImageBytes
// (past it one is drawn each time it is asked for), and a new data version
// forgets the old ones.
func TestImageCacheBound(t *testing.T) {
	var c imageCache
	drawn := 0
	draw := func() (rendered, error) {
		drawn++
		return rendered{body: make([]byte, maxImageBytes/3+1), ctype: "image/png"}, nil
	}
	v1, v2 := app.Edition{Version: 1}, app.Edition{Version: 2}
	for _, key := range []string{"a", "b", "c", "a", "b", "c"} {
		if c.get(v1, key) == nil {
			if _, err := c.fill(v1, key, draw); err != nil {
				t.Fatal(err)
			}
		}
	}
	if drawn != 4 || c.bytes > maxImageBytes { // a and b kept, c drawn twice
		t.Errorf("drawn %d times, %d bytes kept; want 4 and at most %d", drawn, c.bytes, maxImageBytes)
	}
	if c.get(v2, "a") != nil {
		t.Error("an image of another data version is served")
	}
	c.fill(v2, "a", draw)
	if c.get(v1, "b") != nil || len(c.entries) != 1 {
		t.Error("the old data version's images are kept")
	}
}
