package config

import (
	"strconv"
	"strings"
)

// DefaultFeedBytes is feeds.max_bytes when the config does not say.
const DefaultFeedBytes = 1 << 20

// parseBytes reads a size as admins write it: 1048576, 1MB, 512 KB, 2MiB
// (K and M are binary, as the programs that show file sizes count).
func parseBytes(s string) (int, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	mult := 1
	for _, u := range []struct {
		suffix string
		mult   int
	}{{"MIB", 1 << 20}, {"KIB", 1 << 10}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, false
	}
	return n * mult, true
}
