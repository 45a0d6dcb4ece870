// Command engines provides the Terraform-compatible engine binaries used by
// the acceptance-test matrix.
//
// Engines that are not preinstalled are built from the Go module proxy (no
// release downloads are needed) and cached outside the repository under
//
//	<os.UserCacheDir()>/terraform-provider-webex/engines/<name>/<binary>
//
// so that only the first run pays for the build.
//
// Usage:
//
//	go run ./internal/cmd/engines ensure [names...]  # build what is missing, print "<name> <path>"
//	go run ./internal/cmd/engines path <name>        # print the path, exit 1 if unavailable
//	go run ./internal/cmd/engines list               # print every engine with its status
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// flavor describes one engine family: where its source lives and how its
// `version` output identifies it.
type flavor struct {
	binary  string // executable name
	product string // first word of the `version` output
	module  string // Go module holding the source
	pkg     string // main package, relative to the module root
	ldflags string // as in the upstream release build
}

var flavors = map[string]flavor{
	"terraform": {binary: "terraform", product: "Terraform", module: "github.com/hashicorp/terraform", pkg: "."},
	// Without version.dev=no OpenTofu reports "v1.12.6-dev", which is not
	// the release and fails required_version constraints.
	"tofu": {binary: "tofu", product: "OpenTofu", module: "github.com/opentofu/opentofu", pkg: "./cmd/tofu",
		ldflags: "-X github.com/opentofu/opentofu/version.dev=no"},
}

// engine is one entry of the test matrix.
type engine struct {
	kind    string // key of flavors
	version string // without the leading "v"
	// preinstalled engines are taken from PATH and never built.
	preinstalled bool
}

// engines is the matrix, in the order ensure processes it by default.
var engines = []engine{
	{kind: "terraform", version: "1.11.4", preinstalled: true},
	{kind: "terraform", version: "1.5.7"},
	{kind: "tofu", version: "1.12.6"},
}

func (e engine) name() string       { return e.kind + "-" + e.version }
func (e engine) flavor() flavor     { return flavors[e.kind] }
func (e engine) modulePath() string { return e.flavor().module + "@v" + e.version }

