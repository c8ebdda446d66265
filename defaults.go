// Package arshjul embeds the example configuration and calendars, so that
// `go run ./cmd/arshjul serve` works on a fresh checkout with no files named.
package arshjul

import "embed"

// Defaults holds config/arshjul.yaml and calendars/.
//
//go:embed config calendars
var Defaults embed.FS
