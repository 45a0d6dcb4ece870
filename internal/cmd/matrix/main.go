// Command matrix runs the acceptance suite once per Terraform-compatible
// engine (`make testacc-matrix`): Terraform 1.11 and 1.5 and OpenTofu 1.12,
// each provided by ./internal/cmd/engines, and prints one summary line per
// engine. It fails when an engine cannot be built, when a test fails, when
// an engine ran no test, or when a test is skipped for any reason other
// than a Terraform version check.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// defaultEngines are the engines the project supports, oldest last.
var defaultEngines = []string{"terraform-1.11.4", "terraform-1.5.7", "tofu-1.12.6"}

func main() {
	engines := flag.String("engines", strings.Join(defaultEngines, ","), "comma-separated engine names (see go run ./internal/cmd/engines list)")
	run := flag.String("run", "^TestAcc", "go test -run pattern")
	pkgs := flag.String("pkgs", "./internal/provider/...", "packages to test")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(matrix(ctx, splitList(*engines), *run, *pkgs, os.Stdout, os.Stderr))
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		out = append(out, strings.TrimSpace(f))
	}
	return out
}

// engineResult is what one engine's run came to.
type engineResult struct {
	name                  string
	passed, failed, skips int
	badSkips              []string
	elapsed               time.Duration
	err                   error
}

func (r engineResult) ok() bool {
	return r.err == nil && r.failed == 0 && r.passed > 0 && len(r.badSkips) == 0
}

func (r engineResult) summary() string {
	s := fmt.Sprintf("%-17s %d passed, %d failed, %d skipped (%s)", r.name+":", r.passed, r.failed, r.skips, r.elapsed.Round(time.Second))
	switch {
	case r.err != nil:
		s += " ERROR: " + r.err.Error()
	case r.passed == 0:
		s += " ERROR: no test ran"
	case len(r.badSkips) > 0:
		s += " ERROR: skipped without a version reason: " + strings.Join(r.badSkips, ", ")
	}
	return s
}

func matrix(ctx context.Context, engines []string, run, pkgs string, stdout, stderr io.Writer) int {
	paths, ensureErr := ensureEngines(ctx, engines, stderr)
	tmp, err := os.MkdirTemp("", "webex-matrix-")
	if err != nil {
		fmt.Fprintln(stderr, "matrix:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	// An empty CLI config: no dev_overrides or mirrors from the machine, and
	// no warning about a missing file on OpenTofu's stdout, where
	// terraform-exec expects JSON.
	cliConfig := filepath.Join(tmp, "cli.tfrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		fmt.Fprintln(stderr, "matrix:", err)
		return 1
	}

	var results []engineResult
	for _, name := range engines {
		path, ok := paths[name]
		if !ok {
			results = append(results, engineResult{name: name, err: fmt.Errorf("engine not available: %v", ensureErr)})
			continue
		}
		fmt.Fprintf(stdout, "\n==> acceptance tests on %s (%s)\n", name, path)
		res := runSuite(ctx, name, path, cliConfig, run, pkgs, stdout)
		fmt.Fprintln(stdout, res.summary())
		results = append(results, res)
	}

	fmt.Fprintln(stdout, "\n==> engine matrix")
	failed := 0
	var passed, failedTests, skipped int
	for _, r := range results {
		fmt.Fprintln(stdout, r.summary())
		if !r.ok() {
			failed++
		}
		passed, failedTests, skipped = passed+r.passed, failedTests+r.failed, skipped+r.skips
	}
	fmt.Fprintf(stdout, "matrix: %d passed, %d failed, %d skipped\n", passed, failedTests, skipped)
	if failed > 0 || ensureErr != nil {
		fmt.Fprintf(stderr, "matrix: %d of %d engine(s) failed\n", failed, len(results))
		return 1
	}
	return 0
}

// ensureEngines builds or finds the engines and returns their paths.
func ensureEngines(ctx context.Context, engines []string, stderr io.Writer) (map[string]string, error) {
	cmd := exec.CommandContext(ctx, "go", append([]string{"run", "./internal/cmd/engines", "ensure"}, engines...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, stderr
	err := cmd.Run()
	paths := map[string]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		if name, path, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
			paths[name] = path
		}
	}
	if err != nil {
		return paths, fmt.Errorf("building engines failed (see above): %w", err)
	}
	return paths, nil
}

// testEvent is one line of `go test -json`.
type testEvent struct {
	Action  string
	Test    string
	Elapsed float64
	Output  string
}

func runSuite(ctx context.Context, name, path, cliConfig, run, pkgs string, stdout io.Writer) (res engineResult) {
	res.name = name
	start := time.Now()
	defer func() { res.elapsed = time.Since(start) }()

	cmd := exec.CommandContext(ctx, "go", "test", "-json", "-count=1", "-timeout", "30m", "-run", run, pkgs)
	cmd.Env = append(os.Environ(),
		"TF_ACC=1",
		"TF_ACC_TERRAFORM_PATH="+path,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
	)
	if strings.HasPrefix(name, "tofu") {
		cmd.Env = append(cmd.Env, "TF_ACC_PROVIDER_NAMESPACE=hashicorp", "TF_ACC_PROVIDER_HOST=registry.opentofu.org")
	}
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		res.err = err
		return res
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		res.err = err
		return res
	}

	output := map[string]*strings.Builder{}
	scanner := bufio.NewScanner(pipe)
	scanner.Buffer(make([]byte, 1<<20), 16<<20)
	for scanner.Scan() {
		var ev testEvent
		if err := json.Unmarshal(scanner.Bytes(), &ev); err != nil {
			// Build errors and other non-JSON lines.
			fmt.Fprintln(stdout, scanner.Text())
			continue
		}
		if ev.Test == "" {
			if ev.Action == "output" && strings.HasPrefix(ev.Output, "FAIL") {
				fmt.Fprint(stdout, ev.Output)
			}
			continue
		}
		b := output[ev.Test]
		if b == nil {
			b = &strings.Builder{}
			output[ev.Test] = b
		}
		switch ev.Action {
		case "output":
			b.WriteString(ev.Output)
		case "pass":
			res.passed++
			fmt.Fprintf(stdout, "  PASS %s (%.2fs)\n", ev.Test, ev.Elapsed)
		case "fail":
			res.failed++
			fmt.Fprintf(stdout, "  FAIL %s (%.2fs)\n%s", ev.Test, ev.Elapsed, indent(b.String()))
		case "skip":
			res.skips++
			reason := skipReason(b.String())
			fmt.Fprintf(stdout, "  SKIP %s: %s\n", ev.Test, reason)
			if !strings.Contains(strings.ToLower(reason), "version") {
				res.badSkips = append(res.badSkips, ev.Test)
			}
		}
	}
	waitErr := cmd.Wait()
	if waitErr != nil && res.failed == 0 {
		res.err = fmt.Errorf("go test: %v %s", waitErr, strings.TrimSpace(stderr.String()))
	}
	sort.Strings(res.badSkips)
	return res
}

// skipReason picks the message a test gave when it skipped.
func skipReason(out string) string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- SKIP") {
			continue
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return "(no reason given)"
	}
	return strings.Join(lines, " ")
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString("      " + l + "\n")
	}
	return b.String()
}
