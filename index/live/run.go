package live

import (
	"context"
	"os"
	"sync"
)

// Run reloads the index on every signal from hup (the command passes
// SIGHUP; nil: none) and, with Options.Watch, when the corpus folder
// changes, until ctx is done; then it waits for a reload under way and
// returns. Reloads asked for during a reload make one more after it.
func (x *Index) Run(ctx context.Context, hup <-chan os.Signal) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				x.pull("SIGHUP")
			}
		}
	})
	if x.watching() {
		wg.Go(func() { x.watch(ctx) })
	}
	for {
		select {
		case <-ctx.Done():
			return
		case why := <-x.trigger:
			x.reload(ctx, why)
		}
	}
}

// pull asks for a reload, unless one is already waiting to begin.
func (x *Index) pull(why string) {
	select {
	case x.trigger <- why:
	default:
	}
}
