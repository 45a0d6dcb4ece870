// Command bench is `make bench`: end-to-end benchmarks of `terraform plan`
// with N webex_recording data sources, and with one webex_recordings list,
// against the in-process Webex API simulator, to show that the provider
// adds nothing to a plan but the API's own latency.
//
// It builds the provider once, then for every case and repetition starts a
// fresh provider process in debug (reattach) mode, runs one plan, and reads
// the provider's CPU time and peak RSS from /proc. A fresh process per run
// keeps VmHWM a per-run number. Everything talks over loopback only: the
// simulator listens on 127.0.0.1 and the provider on a unix socket.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		stop()
		os.Exit(1)
	}
	fmt.Print(rep.summaryText())
	if cfg.out != "" {
		fmt.Printf("\nwrote %s\n", cfg.out)
	}
	if cfg.strict && !rep.allPassed() {
		fmt.Fprintln(os.Stderr, "bench: a target was missed (-strict)")
		os.Exit(1)
	}
}

// config is what the flags ask for.
type config struct {
	tf           string        // Terraform CLI, a name on PATH or a path
	listTFs      []string      // CLIs the list cases run on
	ns, listNs   []int         // data source counts; recordings in the list cases (nil runs none)
	only         []string      // case names to run; nil runs all
	reps         int           // repetitions of every case and N
	out          string        // BENCHMARKS.md path; "" writes nothing
	strict       bool          // exit 1 when a target is missed
	keep         bool          // keep the temporary directory (binary, configurations)
	latency      time.Duration // latency of the latency case
	dupesLatency time.Duration // latency of the dupes case
	rate         float64       // requests per second of the rate case
	burst        int           // burst of the rate case
	planTimeout  time.Duration // bound on one plan
	args         []string      // the command line, for the report
	log          io.Writer     // progress lines (parseFlags's output)
}

func parseFlags(args []string, output io.Writer) (config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(output)
	cfg := config{log: output}
	tfDefault := "terraform"
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		tfDefault = p
	}
	ns := fs.String("n", "10,100,500", "comma-separated numbers of data sources")
	listNs := fs.String("list-n", "1000,10000", "comma-separated numbers of recordings for the list cases (\"\" for none)")
	listTFs := fs.String("list-tf", "-tf", "comma-separated CLIs the list cases run on; \"-tf\" is the -tf CLI (make bench adds the OpenTofu of ENGINES)")
	only := fs.String("cases", "", "comma-separated case names to run (default all: zero, latency50, rate20, dupes, floor)")
	fs.StringVar(&cfg.tf, "tf", tfDefault, "Terraform CLI (a name on PATH or a path; default $TF_ACC_TERRAFORM_PATH, else terraform)")
	fs.IntVar(&cfg.reps, "reps", 5, "repetitions of every case (medians are reported)")
	fs.StringVar(&cfg.out, "out", "BENCHMARKS.md", "where to write the report (\"\" for nowhere; -smoke writes none unless -out is given)")
	smoke := fs.Bool("smoke", false, "quick check: N=10, 1 repetition, every case")
	fs.BoolVar(&cfg.strict, "strict", false, "exit 1 when a target is missed")
	fs.BoolVar(&cfg.keep, "keep", false, "keep the temporary directory (provider binary with symbols, configurations) for profiling")
	fs.DurationVar(&cfg.latency, "latency", 50*time.Millisecond, "simulator latency per request in the latency case")
	fs.DurationVar(&cfg.dupesLatency, "dupes-latency", 50*time.Millisecond, "simulator latency per request in the dupes case")
	fs.Float64Var(&cfg.rate, "rate", 20, "simulator rate limit (requests/s) in the rate case")
	fs.IntVar(&cfg.burst, "burst", 20, "simulator burst in the rate case")
	fs.DurationVar(&cfg.planTimeout, "plan-timeout", 5*time.Minute, "time limit of one terraform plan")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}

	var err error
	if cfg.ns, err = parseNs(*ns); err != nil {
		return cfg, err
	}
	if *listNs != "" {
		if cfg.listNs, err = parseNs(*listNs); err != nil {
			return cfg, fmt.Errorf("-list-n: %w", err)
		}
	}
	cfg.listTFs = strings.Split(*listTFs, ",")
	if i := slices.Index(cfg.listTFs, "-tf"); i >= 0 {
		cfg.listTFs[i] = cfg.tf
	}
	if *only != "" {
		for _, name := range strings.Split(*only, ",") {
			name = strings.TrimSpace(name)
			if !slices.ContainsFunc(cases(cfg), func(c caseSpec) bool { return c.name == name }) {
				return cfg, fmt.Errorf("-cases: no case %q", name)
			}
			cfg.only = append(cfg.only, name)
		}
	}
	if *smoke {
		cfg.ns, cfg.reps = []int{10}, 1
		cfg.listNs, cfg.listTFs = []int{100}, []string{cfg.tf}
		outSet := false
		fs.Visit(func(f *flag.Flag) { outSet = outSet || f.Name == "out" })
		if !outSet {
			cfg.out = ""
		}
	}
	switch {
	case cfg.reps < 1 || cfg.reps > 100:
		return cfg, fmt.Errorf("-reps must be 1 to 100, got %d", cfg.reps)
	case cfg.latency < 0 || cfg.dupesLatency < 0:
		return cfg, errors.New("latencies must not be negative")
	case !(cfg.rate > 0) || cfg.burst < 1:
		return cfg, errors.New("-rate must be positive and -burst at least 1")
	case cfg.planTimeout <= 0:
		return cfg, errors.New("-plan-timeout must be positive")
	}
	cfg.args = append([]string{"bench"}, args...)
	return cfg, nil
}

// maxN bounds N: every data source is a recording in memory and a block of
// configuration, and Terraform's own cost grows with it.
const maxN = 10000

func parseNs(s string) ([]int, error) {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > maxN {
			return nil, fmt.Errorf("-n: %q is not a count from 1 to %d", f, maxN)
		}
		if !slices.Contains(ns, n) {
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	return ns, nil
}
