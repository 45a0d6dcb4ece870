package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// The flags `make bench` (.ci/bench) starts the simulator with.
var (
	generate  = flag.Int("recordings", 0, "also serve N generated recordings hosted by alice, a minute apart, the newest created at "+generatedNewest.Format(time.RFC3339)+" (ids: 6e6e and the count from 1, in 28 hex digits)")
	statsFile = flag.String("stats", "", "keep \"REQUESTS TOO_MANY\" (requests received, 429 answers) in this file, updated every 10 ms; no request log is kept")
)

var generatedNewest = time.Date(2021, 1, 4, 0, 0, 0, 0, time.UTC)

// setUpBench applies -recordings and -stats (written until ctx ends) to sim.
func setUpBench(ctx context.Context, sim *simulator.Server) error {
	if *generate < 0 {
		return errors.New("-recordings must not be negative")
	}
	if *generate > 0 {
		batch := simulator.RecordingBatch{Count: *generate, Newest: generatedNewest, Spacing: time.Minute}
		if _, err := sim.AddGeneratedRecordings(batch); err != nil {
			return err
		}
	}
	if *statsFile == "" {
		return nil
	}
	sim.SetRequestLogLimit(0)
	file := *statsFile
	write := func(st simulator.Stats) error {
		tmp := file + ".tmp" // renamed over it, so a reader never sees half a line
		if err := os.WriteFile(tmp, fmt.Appendf(nil, "%d %d\n", st.Requests, st.TooManyRequests), 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, file)
	}
	last := sim.Stats()
	if err := write(last); err != nil {
		return err
	}
	go func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if st := sim.Stats(); st != last {
				if err := write(st); err != nil {
					fmt.Fprintln(os.Stderr, "webexsim: -stats:", err)
					return
				}
				last = st
			}
		}
	}()
	return nil
}
