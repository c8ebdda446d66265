package app

import (
	"context"
	"errors"
	"io"

	"github.com/avesta-kommun/arshjul/internal/remind"
)

// Remind makes one reminder pass at the clock's now, as the scheduler
// would (`arshjul remind`); with dryRun it prints to w what would be sent
// and sends and records nothing.
func (c *Core) Remind(ctx context.Context, dryRun bool, w io.Writer) (remind.OnceResult, error) {
	if c.runner == nil {
		return remind.OnceResult{}, errors.New("app: no reminder runner")
	}
	if dryRun {
		return c.runner.Once(ctx, w)
	}
	return c.runner.Once(ctx, nil)
}