var versionRE = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$`)

// parseName splits "<kind>-<version>" (e.g. "tofu-1.12.6"). Kinds never
// contain "-", so cutting at the first one keeps prerelease suffixes intact.
func parseName(name string) (kind, version string, err error) {
	kind, version, ok := strings.Cut(name, "-")
	if !ok || kind == "" {
		return "", "", fmt.Errorf("engine name %q: want <kind>-<version>, e.g. terraform-1.5.7", name)
	}
	if _, known := flavors[kind]; !known {
		return "", "", fmt.Errorf("engine name %q: unknown kind %q (want terraform or tofu)", name, kind)
	}
	version = strings.TrimPrefix(version, "v")
	if !versionRE.MatchString(version) {
		return "", "", fmt.Errorf("engine name %q: malformed version %q", name, version)
	}
	return kind, version, nil
}

// lookup returns the matrix entry for name; only listed engines are
// supported so that a typo fails fast instead of starting a long build.
func lookup(name string) (engine, error) {
	kind, version, err := parseName(name)
	if err != nil {
		return engine{}, err
	}
	for _, e := range engines {
		if e.kind == kind && e.version == version {
			return e, nil
		}
	}
	return engine{}, fmt.Errorf("engine %q is not in the matrix (known: %s)", name, strings.Join(names(), ", "))
}

func names() []string {
	out := make([]string, len(engines))
	for i, e := range engines {
		out[i] = e.name()
	}
	return out
}

// cacheRoot is outside the repository so that builds survive clean checkouts
// and never show up in git status.
func cacheRoot() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("locating user cache dir: %w", err)
	}
	return filepath.Join(dir, "terraform-provider-webex", "engines"), nil
}

// binPath is where a built engine lives under root.
func binPath(root string, e engine) string {
	return filepath.Join(root, e.name(), e.flavor().binary)
}

// versionMatches reports whether a line of the `<bin> version` output is
// exactly "<product> v<version>"; "v1.5.7-dev" or "v1.5.70" must not pass for
// "1.5.7". Any line may match, not just the first, because OpenTofu prints
// CLI-config warnings (e.g. for a missing TF_CLI_CONFIG_FILE) on stdout
// ahead of the version.
func versionMatches(output, product, version string) bool {
	want := product + " v" + version
	for _, line := range strings.Split(output, "\n") {
		if strings.Join(strings.Fields(line), " ") == want {
			return true
		}
	}
	return false
}

// reportedVersion picks the line to quote when versionMatches fails: the
// first one naming the product, else the first non-empty one.
func reportedVersion(output, product string) string {
	first := ""
	for _, line := range strings.Split(output, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, product+" ") {
			return line
		}
		if first == "" {
			first = line
		}
	}
	return first
}

// checkVersion runs `<bin> version` and verifies its output.
func checkVersion(ctx context.Context, bin string, e engine) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "version")
	// Skip the update check: it needs the network and only adds noise.
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // Terraform puts CLI-config warnings here (OpenTofu uses stdout)
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s version: %v: %s", bin, err, tail(stderr.String(), 5))
	}
	if !versionMatches(string(out), e.flavor().product, e.version) {
		got := reportedVersion(string(out), e.flavor().product)
		return fmt.Errorf("%s reports %q, want %q", bin, got, e.flavor().product+" v"+e.version)
	}
	return nil
}

// locate returns the verified path of e without building anything.
func locate(ctx context.Context, root string, e engine) (string, error) {
	var bin string
	if e.preinstalled {
		p, err := exec.LookPath(e.flavor().binary)
		if err != nil {
			return "", fmt.Errorf("%w: %v", errMissing, err)
		}
		if bin, err = filepath.Abs(p); err != nil {
			return "", err
		}
	} else {
		bin = binPath(root, e)
		if _, err := os.Stat(bin); err != nil {
			return "", fmt.Errorf("%w: %s does not exist", errMissing, bin)
		}
	}
	if err := checkVersion(ctx, bin, e); err != nil {
		return "", err
	}
	return bin, nil
}

// errMissing means the engine is simply absent, as opposed to present but
// failing verification.
var errMissing = errors.New("missing")

// ensure returns the path of e, building it first if needed. A cached binary
// that fails the version check is rebuilt rather than trusted.
func ensure(ctx context.Context, root string, e engine, log io.Writer) (string, error) {
	bin, err := locate(ctx, root, e)
	if err == nil || e.preinstalled {
		return bin, err
	}
	if !errors.Is(err, errMissing) {
		fmt.Fprintf(log, "engines: %s: cached binary unusable (%v); rebuilding\n", e.name(), err)
	}
	start := time.Now()
	fmt.Fprintf(log, "engines: %s: building from %s (takes minutes)\n", e.name(), e.modulePath())
	if err := build(ctx, root, e, log); err != nil {
		return "", err
	}
	fmt.Fprintf(log, "engines: %s: built in %s\n", e.name(), time.Since(start).Round(time.Second))
	return binPath(root, e), nil
}

// build compiles e from the module proxy into its cache path.
func build(ctx context.Context, root string, e engine, log io.Writer) error {
	src, err := downloadModule(ctx, e.modulePath())
	if err != nil {
		return err
	}
	final := binPath(root, e)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	// Build to a unique temporary name in the same directory and rename only
	// after the version check, so an interrupted or bad build never looks
	// cached and concurrent runs cannot clobber each other mid-write.
	tmp, err := os.CreateTemp(filepath.Dir(final), "."+e.flavor().binary+".tmp-*")
	if err != nil {
		return err
	}
	tmp.Close()
	defer os.Remove(tmp.Name()) // no-op after a successful rename

	// -mod=mod: the module's go.sum is not guaranteed complete for this Go
	// version. GOWORK=off keeps any workspace of the caller out of the build,
	// and CGO_ENABLED=0 matches the static release binaries.
	args := []string{"build", "-mod=mod", "-o", tmp.Name()}
	if f := e.flavor(); f.ldflags != "" {
		args = append(args, "-ldflags="+f.ldflags)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, e.flavor().pkg)...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOWORK=off", "CGO_ENABLED=0")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	stop := heartbeat(log, e.name())
	err = cmd.Run()
	stop()
	if err != nil {
		return fmt.Errorf("go build %s in %s: %v\n%s", e.flavor().pkg, src, err, strings.TrimSpace(tail(out.String(), 20)))
	}
	if err := checkVersion(ctx, tmp.Name(), e); err != nil {
		return fmt.Errorf("built binary failed verification: %w", err)
	}
	return os.Rename(tmp.Name(), final)
}

// downloadModule fetches module@version into the module cache and returns
// its (read-only) source directory.
func downloadModule(ctx context.Context, modVersion string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", modVersion)
	// Run outside any module so the caller's go.mod cannot interfere.
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || runErr != nil || info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s: %v %s %s", modVersion, runErr, info.Error, tail(stderr.String(), 10))
	}
	return info.Dir, nil
}

// heartbeat prints a line every minute so a multi-minute build does not look
// hung; the returned func stops it.
func heartbeat(log io.Writer, name string) func() {
	start := time.Now()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				fmt.Fprintf(log, "engines: %s: still building (%s)\n", name, time.Since(start).Round(time.Second))
			}
		}
	}()
	return func() { close(done) }
}

// tail returns the last n lines of s, which is where go build puts the
// errors that matter.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// selectEngines resolves the command-line names, defaulting to the whole matrix.
func selectEngines(args []string) ([]engine, error) {
	if len(args) == 0 {
		return engines, nil
	}
	var sel []engine
	for _, a := range args {
		e, err := lookup(a)
		if err != nil {
			return nil, err
		}
		sel = append(sel, e)
	}
	return sel, nil
}

const usage = `usage: engines <command>

  ensure [names...]  build missing engines (default: all); prints "<name> <path>" per engine
  path <name>        print the engine's path; exit 1 if it is not available
  list               print every engine with its status (cached, preinstalled, missing, broken)

