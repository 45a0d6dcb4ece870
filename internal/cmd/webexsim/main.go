// Command webexsim serves the in-memory Webex recordings API simulator on a
// local port, so the provider can be tried by hand or from scripts without
// a Webex account (`make sim`).
//
// It prints what a shell needs, as a shell script: an export line for
// WEBEX_BASE_URL and WEBEX_ACCESS_TOKEN (alice's token), then, as comments,
// the other tokens and a table of the built-in recordings. Then it serves
// until SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (port 0 picks a free port)")
	latency := flag.Duration("latency", 0, "fixed delay before every answer, e.g. 200ms")
	perSecond := flag.Float64("rate", 0, "global rate limit in requests per second (0 = unlimited)")
	burst := flag.Int("burst", 0, "burst size for -rate (0 = the rate rounded up, at least 1)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, *addr, *latency, *perSecond, *burst); err != nil {
		fmt.Fprintln(os.Stderr, "webexsim:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, addr string, latency time.Duration, perSecond float64, burst int) error {
	if latency < 0 || perSecond < 0 || burst < 0 {
		return errors.New("-latency, -rate and -burst must not be negative")
	}
	if burst == 0 {
		burst = int(math.Min(math.Max(1, math.Ceil(perSecond)), 1e6))
	}

	srv, err := simulator.Listen(addr)
	if err != nil {
		return fmt.Errorf("%w (is another simulator running there? make sim SIM_ADDR=127.0.0.1:0, or -addr 127.0.0.1:0, picks a free port)", err)
	}
	srv.Sim.SetLatency(latency)
	srv.Sim.SetRateLimit(perSecond, burst)
	if err := setUpBench(ctx, srv.Sim); err != nil {
		_ = srv.Close()
		return err
	}

	if err := printEnv(out, srv.BaseURL, srv.Sim.Fixtures()); err != nil {
		_ = srv.Close()
		return err
	}

	select {
	case <-ctx.Done():
	case err := <-srv.Done():
		return err
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return errors.Join(srv.Shutdown(shutdownCtx), <-srv.Done())
}

// printEnv writes the export line and, as comments, the tokens and the
// recordings: every line is valid shell, so the whole output can be
// pasted or eval'd.
func printEnv(out io.Writer, baseURL string, fixtures []simulator.Fixture) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }
	p("# Webex API simulator at %s, serving until Ctrl-C.", baseURL)
	p("# In the shell you run terraform from, run (alice's token):")
	p("export WEBEX_BASE_URL=%s WEBEX_ACCESS_TOKEN=%s", baseURL, simulator.UserToken)
	p("#")
	p("# Other callers, for WEBEX_ACCESS_TOKEN:")
	p("#   %s\t%s\t%s", simulator.AdminToken, simulator.AdminEmail, "admin: host_email, admin = true")
	p("#   %s\t%s\t%s", simulator.ComplianceToken, simulator.ComplianceEmail, "compliance officer: every recording, purged ones too")
	p("#   %s\t%s\t%s", simulator.NoScopeToken, simulator.NoScopeEmail, "no recordings scope: 403")
	p("#   %s\t%s\t%s", simulator.ExpiredToken, simulator.AliceEmail, "expired: 401")
	p("#   %s\t%s\t%s", simulator.ServiceAppToken, simulator.ServiceAppEmail, "service app with group recording access: group = true")
	p("#   %s\t%s\t%s", simulator.ServiceAppNoGroupToken, simulator.ServiceAppEmail, "service app without it: 403 on group reads")
	p("#")
	p("# Person ids, for person_id with group = true (Base64; the raw UUID works too):")
	p("#   %s\t%s", simulator.AliceEmail, simulator.AlicePersonID)
	p("#   %s\t%s", simulator.BobEmail, simulator.BobPersonID)
	p("#")
	p("# Recordings, newest first (created in UTC; alice sees hers and those shared with her):")
	p("#   id\thost\tcreated\tstatus\ttopic: what is special")
	for _, f := range fixtures {
		p("#   %s\t%s\t%s\t%s\t%s: %s", f.ID, f.Host, f.CreateTime.UTC().Format("2006-01-02 15:04"), f.Status, f.Topic, f.Note)
	}
	return tw.Flush()
}
