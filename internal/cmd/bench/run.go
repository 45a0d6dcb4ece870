package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// modulePath is the provider's main package, which the go command finds
// from any directory of the module (the root for make bench, this
// package's for go test).
const modulePath = "github.com/webex-terraform/terraform-provider-webex"

// The provider's address under each engine. main.go serves under
// Terraform's; engines match the keys of TF_REATTACH_PROVIDERS against the
// fully qualified source address they would install.
const (
	providerAddress     = "registry.terraform.io/webex-terraform/webex"
	tofuProviderAddress = "registry.opentofu.org/webex-terraform/webex"
)

// engine is a Terraform-compatible CLI the harness runs.
type engine struct {
	path    string // absolute
	label   string // "Terraform 1.11.4", "OpenTofu 1.12.6"
	address string // the provider's address under this engine
}

// caseSpec is one benchmark case.
type caseSpec struct {
	name     string
	about    string
	config   string                  // the configuration it plans (see writeConfig)
	provider bool                    // false: no provider process
	faults   func(*simulator.Server) // applied after the simulator is reset; nil for none
	mayFail  bool                    // its plans may fail (the rate case: its target counts them)
	engine   *engine                 // the CLI it runs on
}

func cases(cfg config) []caseSpec {
	return []caseSpec{
		{name: "zero", config: "distinct", provider: true,
			about: "N data sources, no simulator latency: the provider's own overhead"},
		{name: "latency" + strconv.FormatInt(cfg.latency.Milliseconds(), 10), config: "distinct", provider: true,
			about:  fmt.Sprintf("N data sources, %s simulator latency per request", cfg.latency),
			faults: func(s *simulator.Server) { s.SetLatency(cfg.latency) }},
		{name: "rate" + strconv.FormatFloat(cfg.rate, 'f', -1, 64), config: "distinct", provider: true, mayFail: true,
			about:  fmt.Sprintf("N data sources, simulator limited to %g requests/s with burst %d (429 + Retry-After beyond)", cfg.rate, cfg.burst),
			faults: func(s *simulator.Server) { s.SetRateLimit(cfg.rate, cfg.burst) }},
		{name: "dupes", config: "dupes", provider: true,
			about:  fmt.Sprintf("N data sources over N/10 distinct ids (interleaved), %s simulator latency", cfg.dupesLatency),
			faults: func(s *simulator.Server) { s.SetLatency(cfg.dupesLatency) }},
		{name: "floor", config: "floor",
			about: "N built-in terraform_data resources, no provider at all: Terraform's own cost"},
	}
}

// runResult is one plan.
type runResult struct {
	wall     time.Duration // terraform plan, start to exit
	tfCPU    time.Duration // terraform's user+system CPU
	requests int64         // requests the simulator received, 429s included
	tooMany  int64         // 429 answers
	provCPU  time.Duration // provider user+system CPU during the plan
	rssKiB   int64         // provider VmHWM (peak RSS) at the end of the plan
	logBytes int64         // bytes the provider wrote to stderr during the plan (its SDK logs)
	ok       bool          // plan exited 0
	output   string        // tail of the plan's output when it failed
}

// bench holds what every run shares.
type bench struct {
	cfg     config
	main    engine
	provBin string
	tmp     string
	env     []string // Terraform's environment
	sim     *simulator.Running
}

