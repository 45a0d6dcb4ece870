package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAccExamples runs `terraform validate` on every directory under
// examples/ that holds .tf files, with the provider built from this tree
// and handed to Terraform through dev_overrides, so nothing is downloaded
// and no `terraform init` is needed. The docs show these files, so a
// typo, a renamed attribute or a bad value in them fails here.
//
// dev_overrides serves only the providers it names, besides Terraform's
// built-in ones: the examples use the webex provider and terraform_data.
func TestAccExamples(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to validate the examples with the Terraform CLI")
	}
	terraform := examplesTerraformCLI(t)
	engine := examplesEngineVersion(t, terraform)

	repoRoot, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(repoRoot, "go.mod")); err != nil {
		t.Fatalf("repository root not found at %s: %v", repoRoot, err)
	}
	examplesRoot := filepath.Join(repoRoot, "examples")
	dirs := examplesDirs(t, examplesRoot)
	if len(dirs) == 0 {
		t.Fatalf("no example directories with .tf files under %s", examplesRoot)
	}

	env := devOverridesEnv(t)

	for _, dir := range dirs {
		name, err := filepath.Rel(examplesRoot, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			t.Parallel()
			if usesEphemeralBlocks(t, dir) && !engine.supportsEphemeral() {
				t.Skipf("%s version %s is below the minimum version for ephemeral resources (Terraform 1.10, OpenTofu 1.11): skipping", engine.product, engine.version)
			}
			work := examplesCopy(t, dir)
			cmd := exec.CommandContext(t.Context(), terraform, "validate", "-no-color")
			cmd.Dir = work
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("terraform validate of examples/%s failed: %v\n%s", filepath.ToSlash(name), err, out)
			}
			if !bytes.Contains(out, []byte("Success! The configuration is valid")) {
				t.Fatalf("terraform validate of examples/%s did not report a valid configuration:\n%s", filepath.ToSlash(name), out)
			}
			// dev_overrides always warns about itself; any other warning
			// (a deprecated attribute, say) belongs fixed in the example.
			for line := range strings.Lines(string(out)) {
				summary, ok := strings.CutPrefix(strings.TrimSpace(line), "Warning: ")
				if ok && summary != "Provider development overrides are in effect" {
					t.Errorf("terraform validate of examples/%s warns: %s\n%s", filepath.ToSlash(name), summary, out)
				}
			}
		})
	}
}

// examplesTerraformCLI is TF_ACC_TERRAFORM_PATH, as for the other
// acceptance tests, or terraform on PATH. Without one the test fails
// rather than skips: a skipped check must not pass as green.
func examplesTerraformCLI(t *testing.T) string {
	t.Helper()
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" {
		return path
	}
	path, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
	}
	return path
}

// examplesDirs lists every directory under root that holds .tf files.
func examplesDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".tf") {
			if dir := filepath.Dir(path); !slices.Contains(dirs, dir) {
				dirs = append(dirs, dir)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(dirs)
	return dirs
}

// examplesCopy copies the configuration files of dir into a fresh
// directory, leaving out anything an earlier run in dir may have left
// (.terraform, lock file, state). An example without a required_providers
// block gets one, so that "webex" means this provider and not
// hashicorp/webex.
func examplesCopy(t *testing.T, dir string) string {
	t.Helper()
	work := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	declared := false
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		if e.IsDir() || (ext != ".tf" && ext != ".tfvars" && ext != ".tftpl") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if ext == ".tf" && bytes.Contains(data, []byte("required_providers")) {
			declared = true
		}
		if err := os.WriteFile(filepath.Join(work, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !declared {
		const requiredProviders = "terraform {\n" +
			"  required_providers {\n" +
			"    webex = {\n" +
			"      source = \"webex-terraform/webex\"\n" +
			"    }\n" +
			"  }\n" +
			"}\n"
		if err := os.WriteFile(filepath.Join(work, "required_providers.tf"), []byte(requiredProviders), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return work
}

// examplesEngine is the CLI the examples are validated with.
type examplesEngine struct {
	product string // "Terraform" or "OpenTofu"
	version string
	major   int
	minor   int
}

// supportsEphemeral reports whether the engine knows ephemeral blocks.
func (e examplesEngine) supportsEphemeral() bool {
	minMinor := 10 // Terraform 1.10
	if e.product == "OpenTofu" {
		minMinor = 11 // OpenTofu 1.11
	}
	return e.major > 1 || (e.major == 1 && e.minor >= minMinor)
}

// examplesEngineVersion asks the CLI for its version. OpenTofu reports
// itself in the text output; both report the number in the JSON one.
func examplesEngineVersion(t *testing.T, cli string) examplesEngine {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), cli, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	// OpenTofu may print a warning before the JSON; decode from the brace.
	if i := bytes.IndexByte(out, '{'); i < 0 || json.Unmarshal(out[i:], &v) != nil || v.Version == "" {
		t.Fatalf("%s version -json printed no version:\n%s", cli, out)
	}
	e := examplesEngine{product: "Terraform", version: v.Version}
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &e.major, &e.minor); err != nil {
		t.Fatalf("cannot read version %q: %v", v.Version, err)
	}
	if text, err := exec.CommandContext(t.Context(), cli, "version").Output(); err == nil && bytes.Contains(text, []byte("OpenTofu")) {
		e.product = "OpenTofu"
	}
	return e
}

// usesEphemeralBlocks reports whether an example declares an ephemeral block.
func usesEphemeralBlocks(t *testing.T, dir string) bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			if strings.HasPrefix(strings.TrimSpace(line), "ephemeral \"") {
				return true
			}
		}
	}
	return false
}
