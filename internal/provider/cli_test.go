package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Tests that must see what a user sees (the CLI's own output, a real
// apply of the examples) run the Terraform CLI themselves, with the
// provider built from this tree and handed over through dev_overrides:
// nothing is downloaded and no `terraform init` is needed.

// devOverridesSources are the addresses "webex-terraform/webex" resolves
// to: Terraform's, and OpenTofu's (the matrix runs both).
var devOverridesSources = []string{
	"registry.terraform.io/webex-terraform/webex",
	"registry.opentofu.org/webex-terraform/webex",
}

var devOverrides struct {
	once      sync.Once
	dir       string // removed by TestMain
	cliConfig string
	err       error
}

// devOverridesEnv builds the provider once per test binary and returns
// the environment that makes the CLI use it: the developer's, with the
// dev_overrides CLI configuration and without anything that would add
// arguments or reach the network.
func devOverridesEnv(t *testing.T) []string {
	t.Helper()
	devOverrides.once.Do(func() {
		// Shared by every test of the binary, so not t.TempDir; TestMain removes it.
		dir, err := os.MkdirTemp("", "webex-dev-overrides-") //nolint:usetesting // see above
		if err != nil {
			devOverrides.err = err
			return
		}
		devOverrides.dir = dir
		binary := filepath.Join(dir, "terraform-provider-webex")
		if runtime.GOOS == "windows" {
			binary += ".exe"
		}
		build := exec.Command("go", "build", "-o", binary, ".")
		build.Dir = filepath.Join("..", "..")
		if out, err := build.CombinedOutput(); err != nil {
			devOverrides.err = fmt.Errorf("building the provider: %v\n%s", err, out)
			return
		}
		var config strings.Builder
		config.WriteString("provider_installation {\n  dev_overrides {\n")
		for _, source := range devOverridesSources {
			fmt.Fprintf(&config, "    %q = %q\n", source, filepath.ToSlash(dir))
		}
		config.WriteString("  }\n  direct {}\n}\n")
		devOverrides.cliConfig = filepath.Join(dir, "dev_overrides.tfrc")
		devOverrides.err = os.WriteFile(devOverrides.cliConfig, []byte(config.String()), 0o644)
	})
	if devOverrides.err != nil {
		t.Fatal(devOverrides.err)
	}
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "TF_CLI_CONFIG_FILE", name == "TF_DATA_DIR", name == "TF_WORKSPACE",
			name == "TF_PLUGIN_CACHE_DIR", strings.HasPrefix(name, "TF_CLI_ARGS"):
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+devOverrides.cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
}

// cliRun writes config to a fresh directory and runs the Terraform CLI
// there with args, the provider built from this tree, and env added to
// devOverridesEnv's. It returns what the CLI printed and whether it
// succeeded.
func cliRun(t *testing.T, config string, env []string, args ...string) (string, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), examplesTerraformCLI(t), args...)
	cmd.Dir, cmd.Env = dir, append(devOverridesEnv(t), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// requiredProviders makes "webex" this provider in a configuration the
// CLI runs itself.
const requiredProviders = `terraform {
  required_providers {
    webex = {
      source = "webex-terraform/webex"
    }
  }
}
`
