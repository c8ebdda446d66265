package server

import (
	"fmt"
	"net/url"
	"slices"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/diag"
)

// choice is the value of a page's query parameter key that takes one of
// valid, or "" when it is not given. As everywhere: a parameter the page
// does not know is ignored, a known one with another value is a 400 that
// lists the valid ones.
func choice(q url.Values, key string, valid ...string) (string, error) {
	v := q.Get(key)
	if v == "" || slices.Contains(valid, v) {
		return v, nil
	}
	return "", &app.Invalid{Msg: fmt.Sprintf("okänt värde %q på %s; giltiga är %s", v, key, diag.OneOf(valid))}
}
