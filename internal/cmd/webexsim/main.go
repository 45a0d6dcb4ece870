// Command webexsim serves the Webex API simulator on a local port (`make
// sim`), so that the provider can be tried without a Webex account. It
// prints a shell script (an export line for alice's token; as comments, the
// other credentials and the recordings), then serves until SIGINT or SIGTERM.
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
	err = setUpBench(ctx, srv.Sim)
	if err == nil {
		err = printEnv(out, srv.BaseURL, srv.Sim.Fixtures())
	}
	if err != nil {
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

// printEnv writes the export line and, as comments, the other credentials
// and the recordings: every line is valid shell, so the whole output can be
// pasted or eval'd.
func printEnv(out io.Writer, baseURL string, fixtures []simulator.Fixture) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }
	p("# Webex API simulator at %s, serving until Ctrl-C.", baseURL)
	p("# In the shell you run terraform from, run (alice's token):")
	p("export WEBEX_BASE_URL=%s WEBEX_ACCESS_TOKEN=%s", baseURL, simulator.UserToken)
	p("#")
	p("# Refresh-token login instead (an integration of alice's; the provider obtains the tokens):")
	p("#   unset WEBEX_ACCESS_TOKEN; export WEBEX_CLIENT_ID=%s WEBEX_CLIENT_SECRET=%s WEBEX_REFRESH_TOKEN=%s",
		simulator.OAuthClientID, simulator.OAuthClientSecret, simulator.RefreshToken)
	p("#   WEBEX_REFRESH_TOKEN=%s\tworks, and the run warns that it expires in 5 days", simulator.ExpiringRefreshToken)
	p("#   WEBEX_REFRESH_TOKEN=%s\trefused (invalid_grant): the error says to authorize again", simulator.ExpiredRefreshToken)
	p("#")
	p("# Other callers, for WEBEX_ACCESS_TOKEN:")
	for _, c := range [][3]string{
		{simulator.AdminToken, simulator.AdminEmail, "admin: host_email, admin = true"},
		{simulator.ComplianceToken, simulator.ComplianceEmail, "compliance officer: every recording, purged ones too"},
		{simulator.NoScopeToken, simulator.NoScopeEmail, "no recordings scope: 403"},
		{simulator.ExpiredToken, simulator.AliceEmail, "expired: 401"},
		{simulator.ServiceAppToken, simulator.ServiceAppEmail, "service app with group recording access: group = true"},
		{simulator.ServiceAppNoGroupToken, simulator.ServiceAppEmail, "service app without it: 403 on group reads"},
	} {
		p("#   %s\t%s\t%s", c[0], c[1], c[2])
	}
	p("#")
	p("# Person ids, for person_id with group = true (Base64; the raw UUID works too):")
	p("#   %s\t%s\n#   %s\t%s", simulator.AliceEmail, simulator.AlicePersonID, simulator.BobEmail, simulator.BobPersonID)
	p("#")
	p("# Recordings, newest first (created in UTC; alice sees hers and those shared with her):")
	p("#   id\thost\tcreated\tstatus\ttopic: what is special")
	for _, f := range fixtures {
		p("#   %s\t%s\t%s\t%s\t%s: %s", f.ID, f.Host, f.CreateTime.UTC().Format("2006-01-02 15:04"), f.Status, f.Topic, f.Note)
	}
	return tw.Flush()
}