// run builds, starts the simulator, runs every case and returns the report,
// written to cfg.out when set. Temporary files and processes are gone when
// it returns, also after an error or a cancelled ctx.
func run(ctx context.Context, cfg config) (*report, error) {
	start := time.Now()
	if runtime.GOOS != "linux" {
		return nil, errors.New("the benchmarks read /proc and run on Linux only")
	}
	b := &bench{cfg: cfg}
	var err error
	if b.main, err = findEngine(ctx, cfg.tf); err != nil {
		return nil, err
	}
	var listSpecs []caseSpec
	for _, cli := range cfg.listTFs {
		e := &b.main
		if cli != cfg.tf {
			found, err := findEngine(ctx, cli)
			if err != nil {
				return nil, err
			}
			e = &found
		}
		listSpecs = append(listSpecs, listCaseSpecs(e)...)
	}
	facts := machineFacts(b.main.label)

	if b.tmp, err = os.MkdirTemp("", "webex-bench-"); err != nil {
		return nil, err
	}
	if cfg.keep {
		fmt.Fprintf(cfg.log, "==> keeping %s\n", b.tmp)
	} else {
		defer os.RemoveAll(b.tmp)
	}
	// An empty CLI configuration keeps the machine's own (dev_overrides,
	// mirrors, credentials) out of the measurements.
	cliConfig := filepath.Join(b.tmp, "cli.tfrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		return nil, err
	}
	b.env = append(cleanEnv(os.Environ()), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")

	fmt.Fprintln(cfg.log, "==> building the provider (-X main.version=bench)")
	b.provBin = filepath.Join(b.tmp, "terraform-provider-webex")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-X main.version=bench", "-o", b.provBin, modulePath)
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	if b.sim, err = startSimulator(cfg); err != nil {
		return nil, err
	}
	defer b.sim.Close()
	fmt.Fprintf(cfg.log, "==> simulator at %s; %s at %s\n", b.sim.BaseURL, b.main.label, b.main.path)

	var specs []caseSpec
	for _, c := range cases(cfg) {
		if cfg.only == nil || slices.Contains(cfg.only, c.name) {
			c.engine = &b.main
			specs = append(specs, c)
		}
	}
	summaries, err := b.measure(ctx, specs, cfg.ns)
	if err != nil {
		return nil, err
	}
	lists, err := b.measure(ctx, listSpecs, cfg.listNs)
	if err != nil {
		return nil, err
	}
	facts = append(facts, [2]string{"load average after", loadAverage()})
	rep := newReport(cfg, facts, summaries, lists, time.Since(start))
	if cfg.out != "" {
		err = os.WriteFile(cfg.out, []byte(rep.markdown()), 0o644)
	}
	return rep, err
}

// startSimulator starts the simulator on 127.0.0.1 with the recordings of
// every case: one per data source of the largest N, and the list cases'.
func startSimulator(cfg config) (*simulator.Running, error) {
	sim, err := simulator.Listen("127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting the simulator: %w", err)
	}
	// Stats only: a log entry per request would make the simulator's own
	// memory and CPU grow with the benchmark.
	sim.Sim.SetRequestLogLimit(0)
	for i := range slices.Max(cfg.ns) {
		rec := simulator.ExampleRecording()
		rec.ID = recordingID(i)
		err = errors.Join(err, sim.Sim.AddRecording(rec, simulator.AliceEmail))
	}
	if len(cfg.listNs) > 0 {
		_, lerr := sim.Sim.AddGeneratedRecordings(simulator.RecordingBatch{
			Count: slices.Max(cfg.listNs), Newest: listNewest, Spacing: time.Minute, Host: simulator.AliceEmail,
		})
		err = errors.Join(err, lerr)
	}
	if err != nil {
		sim.Close()
		return nil, err
	}
	return sim, nil
}

// measure runs specs at every N of ns. Round 0 is the warm-up: one
// unmeasured plan per configuration and engine, in its own directory, which
// warms the page cache (there is no init: a reattached provider and the
// built-in terraform_data need no download). The measured repetitions then
// go round the cases, so drift on the machine spreads over all of them
// (and all engines) instead of biasing one.
func (b *bench) measure(ctx context.Context, specs []caseSpec, ns []int) ([]summary, error) {
	var out []summary
	for _, n := range ns {
		warm := map[string]bool{}
		runs := make([][]runResult, len(specs))
		for round := 0; round <= b.cfg.reps; round++ {
			for i, spec := range specs {
				dir := filepath.Join(b.tmp, fmt.Sprintf("%s-%d-%s", spec.config, n, strings.ReplaceAll(spec.engine.label, " ", "-")))
				warmUp := round == 0
				if warmUp && warm[dir] {
					continue
				}
				var res runResult
				err := ctx.Err()
				if err == nil && warmUp {
					warm[dir], spec.faults = true, nil
					err = b.writeConfig(ctx, dir, spec.config, n)
				}
				if err == nil {
					res, err = b.runOnce(ctx, spec, dir)
				}
				if err == nil && !res.ok && (warmUp || !spec.mayFail) {
					err = errors.New("plan failed:\n" + res.output)
				}
				if err != nil {
					return nil, fmt.Errorf("case %s at N=%d on %s: %w", spec.name, n, spec.engine.label, err)
				}
				if !warmUp {
					runs[i] = append(runs[i], res)
					fmt.Fprintf(b.cfg.log, "%s N=%-5d rep %d/%d %-10s %8.0f ms wall, %4d requests, %3d 429s, provider %5.0f ms CPU, %5.1f MiB peak, %6.0f KiB log, ok=%v\n",
						spec.engine.label, n, round, b.cfg.reps, spec.name, ms(res.wall), res.requests, res.tooMany, ms(res.provCPU), mib(res.rssKiB), float64(res.logBytes)/1024, res.ok)
				}
			}
		}
		for i, spec := range specs {
			out = append(out, summarize(spec, n, runs[i]))
		}
	}
	return out, nil
}

