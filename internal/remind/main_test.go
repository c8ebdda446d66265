package remind_test

import (
	"testing"

	"github.com/avesta-kommun/arshjul/internal/icalcheck"
)

// The tests check every feed they make with real calendar parsers.
func TestMain(m *testing.M) { icalcheck.Main(m) }
