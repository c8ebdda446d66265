package app

import (
	"strconv"
	"testing"
	"time"
)

// TestUploadsRefuseRatherThanEvict: when the memory bound is reached a
// new upload is refused; none of the pending ones, each another person's,
// is dropped for it.
func TestUploadsRefuseRatherThanEvict(t *testing.T) {
	var u uploads
	at := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	var ids []string
	for i := range maxUploads {
		id, ok := u.put(pendingUpload{unit: "hr", who: "p" + strconv.Itoa(i) + "@example.se", at: at})
		if !ok {
			t.Fatalf("upload %d refused", i)
		}
		ids = append(ids, id)
	}
	if _, ok := u.put(pendingUpload{unit: "ekonomi", who: "ny@example.se", at: at}); ok {
		t.Error("an upload past the bound was kept")
	}
	for i, id := range ids {
		if _, ok := u.take(id, "hr", "p"+strconv.Itoa(i)+"@example.se", at); !ok {
			t.Fatalf("pending upload %d was dropped", i)
		}
	}
}