// recordingID is the i-th benchmark recording: 32 hex digits, like a real
// id, and unlike any built-in fixture's.
func recordingID(i int) string { return fmt.Sprintf("be7c4000%024x", i) }

// providerBlock starts every configuration that uses the provider.
const providerBlock = `terraform {
  required_providers {
    webex = { source = "webex-terraform/webex" }
  }
}

provider "webex" {}

`

// writeConfig writes the configuration kind at n into dir: for
// "distinct", "dupes" (over n/10 ids) and "floor", n data sources or
// terraform_data resources, all with count over one list so Terraform does
// the same expansion work in each; for "list" and "json", see list.go.
func (b *bench) writeConfig(ctx context.Context, dir, kind string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tf := "# Generated by internal/cmd/bench.\n"
	switch kind {
	case listCaseName, jsonCaseName:
		list, err := b.listConfig(ctx, dir, kind, n)
		if err != nil {
			return err
		}
		tf += list
	default:
		distinct := n
		if kind == "dupes" {
			distinct = max(1, n/10)
		}
		var ids strings.Builder
		for i := range n {
			// Interleaved (0,1,..,k-1,0,1,..), so that reads Terraform runs
			// side by side are mostly of different ids: no help from luck.
			fmt.Fprintf(&ids, "    %q,\n", recordingID(i%distinct))
		}
		block := "data \"webex_recording\" \"r\" {\n  count = length(local.ids)\n  id    = local.ids[count.index]\n}\n"
		if kind == "floor" {
			block = "resource \"terraform_data\" \"r\" {\n  count = length(local.ids)\n  input = local.ids[count.index]\n}\n"
		} else {
			tf += providerBlock
		}
		tf += "locals {\n  ids = [\n" + ids.String() + "  ]\n}\n\n" + block
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o644)
}

// runOnce runs one plan, with a fresh provider process when the case has
// one.
func (b *bench) runOnce(ctx context.Context, spec caseSpec, dir string) (runResult, error) {
	env := b.env
	var prov *providerProcess
	if spec.provider {
		var err error
		if prov, err = b.startProvider(ctx, spec.engine.address); err != nil {
			return runResult{}, err
		}
		defer prov.stop()
		env = append(slices.Clone(b.env), "TF_REATTACH_PROVIDERS="+prov.reattach)
	}
	b.sim.Sim.ResetRequests()
	if spec.faults != nil {
		spec.faults(b.sim.Sim)
	}
	defer b.sim.Sim.ClearFaults()

	res, err := b.plan(ctx, spec.engine.path, dir, env)
	stats := b.sim.Sim.Stats()
	res.requests, res.tooMany = stats.Requests, stats.TooManyRequests
	if err != nil || prov == nil {
		return res, err
	}
	cpu1, err := processCPU(prov.cmd.Process.Pid)
	if err != nil {
		return res, fmt.Errorf("the provider is gone after the plan: %w\n%s", err, fileTail(prov.stderr))
	}
	res.provCPU, res.logBytes = cpu1-prov.cpu0, fileSize(prov.stderr)-prov.log0
	res.rssKiB, err = peakRSS(prov.cmd.Process.Pid)
	return res, err
}

