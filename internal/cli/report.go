package cli

import (
	"errors"
	"fmt"

	"github.com/avesta-kommun/arshjul/internal/diag"
)

// report prints a load's problems one a line and marks the error as shown.
func (e *env) report(err error) error {
	var de *diag.Error
	if !errors.As(err, &de) {
		return err
	}
	for _, p := range de.Problems {
		fmt.Fprintln(e.stderr, p)
	}
	fmt.Fprintf(e.stderr, "%d fel; ingenting har ändrats\n", len(de.Problems))
	return errReported
}
