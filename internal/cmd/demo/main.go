// Command demo is `make demo`: it builds the provider into a throwaway
// plugin directory, starts the Webex API simulator on a free loopback port,
// and applies examples/demo against it with the real Terraform (or OpenTofu)
// CLI, offline, then stops everything.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/localinstall"
	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

func main() {
	tf := flag.String("tf", "terraform", "Terraform-compatible CLI to run: terraform, tofu, or a path")
	version := flag.String("version", "0.1.0", "version to build the provider as")
	example := flag.String("example", "examples/demo", "configuration to apply")
	keep := flag.Bool("keep", false, "keep the working directory for inspection")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *tf, *version, *example, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, tf, version, example string, keep bool) error {
	tfPath, err := findEngine(ctx, tf)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "webex-demo-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("working directory kept:", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	step("Building the provider into a local plugin directory")
	pluginDir := filepath.Join(tmp, "plugins")
	if _, err := localinstall.Install(".", pluginDir, version, os.Stderr); err != nil {
		return err
	}

	step("Starting the Webex API simulator")
	sim, err := simulator.Listen("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("starting the simulator: %w", err)
	}
	defer sim.Close()
	fmt.Println("  WEBEX_BASE_URL=" + sim.BaseURL)

	work := filepath.Join(tmp, "work")
	if err := copyTerraformFiles(example, work); err != nil {
		return err
	}
	// An empty CLI configuration keeps the user's own (dev_overrides,
	// mirrors) out of the demo, and stops the missing-file warning.
	cliConfig := filepath.Join(tmp, "cli.tfrc")
	if err := os.WriteFile(cliConfig, []byte("disable_checkpoint = true\n"), 0o600); err != nil {
		return err
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"WEBEX_BASE_URL="+sim.BaseURL,
		"WEBEX_ACCESS_TOKEN="+simulator.UserToken,
	)
	tfRun := func(args ...string) error {
		cmd := exec.CommandContext(ctx, tfPath, args...)
		cmd.Dir, cmd.Env = work, env
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		cmd.WaitDelay = 10 * time.Second
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s %s: %w", filepath.Base(tfPath), args[0], err)
		}
		return nil
	}

	step(filepath.Base(tfPath) + " init (offline, from the local plugin directory)")
	if err := tfRun("init", "-input=false", "-no-color", "-plugin-dir="+pluginDir); err != nil {
		return err
	}
	step(filepath.Base(tfPath) + " apply")
	if err := tfRun("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return err
	}

	step("The recording's URLs, as the terraform_data resource received them")
	for _, name := range []string{"download_url", "playback_url"} {
		cmd := exec.CommandContext(ctx, tfPath, "output", "-raw", name)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("reading output %s: %w", name, errors.Join(err, exitStderr(err)))
		}
		fmt.Printf("  %-13s %s\n", name+":", strings.TrimSpace(string(out)))
	}
	stats := sim.Sim.Stats()
	fmt.Printf("\nDone: the simulator served %d request(s); stopping it.\n", stats.Requests)
	return nil
}

// engineAliases maps short names to the engines ./internal/cmd/engines
// builds, for machines where they are not on PATH.
var engineAliases = map[string]string{
	"tofu":            "tofu-1.12.6",
	"terraform-1.5.7": "terraform-1.5.7",
	"tofu-1.12.6":     "tofu-1.12.6",
}

// findEngine resolves tf on PATH, else through the engine cache.
func findEngine(ctx context.Context, tf string) (string, error) {
	if path, err := exec.LookPath(tf); err == nil {
		return path, nil
	}
	name, ok := engineAliases[tf]
	if !ok {
		return "", fmt.Errorf("cannot find the %q CLI; set TF to terraform, tofu or a path", tf)
	}
	fmt.Printf("==> %s is not on PATH; providing %s with ./internal/cmd/engines\n", tf, name)
	cmd := exec.CommandContext(ctx, "go", "run", "./internal/cmd/engines", "ensure", name)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("providing %s: %w", name, err)
	}
	_, path, ok := strings.Cut(strings.TrimSpace(string(out)), " ")
	if !ok {
		return "", fmt.Errorf("providing %s: unexpected output %q", name, out)
	}
	return path, nil
}

func step(msg string) { fmt.Printf("\n==> %s\n", msg) }

func exitStderr(err error) error {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && len(exitErr.Stderr) > 0 {
		return errors.New(strings.TrimSpace(string(exitErr.Stderr)))
	}
	return nil
}

// copyTerraformFiles copies the example's .tf files, and nothing else (no
// state, no lock file), into a fresh working directory.
func copyTerraformFiles(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return fmt.Errorf("reading the example %s: %w", from, err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	copied := 0
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".tf" {
			continue
		}
		in, err := os.Open(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		out, err := os.Create(filepath.Join(to, e.Name()))
		if err != nil {
			in.Close()
			return err
		}
		_, err = io.Copy(out, in)
		in.Close()
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		copied++
	}
	if copied == 0 {
		return fmt.Errorf("no .tf files in %s", from)
	}
	return nil
}