// child is a command in its own process group (see childAttr) that the
// end of ctx interrupts, so that Terraform releases its state lock and the
// provider's debug server stops, and kills if it still runs wait later.
func child(ctx context.Context, wait time.Duration, dir string, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env, cmd.SysProcAttr, cmd.WaitDelay = dir, env, childAttr(), wait
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	return cmd
}

// plan runs one terraform plan, its output in dir/plan.log, and times it.
// A failed plan is a result (ok false), not an error; errors are for the
// harness.
func (b *bench) plan(ctx context.Context, cli, dir string, env []string) (runResult, error) {
	runCtx, cancel := context.WithTimeout(ctx, b.cfg.planTimeout)
	defer cancel()
	logPath := filepath.Join(dir, "plan.log")
	out, err := os.Create(logPath)
	if err != nil {
		return runResult{}, err
	}
	defer out.Close()
	cmd := child(runCtx, 10*time.Second, dir, env, cli, "plan", "-input=false", "-no-color", "-refresh=true")
	cmd.Stdout, cmd.Stderr = out, out

	start := time.Now()
	err = cmd.Run()
	res := runResult{wall: time.Since(start)}
	if cmd.ProcessState != nil {
		res.tfCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return res, ctx.Err()
	case runCtx.Err() != nil:
		return res, fmt.Errorf("terraform plan took longer than -plan-timeout %s:\n%s", b.cfg.planTimeout, fileTail(logPath))
	case errors.As(err, &exitErr):
		res.output = fileTail(logPath)
	case err != nil:
		return res, fmt.Errorf("terraform plan: %w", err)
	}
	res.ok = err == nil
	return res, nil
}

// fileTail is the end of the file at path, for error messages.
func fileTail(path string) string {
	data, _ := os.ReadFile(path)
	return string(data[max(0, len(data)-64<<10):])
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// providerProcess is one provider serving in debug mode.
type providerProcess struct {
	cmd      *exec.Cmd
	reattach string
	stderr   string        // the file of its stderr
	cpu0     time.Duration // CPU time once ready: its startup, not the plan's
	log0     int64         // stderr bytes once ready
	exited   chan struct{}
	cancel   context.CancelFunc
}

// stop interrupts the provider (the debug server's stop signal), kills it
// if it is still there providerStopTimeout later, and waits for it.
func (p *providerProcess) stop() {
	p.cancel()
	<-p.exited
}

const (
	providerStartTimeout = 30 * time.Second // bounds the wait for the reattach line
	providerStopTimeout  = 5 * time.Second
)

func (b *bench) startProvider(ctx context.Context, address string) (*providerProcess, error) {
	// The debug server puts its unix socket in TMPDIR: keep it in our
	// directory so it goes away with it.
	sockDir, err := os.MkdirTemp(b.tmp, "sock-")
	if err != nil {
		return nil, err
	}
	p := &providerProcess{stderr: filepath.Join(sockDir, "stderr.log"), exited: make(chan struct{})}
	stderr, err := os.Create(p.stderr)
	if err != nil {
		return nil, err
	}
	defer stderr.Close()
	// The provider reads its environment, not Terraform's: in debug mode
	// Terraform does not start it.
	env := append(cleanEnv(os.Environ()), "TMPDIR="+sockDir, "WEBEX_BASE_URL="+b.sim.BaseURL, "WEBEX_ACCESS_TOKEN="+simulator.UserToken)
	provCtx, cancel := context.WithCancel(ctx)
	p.cmd, p.cancel = child(provCtx, providerStopTimeout, b.tmp, env, b.provBin, "-debug"), cancel
	stdout, stdoutW := io.Pipe()
	p.cmd.Stdout, p.cmd.Stderr = stdoutW, stderr
	if err := p.cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("starting the provider: %w", err)
	}
	found := watchReattach(stdout)
	go func() {
		_ = p.cmd.Wait()
		stdoutW.Close()
		close(p.exited)
	}()

	select {
	case raw := <-found:
		if p.reattach, err = reattachFor(raw, p.cmd.Process.Pid, address); err == nil {
			p.cpu0, err = processCPU(p.cmd.Process.Pid)
			p.log0 = fileSize(p.stderr)
		}
	case <-p.exited:
		err = fmt.Errorf("the provider exited before printing TF_REATTACH_PROVIDERS:\n%s", fileTail(p.stderr))
	case <-time.After(providerStartTimeout):
		err = fmt.Errorf("no TF_REATTACH_PROVIDERS line from the provider within %s:\n%s", providerStartTimeout, fileTail(p.stderr))
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// watchReattach reads the provider's stdout and hands over the JSON of its
// first TF_REATTACH_PROVIDERS='...' line. It reads on to the end, so a
// chatty provider can never block on a full pipe.
func watchReattach(stdout io.Reader) <-chan string {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "TF_REATTACH_PROVIDERS='"); ok {
				found <- strings.TrimSuffix(v, "'")
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	return found
}

// reattachFor checks the JSON of TF_REATTACH_PROVIDERS (one provider, ours,
// served by process pid) and keys it by the address the engine looks up:
// the provider names itself under Terraform's, and a short key such as
// "webex-terraform/webex" would match no engine.
func reattachFor(raw string, pid int, address string) (string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &m); err != nil || len(m) != 1 {
		return "", fmt.Errorf("TF_REATTACH_PROVIDERS should be the JSON of one provider: %s", raw)
	}
	key := slices.Collect(maps.Keys(m))[0]
	if key != providerAddress && key != "webex-terraform/webex" {
		return "", fmt.Errorf("TF_REATTACH_PROVIDERS names %q, not %s", key, providerAddress)
	}
	var attach struct{ Pid int }
	if err := json.Unmarshal(m[key], &attach); err != nil || attach.Pid != pid {
		return "", fmt.Errorf("TF_REATTACH_PROVIDERS names pid %d (%v), but the provider is %d", attach.Pid, err, pid)
	}
	out, err := json.Marshal(map[string]json.RawMessage{address: m[key]})
	return string(out), err
}

// cleanEnv drops the variables that would change what is measured: TF_*
// (logging, CLI args, reattach), WEBEX_* and TMPDIR.
func cleanEnv(env []string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "WEBEX_") || name == "TMPDIR" || name == "CHECKPOINT_DISABLE"
	})
}

