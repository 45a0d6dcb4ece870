// Command webexsim serves the in-memory Webex recordings API simulator on a
// local port, so the provider can be tried by hand or from scripts without
// a Webex account.
//
// It prints WEBEX_BASE_URL=<url> followed by the built-in tokens, then
// serves until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"os/signal"
	"syscall"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (port 0 picks a free port)")
	latency := flag.Duration("latency", 0, "fixed delay before every answer, e.g. 200ms")
	perSecond := flag.Float64("rate", 0, "global rate limit in requests per second (0 = unlimited)")
	burst := flag.Int("burst", 0, "burst size for -rate (0 = the rate rounded up, at least 1)")
	flag.Parse()
	if *burst == 0 {
		*burst = int(min(math.Ceil(*perSecond), 1e6)) // the simulator makes it at least 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := simulator.Listen(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "webexsim:", err)
		os.Exit(1)
	}
	srv.Sim.SetLatency(*latency)
	srv.Sim.SetRateLimit(*perSecond, *burst)
	fmt.Println("WEBEX_BASE_URL=" + srv.BaseURL)
	fmt.Println("WEBEX_TOKEN_USER=" + simulator.UserToken)
	fmt.Println("WEBEX_TOKEN_ADMIN=" + simulator.AdminToken)
	fmt.Println("WEBEX_TOKEN_COMPLIANCE=" + simulator.ComplianceToken)
	fmt.Println("WEBEX_TOKEN_NOSCOPE=" + simulator.NoScopeToken)
	fmt.Println("WEBEX_TOKEN_EXPIRED=" + simulator.ExpiredToken)

	select {
	case <-ctx.Done():
		if err = srv.Close(); err == nil {
			err = <-srv.Done()
		}
	case err = <-srv.Done():
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "webexsim:", err)
		os.Exit(1)
	}
}
