package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// providerAddress is the address main.go serves under Terraform; engines
// match TF_REATTACH_PROVIDERS keys against the fully qualified source
// address, which for OpenTofu is tofuProviderAddress.
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
	provider bool                    // false: terraform_data only, no provider process
	dupes    bool                    // N data sources over N/10 distinct ids
	faults   func(*simulator.Server) // applied after the simulator is reset
	engine   *engine                 // nil: the main engine (-tf)
}

func cases(cfg config) []caseSpec {
	return []caseSpec{
		{
			name:     "zero",
			about:    "N data sources, no simulator latency: the provider's own overhead",
			provider: true,
			faults:   func(*simulator.Server) {},
		},
		{
			name:     "latency" + strconv.FormatInt(cfg.latency.Milliseconds(), 10),
			about:    fmt.Sprintf("N data sources, %s simulator latency per request", cfg.latency),
			provider: true,
			faults:   func(s *simulator.Server) { s.SetLatency(cfg.latency) },
		},
		{
			name:     "rate" + strconv.FormatFloat(cfg.rate, 'f', -1, 64),
			about:    fmt.Sprintf("N data sources, simulator limited to %g requests/s with burst %d (429 + Retry-After beyond)", cfg.rate, cfg.burst),
			provider: true,
			faults:   func(s *simulator.Server) { s.SetRateLimit(cfg.rate, cfg.burst) },
		},
		{
			name:     "dupes",
			about:    fmt.Sprintf("N data sources over N/10 distinct ids (interleaved), %s simulator latency", cfg.dupesLatency),
			provider: true,
			dupes:    true,
			faults:   func(s *simulator.Server) { s.SetLatency(cfg.dupesLatency) },
		},
		{
			name:   "floor",
			about:  "N built-in terraform_data resources, no provider at all: Terraform's own cost",
			faults: func(*simulator.Server) {},
		},
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

// caseResult collects the repetitions of one case at one N.
type caseResult struct {
	spec caseSpec
	n    int
	runs []runResult
}

// bench holds what every run shares.
type bench struct {
	cfg      config
	main     engine
	provBin  string
	tmp      string
	baseEnv  []string
	sim      *simulator.Running
	clkTck   int64
	initDone map[string]bool
	// listAdded is set once the list cases' recordings are in the simulator.
	listAdded bool
}

func (b *bench) logf(format string, args ...any) {
	if b.cfg.log != nil {
		fmt.Fprintf(b.cfg.log, format+"\n", args...)
	}
}

// run builds, starts the simulator, runs every case and returns the report,
// written to cfg.out when set. Temporary files and processes are gone when
// it returns, also after an error or a cancelled ctx.
func run(ctx context.Context, cfg config) (*report, error) {
	start := time.Now()
	logf := func(format string, args ...any) {
		if cfg.log != nil {
			fmt.Fprintf(cfg.log, format+"\n", args...)
		}
	}
	if err := checkPlatform(); err != nil {
		return nil, err
	}
	mainEngine, err := findEngine(ctx, cfg.tf)
	if err != nil {
		return nil, err
	}
	var listEngines []engine
	for _, cli := range cfg.listTFs {
		e, err := findEngine(ctx, cli)
		if err != nil {
			return nil, err
		}
		listEngines = append(listEngines, e)
	}
	moduleDir, err := findModuleDir(ctx)
	if err != nil {
		return nil, err
	}
	facts, err := gatherFacts(ctx, mainEngine.label)
	if err != nil {
		return nil, err
	}

	tmp, err := os.MkdirTemp("", "webex-bench-")
	if err != nil {
		return nil, err
	}
	if cfg.keep {
		logf("==> keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	// An empty CLI configuration keeps the machine's own (dev_overrides,
	// mirrors, credentials) out of the measurements.
	cliConfig := filepath.Join(tmp, "cli.tfrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		return nil, err
	}

	logf("==> building the provider (-X main.version=bench)")
	provBin := filepath.Join(tmp, "terraform-provider-webex")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-X main.version=bench", "-o", provBin, ".")
	build.Dir = moduleDir
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the provider: %w\n%s", err, out)
	}

	sim, err := simulator.Listen("127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting the simulator: %w", err)
	}
	defer sim.Close()
	if host, _, err := net.SplitHostPort(sim.Addr); err != nil || !net.ParseIP(host).IsLoopback() {
		return nil, fmt.Errorf("the simulator is not on loopback: %s", sim.Addr)
	}
	// Stats only: a log entry per request would make the simulator's own
	// memory and CPU grow with the benchmark.
	sim.Sim.SetRequestLogLimit(0)
	maxNs := slices.Max(cfg.ns)
	for i := range maxNs {
		rec := simulator.ExampleRecording()
		rec.ID = recordingID(i)
		if err := sim.Sim.AddRecording(rec, simulator.AliceEmail); err != nil {
			return nil, err
		}
	}
	logf("==> simulator at %s with %d recordings; %s at %s", sim.BaseURL, maxNs, mainEngine.label, mainEngine.path)

	b := &bench{
		cfg:      cfg,
		main:     mainEngine,
		provBin:  provBin,
		tmp:      tmp,
		baseEnv:  cleanEnv(os.Environ()),
		sim:      sim,
		clkTck:   clockTicks(ctx),
		initDone: map[string]bool{},
	}
	b.baseEnv = append(b.baseEnv,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	)

	var specs []caseSpec
	for _, c := range cases(cfg) {
		if cfg.only == nil || slices.Contains(cfg.only, c.name) {
			specs = append(specs, c)
		}
	}
	var results []*caseResult
	for _, n := range cfg.ns {
		dirs := map[string]string{}
		for _, kind := range []string{"distinct", "dupes", "floor"} {
			dir := filepath.Join(tmp, fmt.Sprintf("%s-%d", kind, n))
			if err := writeConfig(dir, kind, n); err != nil {
				return nil, err
			}
			dirs[kind] = dir
		}
		byCase := make([]*caseResult, len(specs))
		for i, spec := range specs {
			byCase[i] = &caseResult{spec: spec, n: n}
			// One unmeasured plan per working directory: it warms the page
			// cache and finds out whether the directory needs init.
			if err := b.warmUp(ctx, spec, dirFor(dirs, spec)); err != nil {
				return nil, fmt.Errorf("case %s at N=%d: %w", spec.name, n, err)
			}
		}
		// Repetitions go round the cases, so drift on the machine spreads
		// over all of them instead of biasing one.
		for rep := range cfg.reps {
			for i, spec := range specs {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				res, err := b.runOnce(ctx, spec, dirFor(dirs, spec), false)
				if err != nil {
					return nil, fmt.Errorf("case %s at N=%d: %w", spec.name, n, err)
				}
				if !res.ok && !isRateCase(spec) {
					return nil, fmt.Errorf("case %s at N=%d: terraform plan failed:\n%s", spec.name, n, res.output)
				}
				byCase[i].runs = append(byCase[i].runs, res)
				logf("N=%-4d rep %d/%d %-10s %8.0f ms wall, %4d requests, %3d 429s, provider %5.0f ms CPU, %5.1f MiB peak, %6.0f KiB log, ok=%v",
					n, rep+1, cfg.reps, spec.name, ms(res.wall), res.requests, res.tooMany, ms(res.provCPU), mib(res.rssKiB), float64(res.logBytes)/1024, res.ok)
			}
		}
		results = append(results, byCase...)
	}
	for _, e := range listEngines {
		listResults, err := b.runLists(ctx, e)
		if err != nil {
			return nil, err
		}
		results = append(results, listResults...)
	}

	facts.loadEnd = loadAverage()
	rep := newReport(cfg, facts, results, time.Since(start))
	if cfg.out != "" {
		if err := os.WriteFile(cfg.out, []byte(rep.markdown()), 0o644); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

func isRateCase(spec caseSpec) bool { return strings.HasPrefix(spec.name, "rate") }

func dirFor(dirs map[string]string, spec caseSpec) string {
	switch {
	case !spec.provider:
		return dirs["floor"]
	case spec.dupes:
		return dirs["dupes"]
	}
	return dirs["distinct"]
}

// recordingID is the i-th benchmark recording: 32 hex digits, like a real
// id, and unlike any built-in fixture's.
func recordingID(i int) string { return fmt.Sprintf("be7c4000%024x", i) }

// writeConfig writes the configuration of kind ("distinct", "dupes" or
// "floor") with n blocks. All three use count over one list, so Terraform
// does the same expansion work in each.
func writeConfig(dir, kind string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	distinct := n
	if kind == "dupes" {
		distinct = max(1, n/10)
	}
	var b strings.Builder
	b.WriteString("# Generated by internal/cmd/bench.\n")
	if kind != "floor" {
		b.WriteString("terraform {\n  required_providers {\n    webex = {\n      source = \"webex-terraform/webex\"\n    }\n  }\n}\n\n")
		b.WriteString("provider \"webex\" {}\n\n")
	}
	b.WriteString("locals {\n  ids = [\n")
	for i := range n {
		// Interleaved (0,1,..,k-1,0,1,..), so that reads Terraform runs
		// side by side are mostly of different ids: no help from luck.
		fmt.Fprintf(&b, "    %q,\n", recordingID(i%distinct))
	}
	b.WriteString("  ]\n}\n\n")
	if kind == "floor" {
		b.WriteString("resource \"terraform_data\" \"r\" {\n  count = length(local.ids)\n  input = local.ids[count.index]\n}\n")
	} else {
		b.WriteString("data \"webex_recording\" \"r\" {\n  count = length(local.ids)\n  id    = local.ids[count.index]\n}\n")
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(b.String()), 0o644)
}

// warmUp runs one plan that is not measured. With a reattached provider (or
// none) Terraform plans without init; if a future version insists, the
// plan says so and init runs once, offline: there is nothing to download.
func (b *bench) warmUp(ctx context.Context, spec caseSpec, dir string) error {
	if b.initDone[dir] {
		return nil
	}
	warm := spec
	warm.faults = func(*simulator.Server) {}
	for attempt := 0; attempt < 2; attempt++ {
		res, err := b.runOnce(ctx, warm, dir, false)
		if err != nil {
			return err
		}
		if res.ok {
			b.initDone[dir] = true
			return nil
		}
		if attempt > 0 || !strings.Contains(res.output, "terraform init") {
			return fmt.Errorf("warm-up plan failed:\n%s", res.output)
		}
		if _, err := b.runOnce(ctx, warm, dir, true); err != nil {
			return fmt.Errorf("terraform init: %w", err)
		}
	}
	return fmt.Errorf("warm-up plan failed after terraform init")
}

// runOnce runs one plan (or init, when init is set) with a fresh provider
// process when the case has one.
func (b *bench) runOnce(ctx context.Context, spec caseSpec, dir string, init bool) (runResult, error) {
	eng := b.main
	if spec.engine != nil {
		eng = *spec.engine
	}
	env := slices.Clone(b.baseEnv)
	var prov *providerProcess
	if spec.provider {
		var err error
		prov, err = b.startProvider(ctx, eng.address)
		if err != nil {
			return runResult{}, err
		}
		defer prov.stop()
		env = append(env, "TF_REATTACH_PROVIDERS="+prov.reattach)
	}

	b.sim.Sim.ClearFaults()
	b.sim.Sim.ResetRequests()
	if spec.faults != nil {
		spec.faults(b.sim.Sim)
	}
	defer b.sim.Sim.ClearFaults()

	var cpu0 time.Duration
	var log0 int64
	if prov != nil {
		var err error
		if cpu0, err = processCPU(prov.pid(), b.clkTck); err != nil {
			return runResult{}, err
		}
		log0 = prov.stderr.total()
	}
	args := []string{"plan", "-input=false", "-no-color", "-refresh=true"}
	if init {
		args = []string{"init", "-input=false", "-no-color"}
	}
	res, err := b.terraform(ctx, eng.path, dir, env, args...)
	if err != nil {
		return res, err
	}
	stats := b.sim.Sim.Stats()
	res.requests, res.tooMany = stats.Requests, stats.TooManyRequests
	if prov != nil {
		cpu1, err := processCPU(prov.pid(), b.clkTck)
		if err != nil {
			return res, fmt.Errorf("the provider is gone after the plan: %w\n%s", err, prov.stderr.String())
		}
		res.provCPU = cpu1 - cpu0
		res.logBytes = prov.stderr.total() - log0
		if res.rssKiB, err = peakRSS(prov.pid()); err != nil {
			return res, err
		}
	}
	return res, nil
}

// terraform runs one Terraform command and times it. A failed command is a
// result (ok false), not an error; errors are for the harness.
func (b *bench) terraform(ctx context.Context, cli, dir string, env []string, args ...string) (runResult, error) {
	runCtx, cancel := context.WithTimeout(ctx, b.cfg.planTimeout)
	defer cancel()
	out := newTail(64 << 10)
	cmd := exec.CommandContext(runCtx, cli, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = childAttr()
	// Interrupt first so Terraform can release its state lock; kill after.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second

	start := time.Now()
	err := cmd.Run()
	res := runResult{wall: time.Since(start)}
	if cmd.ProcessState != nil {
		res.tfCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if runCtx.Err() != nil {
		return res, fmt.Errorf("terraform %s took longer than -plan-timeout %s:\n%s", args[0], b.cfg.planTimeout, out.String())
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		res.ok = true
	case errors.As(err, &exitErr):
		res.output = out.String()
	default:
		return res, fmt.Errorf("terraform %s: %w", args[0], err)
	}
	return res, nil
}

// providerProcess is one provider serving in debug mode.
type providerProcess struct {
	cmd      *exec.Cmd
	reattach string
	stderr   *tail
	exited   chan struct{}
}

func (p *providerProcess) pid() int { return p.cmd.Process.Pid }

// providerStartTimeout bounds the wait for the reattach line.
const providerStartTimeout = 30 * time.Second

func (b *bench) startProvider(ctx context.Context, address string) (*providerProcess, error) {
	// The debug server puts its unix socket in TMPDIR: keep it in our
	// directory so it goes away with it.
	sockDir, err := os.MkdirTemp(b.tmp, "sock-")
	if err != nil {
		return nil, err
	}
	lines := &reattachWatcher{found: make(chan string, 1)}
	p := &providerProcess{stderr: newTail(16 << 10), exited: make(chan struct{})}
	p.cmd = exec.Command(b.provBin, "-debug")
	p.cmd.Dir = b.tmp
	p.cmd.Env = append(cleanEnv(os.Environ()),
		"TMPDIR="+sockDir,
		// The provider reads its environment, not Terraform's: in debug
		// mode Terraform does not start it.
		"WEBEX_BASE_URL="+b.sim.BaseURL,
		"WEBEX_ACCESS_TOKEN="+simulator.UserToken,
	)
	p.cmd.Stdout, p.cmd.Stderr = lines, p.stderr
	p.cmd.SysProcAttr = childAttr()
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the provider: %w", err)
	}
	go func() {
		_ = p.cmd.Wait()
		close(p.exited)
	}()

	timer := time.NewTimer(providerStartTimeout)
	defer timer.Stop()
	var raw string
	select {
	case raw = <-lines.found:
	case <-p.exited:
		return nil, fmt.Errorf("the provider exited before printing TF_REATTACH_PROVIDERS:\n%s", p.stderr.String())
	case <-timer.C:
		p.stop()
		return nil, fmt.Errorf("no TF_REATTACH_PROVIDERS line from the provider within %s:\n%s", providerStartTimeout, p.stderr.String())
	case <-ctx.Done():
		p.stop()
		return nil, ctx.Err()
	}
	p.reattach, err = normalizeReattach(raw, p.pid(), address)
	if err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// providerStopTimeout is how long the provider gets to stop on SIGINT (the
// debug server's stop signal) before it is killed.
const providerStopTimeout = 5 * time.Second

func (p *providerProcess) stop() {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	timer := time.NewTimer(providerStopTimeout)
	defer timer.Stop()
	select {
	case <-p.exited:
	case <-timer.C:
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// normalizeReattach checks the JSON of TF_REATTACH_PROVIDERS: one provider,
// our process, keyed by the full address the engine looks up (a short key
// such as "webex-terraform/webex" would not match).
func normalizeReattach(raw string, pid int, address string) (string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return "", fmt.Errorf("TF_REATTACH_PROVIDERS is not JSON: %w: %s", err, raw)
	}
	if len(m) != 1 {
		return "", fmt.Errorf("TF_REATTACH_PROVIDERS should name one provider: %s", raw)
	}
	for key, val := range m {
		if key != address {
			if !strings.HasSuffix(address, "/"+strings.TrimPrefix(key, "/")) && key != providerAddress {
				return "", fmt.Errorf("TF_REATTACH_PROVIDERS names %q, not %s", key, address)
			}
			delete(m, key)
			m[address] = val
		}
		var attach struct{ Pid int }
		if err := json.Unmarshal(val, &attach); err != nil {
			return "", fmt.Errorf("TF_REATTACH_PROVIDERS: %w", err)
		}
		if attach.Pid != pid {
			return "", fmt.Errorf("TF_REATTACH_PROVIDERS names pid %d, but the provider is %d", attach.Pid, pid)
		}
	}
	out, err := json.Marshal(m)
	return string(out), err
}

// reattachWatcher is the provider's stdout: it hands over the first
// TF_REATTACH_PROVIDERS='...' line and drops everything else, so a chatty
// provider can never block on a full pipe.
type reattachWatcher struct {
	found chan string
	done  bool
	buf   []byte
}

const reattachPrefix = "TF_REATTACH_PROVIDERS='"

func (w *reattachWatcher) Write(p []byte) (int, error) {
	if w.done {
		return len(p), nil
	}
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		line := strings.TrimSpace(string(w.buf[:i]))
		w.buf = w.buf[i+1:]
		if rest, ok := strings.CutPrefix(line, reattachPrefix); ok {
			w.found <- strings.TrimSuffix(rest, "'")
			w.done, w.buf = true, nil
			return len(p), nil
		}
	}
	// A line this long is no reattach line; keep memory bounded.
	if len(w.buf) > 64<<10 {
		w.buf = w.buf[len(w.buf)-(64<<10):]
	}
	return len(p), nil
}

// tail keeps the last max bytes written, for error messages, and counts
// them all.
type tail struct {
	mu    sync.Mutex
	max   int
	buf   []byte
	count int64
}

func newTail(limit int) *tail { return &tail{max: limit} }

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.count += int64(len(p))
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2*t.max {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) total() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.count
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf[max(0, len(t.buf)-t.max):])
}

// cleanEnv drops the variables that would change what is measured: TF_*
// (logging, CLI args, reattach), WEBEX_* and TMPDIR.
func cleanEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "WEBEX_") || name == "TMPDIR" || name == "CHECKPOINT_DISABLE" {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// findModuleDir asks the go command where the module is, so the harness
// works from the repository root (make bench) and from its own package
// directory (go test).
func findModuleDir(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run the benchmarks inside the provider's module")
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	if !bytes.Contains(data, []byte("module github.com/webex-terraform/terraform-provider-webex\n")) {
		return "", fmt.Errorf("%s is not the provider's module", gomod)
	}
	return filepath.Dir(gomod), nil
}

// machineFacts describe where the numbers come from.
type machineFacts struct {
	cores     int
	cpuModel  string
	memory    string
	goVersion string
	terraform string
	platform  string
	date      time.Time
	// Load averages before and after: other work on the machine shows up
	// as spread in the wall times, and here is how much there was.
	loadStart, loadEnd string
}

func gatherFacts(ctx context.Context, engineLabel string) (machineFacts, error) {
	f := machineFacts{
		cores:    runtime.NumCPU(),
		platform: runtime.GOOS + "/" + runtime.GOARCH,
		date:     time.Now().UTC(),
		// Read first, before the harness itself adds to it.
		loadStart: loadAverage(),
		terraform: engineLabel,
	}
	out, err := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output()
	if err != nil {
		return f, fmt.Errorf("go env GOVERSION: %w", err)
	}
	f.goVersion = strings.TrimSpace(string(out))
	f.cpuModel, f.memory = cpuModel(), memTotal()
	return f, nil
}

// findEngine locates a CLI (a name on PATH or a path) and asks it what it
// is: OpenTofu names itself in its text version, both give the number in
// the JSON one.
func findEngine(ctx context.Context, cli string) (engine, error) {
	path, err := exec.LookPath(cli)
	if err != nil {
		return engine{}, fmt.Errorf("finding the Terraform CLI %q: %w", cli, err)
	}
	if path, err = filepath.Abs(path); err != nil {
		return engine{}, err
	}
	env := append(cleanEnv(os.Environ()), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+os.DevNull)
	cmd := exec.CommandContext(ctx, path, "version", "-json")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return engine{}, fmt.Errorf("%s version: %w", path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if i := bytes.IndexByte(out, '{'); i < 0 || json.Unmarshal(out[i:], &v) != nil || v.Version == "" {
		return engine{}, fmt.Errorf("%s version -json: unexpected output %q", path, out)
	}
	e := engine{path: path, label: "Terraform " + v.Version, address: providerAddress}
	cmd = exec.CommandContext(ctx, path, "version")
	cmd.Env = env
	if text, err := cmd.Output(); err == nil && bytes.Contains(text, []byte("OpenTofu")) {
		e.label, e.address = "OpenTofu "+v.Version, tofuProviderAddress
	}
	return e, nil
}

// clockTicks is the kernel's USER_HZ, the unit of utime and stime in
// /proc/<pid>/stat; 100 on every common Linux.
func clockTicks(ctx context.Context) int64 {
	out, err := exec.CommandContext(ctx, "getconf", "CLK_TCK").Output()
	if err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64); err == nil && n > 0 {
			return n
		}
	}
	return 100
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
func mib(kib int64) float64      { return float64(kib) / 1024 }