// machineFacts are the rows of the report's table of where the numbers
// come from. The load average is read first, before the harness adds to
// it, and again at the end: other work on the machine shows up as spread
// in the wall times, and here is how much there was. The Go version is the
// harness's: go run built it with the go command that builds the provider.
func machineFacts(engineLabel string) [][2]string {
	load := loadAverage()
	return [][2]string{
		{"date (UTC)", time.Now().UTC().Format("2006-01-02 15:04")},
		{"platform", runtime.GOOS + "/" + runtime.GOARCH},
		{"CPU", cpuModel()},
		{"cores", strconv.Itoa(runtime.NumCPU())},
		{"memory", memTotal()},
		{"Go", runtime.Version()},
		{"Terraform", engineLabel},
		{"load average (1, 5, 15 min) before", load},
	}
}

// versionLine is the line of `terraform version` (or `tofu version`) that
// names the product and its version. OpenTofu may print CLI configuration
// warnings ahead of it.
var versionLine = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\S+)`)

// findEngine locates a CLI (a name on PATH or a path) and asks it what it
// is.
func findEngine(ctx context.Context, cli string) (engine, error) {
	path, err := exec.LookPath(cli)
	if err == nil {
		path, err = filepath.Abs(path)
	}
	if err != nil {
		return engine{}, fmt.Errorf("finding the Terraform CLI %q: %w", cli, err)
	}
	cmd := exec.CommandContext(ctx, path, "version")
	cmd.Env = append(cleanEnv(os.Environ()), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+os.DevNull)
	out, err := cmd.Output()
	m := versionLine.FindSubmatch(out)
	if err != nil || m == nil {
		return engine{}, fmt.Errorf("%s version: %v, output %q", path, err, out)
	}
	e := engine{path: path, label: string(m[1]) + " " + string(m[2]), address: providerAddress}
	if string(m[1]) == "OpenTofu" {
		e.address = tofuProviderAddress
	}
	return e, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
func mib(kib int64) float64      { return float64(kib) / 1024 }
