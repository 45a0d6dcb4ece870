// Command demo is `make demo`: it builds the provider into a throwaway plugin
// directory, and applies examples/demo with the real Terraform (or OpenTofu)
// CLI against the simulator on a free loopback port, offline.
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

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

func main() {
	tf := flag.String("tf", "terraform", "Terraform-compatible CLI to run: terraform, tofu, or a path")
	version := flag.String("version", "0.1.0", "version to build the provider as")
	example := flag.String("example", "examples/demo", "configuration to apply")
	keep := flag.Bool("keep", false, "keep the working directory for inspection")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, *tf, *version, *example, *keep)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, tf, version, example string, keep bool) error {
	tfPath, err := exec.LookPath(tf)
	if err != nil {
		return fmt.Errorf("cannot find the %q CLI; set TF to terraform, tofu or a path", tf)
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
	// make install is the one definition of the plugin directory's layout.
	install := exec.CommandContext(ctx, "make", "--no-print-directory", "-s", "install", "PLUGIN_DIR="+pluginDir, "VERSION="+version)
	install.Stderr = os.Stderr
	if err := install.Run(); err != nil {
		return fmt.Errorf("make install: %w", err)
	}

	step("Starting the Webex API simulator")
	sim, err := simulator.Listen("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("starting the simulator: %w", err)
	}
	defer sim.Close()
	fmt.Println("  WEBEX_BASE_URL=" + sim.BaseURL)

	// Only the example's .tf files, into tmp beside the plugins: no state or
	// lock file of an earlier run.
	files, _ := filepath.Glob(filepath.Join(example, "*.tf"))
	if len(files) == 0 {
		return fmt.Errorf("no .tf files in %s", example)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err = errors.Join(err, os.WriteFile(filepath.Join(tmp, filepath.Base(f)), data, 0o644)); err != nil {
			return err
		}
	}
	// An empty CLI configuration keeps the user's own (dev_overrides,
	// mirrors) out of the demo, and stops the missing-file warning.
	cliConfig := filepath.Join(tmp, "cli.tfrc")
	if err := os.WriteFile(cliConfig, []byte("disable_checkpoint = true\n"), 0o600); err != nil {
		return err
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1",
		"WEBEX_BASE_URL="+sim.BaseURL, "WEBEX_ACCESS_TOKEN="+simulator.UserToken)
	name := filepath.Base(tfPath)
	tfRun := func(stdout io.Writer, args ...string) error {
		cmd := exec.CommandContext(ctx, tfPath, args...)
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = tmp, env, stdout, os.Stderr
		cmd.WaitDelay = 10 * time.Second
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
		}
		return nil
	}

	step(name + " init (offline, from the local plugin directory)")
	if err := tfRun(os.Stdout, "init", "-input=false", "-no-color", "-plugin-dir="+pluginDir); err != nil {
		return err
	}
	step(name + " apply")
	if err := tfRun(os.Stdout, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return err
	}
	step("The recording's URLs, as the terraform_data resource received them")
	for _, output := range []string{"download_url", "playback_url"} {
		var out strings.Builder
		if err := tfRun(&out, "output", "-raw", output); err != nil {
			return err
		}
		fmt.Printf("  %-13s %s\n", output+":", strings.TrimSpace(out.String()))
	}
	fmt.Printf("\nDone: the simulator served %d request(s); stopping it.\n", sim.Sim.Stats().Requests)
	return nil
}

func step(msg string) { fmt.Printf("\n==> %s\n", msg) }