engines: %s
cache:   %s
`

// run is main without the process exit, so it can be driven from tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root, err := cacheRoot()
	if err != nil {
		fmt.Fprintln(stderr, "engines:", err)
		return 1
	}
	fs := flag.NewFlagSet("engines", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintf(stderr, usage, strings.Join(names(), ", "), root) }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	cmd, rest := fs.Arg(0), fs.Args()[1:]

	switch cmd {
	case "ensure":
		sel, err := selectEngines(rest)
		if err != nil {
			fmt.Fprintln(stderr, "engines:", err)
			return 2
		}
		// Sequential on purpose: parallel Go builds of these trees just
		// thrash a small machine. Keep going after a failure so one broken
		// engine does not hide the state of the others.
		var failed []string
		for _, e := range sel {
			if ctx.Err() != nil {
				failed = append(failed, e.name()+" (interrupted)")
				continue
			}
			bin, err := ensure(ctx, root, e, stderr)
			if err != nil {
				fmt.Fprintf(stderr, "engines: %s: FAILED: %v\n", e.name(), err)
				failed = append(failed, e.name())
				continue
			}
			fmt.Fprintf(stdout, "%s %s\n", e.name(), bin)
		}
		if len(failed) > 0 {
			fmt.Fprintf(stderr, "engines: %d of %d engine(s) failed: %s\n", len(failed), len(sel), strings.Join(failed, ", "))
			return 1
		}
		return 0

	case "path":
		if len(rest) != 1 {
			fs.Usage()
			return 2
		}
		e, err := lookup(rest[0])
		if err != nil {
			fmt.Fprintln(stderr, "engines:", err)
			return 2
		}
		bin, err := locate(ctx, root, e)
		if err != nil {
			fmt.Fprintf(stderr, "engines: %s: %v (run: go run ./internal/cmd/engines ensure %s)\n", e.name(), err, e.name())
			return 1
		}
		fmt.Fprintln(stdout, bin)
		return 0

	case "list":
		if len(rest) != 0 {
			fs.Usage()
			return 2
		}
		for _, e := range engines {
			bin, err := locate(ctx, root, e)
			switch {
			case err == nil && e.preinstalled:
				fmt.Fprintf(stdout, "%s preinstalled %s\n", e.name(), bin)
			case err == nil:
				fmt.Fprintf(stdout, "%s cached %s\n", e.name(), bin)
			case errors.Is(err, errMissing):
				fmt.Fprintf(stdout, "%s missing %s\n", e.name(), binPath(root, e))
			default:
				fmt.Fprintf(stdout, "%s broken %s\n", e.name(), strings.ReplaceAll(err.Error(), "\n", " "))
			}
		}
		return 0
	}
	fs.Usage()
	return 2
}

func main() {
	// Cancel on Ctrl-C so the build is killed and its temporary output
	// removed by the deferred cleanup instead of being left behind.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
