package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// TestAccInstall_rebuild walks README's "After a rebuild": make install,
// init and plan; make install of a changed build, which removes the first;
// plan and init then fail as README quotes, and terraform init -upgrade, the
// step README gives, makes plan work again.
func TestAccInstall_rebuild(t *testing.T) {
	_, baseURL := startSimulator(t)
	plugins, dir := t.TempDir(), t.TempDir()
	cliConfig := filepath.Join(dir, "cli.tfrc")
	sources := `["registry.terraform.io/webex-terraform/webex", "registry.opentofu.org/webex-terraform/webex"]`
	if err := os.WriteFile(cliConfig, []byte(`provider_installation {
  filesystem_mirror {
    path    = "`+filepath.ToSlash(plugins)+`"
    include = `+sources+`
  }
  direct {
    exclude = `+sources+`
  }
}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	config := requiredProviders + providerBlock(baseURL, simulator.UserToken) + recordingBlock("test", simulator.ExampleRecordingID)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	install := func(version string) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), "make", "--no-print-directory", "-s", "install", "PLUGIN_DIR="+plugins,
			"LDFLAGS=-s -w -X main.version="+version)
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("make install: %v\n%s", err, out)
		}
	}
	run := func(wantOK bool, want string, args ...string) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), examplesTerraformCLI(t), append(args, "-input=false", "-no-color")...)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		out, err := cmd.CombinedOutput()
		if (err == nil) != wantOK || !wrapped(want).Match(out) {
			t.Fatalf("%s: %v, want success %v and %q:\n%s", strings.Join(args, " "), err, wantOK, want, out)
		}
	}
	install("0.1.0")
	run(true, `initialized`, "init")
	run(true, `No changes`, "plan")
	install("0.1.0-rebuilt")
	run(false, `(?s)Required plugins are not installed.*no package for.*cached`, "plan")
	run(false, `previously-selected version \S+ is no longer available`, "init")
	run(true, `initialized`, "init", "-upgrade")
	run(true, `No changes`, "plan")
}
