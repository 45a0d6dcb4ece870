package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// TestAccExamples applies every example under examples/ with the Terraform
// CLI against a simulator of its own, with the provider built from this
// tree and handed to Terraform through dev_overrides, so nothing is
// downloaded and no `terraform init` is needed. The docs show these files,
// so a typo, a renamed attribute, a recording the simulator lacks or a
// recipe that does not do what its guide says fails here. A second plan
// must find nothing to change: an example whose every run changes
// something (a temporary link in a resource argument, say) is wrong.
//
// An example is one .tf file in the per-resource directories
// (examples/data-sources/<name>/ and the like, where the docs show each
// file on its own), and a whole directory elsewhere (examples/provider,
// examples/demo, examples/guides/<name>). Each runs as alice
// (simulator.UserToken) unless exampleTokens names another caller. The
// provider blocks of the examples set neither token nor URL: the test
// passes them as WEBEX_ACCESS_TOKEN and WEBEX_BASE_URL, as a reader would.
//
// dev_overrides serves only the providers it names, besides Terraform's
// built-in ones: the examples use the webex provider and terraform_data.
// Proxy variables point at a closed port, so that anything reaching for
// another host than the simulator fails instead of leaving the machine.
func TestAccExamples(t *testing.T) {
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
	examples := findExamples(t, examplesRoot)
	if len(examples) == 0 {
		t.Fatalf("no examples (.tf files) under %s", examplesRoot)
	}
	for name := range exampleTokens {
		if !slices.ContainsFunc(examples, func(e example) bool { return e.name == name }) {
			t.Errorf("exampleTokens names %s, which is not an example", name)
		}
	}
	for name := range refreshExamples {
		if !slices.ContainsFunc(examples, func(e example) bool { return e.name == name }) {
			t.Errorf("refreshExamples names %s, which is not an example", name)
		}
	}
	for name := range exampleChecks {
		if !slices.ContainsFunc(examples, func(e example) bool { return e.name == name }) {
			t.Errorf("exampleChecks names %s, which is not an example", name)
		}
	}

	env := devOverridesEnv(t)

	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			if usesEphemeralBlocks(t, ex.files) && !engine.supportsEphemeral() {
				t.Skipf("%s version %s is below the minimum version for ephemeral resources (Terraform 1.10, OpenTofu 1.11): skipping", engine.product, engine.version)
			}
			_, baseURL := startSimulator(t)
			token := simulator.UserToken
			if tok, ok := exampleTokens[ex.name]; ok {
				token = tok
			}
			work := examplesCopy(t, ex.files)
			credentials := []string{EnvAccessToken + "=" + token}
			if refreshExamples[ex.name] {
				credentials = []string{EnvClientID + "=" + simulator.OAuthClientID,
					EnvClientSecret + "=" + simulator.OAuthClientSecret, EnvRefreshToken + "=" + simulator.RefreshToken}
			}
			cliEnv := append(slices.Concat(env, credentials),
				EnvBaseURL+"="+baseURL,
				"HTTP_PROXY=http://127.0.0.1:9", "HTTPS_PROXY=http://127.0.0.1:9",
				"http_proxy=http://127.0.0.1:9", "https_proxy=http://127.0.0.1:9",
				"NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost",
			)
			run := func(args ...string) ([]byte, error) {
				cmd := exec.CommandContext(t.Context(), terraform, args...)
				cmd.Dir, cmd.Env = work, cliEnv
				return cmd.CombinedOutput()
			}

			out, err := run("apply", "-auto-approve", "-input=false", "-no-color")
			if err != nil {
				t.Fatalf("terraform apply of examples/%s failed: %v\n%s", ex.name, err, out)
			}
			checkExampleWarnings(t, ex.name, "apply", out)

			out, err = run("plan", "-detailed-exitcode", "-input=false", "-no-color")
			var exit *exec.ExitError
			switch {
			case errors.As(err, &exit) && exit.ExitCode() == 2:
				t.Errorf("examples/%s: a plan right after the apply wants changes; every run of it would:\n%s", ex.name, out)
			case err != nil:
				t.Fatalf("terraform plan of examples/%s after the apply failed: %v\n%s", ex.name, err, out)
			}

			if check, ok := exampleChecks[ex.name]; ok {
				check(t, work, run)
			}
		})
	}
}

// exampleTokens are the examples that read as another caller than alice.
var exampleTokens = map[string]string{
	"data-sources/webex_recording/admin-host-email.tf": simulator.AdminToken,      // host_email
	"data-sources/webex_recordings/filters.tf":         simulator.AdminToken,      // host_email
	"data-sources/webex_recordings/admin.tf":           simulator.ComplianceToken, // status = "purged"
	// group = true
	"data-sources/webex_recording/service-app-group.tf":        simulator.ServiceAppToken,
	"data-sources/webex_recordings/service-app-group.tf":       simulator.ServiceAppToken,
	"ephemeral-resources/webex_recording/service-app-group.tf": simulator.ServiceAppToken,
}

// refreshExamples authenticate with the simulator's integration and
// refresh token instead of an access token.
var refreshExamples = map[string]bool{"authentication/refresh-token": true}

// exampleChecks look, after the apply, for what an example is meant to do
// beyond applying cleanly: the files the recipes download, say.
var exampleChecks = map[string]func(t *testing.T, work string, run func(args ...string) ([]byte, error)){
	"data-sources/webex_recordings/passwords.tf": func(t *testing.T, _ string, run func(args ...string) ([]byte, error)) {
		out, err := run("output", "-json")
		var outputs map[string]struct {
			Sensitive bool `json:"sensitive"`
			Value     map[string]struct {
				Password *string `json:"password"`
			} `json:"value"`
		}
		if err != nil || json.Unmarshal(out, &outputs) != nil {
			t.Fatalf("terraform output -json: %v\n%s", err, out)
		}
		got := outputs["protected_recordings"]
		passwords := 0
		for _, r := range got.Value {
			if r.Password != nil {
				passwords++
			}
		}
		if !got.Sensitive || passwords == 0 {
			t.Errorf("protected_recordings: sensitive %v with %d passwords, want a sensitive output that carries some", got.Sensitive, passwords)
		}
	},
	"data-sources/webex_recordings/data-source.tf": func(t *testing.T, _ string, run func(args ...string) ([]byte, error)) {
		var topics []string
		readOutput(t, run, "recent_topics", &topics)
		if len(topics) == 0 {
			t.Error(`data "webex_recordings" "recent" {} lists nothing: the simulator has no recording in the last 7 days`)
		}
	},
	"ephemeral-resources/webex_recording/ephemeral-resource.tf": func(t *testing.T, work string, _ func(args ...string) ([]byte, error)) {
		expectDownloaded(t, work, simulator.AllHandsRecordingID+".mp4", simulator.AllHandsRecordingID)
	},
	"ephemeral-resources/webex_recording/service-app-group.tf": func(t *testing.T, work string, _ func(args ...string) ([]byte, error)) {
		expectDownloaded(t, work, simulator.AllHandsRecordingID+".mp4", simulator.AllHandsRecordingID)
	},
	"ephemeral-resources/webex_recording/site-url.tf": func(t *testing.T, work string, _ func(args ...string) ([]byte, error)) {
		expectDownloaded(t, work, simulator.AllHandsRecordingID+".mp4", simulator.AllHandsRecordingID)
	},
	"data-sources/webex_recording/service-app-group.tf": func(t *testing.T, _ string, run func(args ...string) ([]byte, error)) {
		var got struct {
			Topic       string `json:"topic"`
			PlaybackURL string `json:"playback_url"`
		}
		readOutput(t, run, "quarterly_review_as_service_app", &got)
		if got.Topic != "Quarterly Review" || got.PlaybackURL == "" {
			t.Errorf("quarterly_review_as_service_app = %+v, want jane's Quarterly Review and its playback link", got)
		}
	},
	"data-sources/webex_recordings/service-app-group.tf": func(t *testing.T, _ string, run func(args ...string) ([]byte, error)) {
		var jane, alice []string
		readOutput(t, run, "jane_q2_2024_topics", &jane)
		readOutput(t, run, "alice_recent_topics", &alice)
		if !slices.Equal(jane, []string{"Quarterly Review"}) || len(alice) == 0 {
			t.Errorf("jane_q2_2024_topics = %q (want [Quarterly Review]), alice_recent_topics = %q (want some)", jane, alice)
		}
	},
	"guides/archive-recordings": func(t *testing.T, work string, _ func(args ...string) ([]byte, error)) {
		expectDownloaded(t, work, "recordings/"+simulator.AllHandsRecordingID+".mp4", simulator.AllHandsRecordingID)
		expectDownloaded(t, work, "recordings/"+simulator.WeeklySyncRecordingID+".mp4", simulator.WeeklySyncRecordingID)
		expectFiles(t, filepath.Join(work, "recordings"), 2)
	},
	"guides/prevent-downloading": func(t *testing.T, work string, _ func(args ...string) ([]byte, error)) {
		expectDownloaded(t, work, simulator.AllHandsRecordingID+".mp4", simulator.AllHandsRecordingID)
		expectDownloaded(t, work, simulator.CustomerCallRecordingID+".skipped", "prevented")
	},
	"guides/latest-recording": func(t *testing.T, _ string, run func(args ...string) ([]byte, error)) {
		var latest string
		readOutput(t, run, "weekly_sync_latest", &latest)
		if !strings.Contains(latest, "RCID=c2e4a6b8d0f24a6c8e0b2d4f6a8c0e12") {
			t.Errorf("weekly_sync_latest = %q, want the playback link of the newest Weekly Sync (%s)", latest, simulator.WeeklySyncRecordingID)
		}
	},
	"guides/recording-ids": func(t *testing.T, _ string, run func(args ...string) ([]byte, error)) {
		var id string
		readOutput(t, run, "id_from_playback_link", &id)
		if id != simulator.AllHandsRecordingID {
			t.Errorf("id_from_playback_link = %q, want %s", id, simulator.AllHandsRecordingID)
		}
	},
	"guides/new-recordings": func(t *testing.T, work string, _ func(args ...string) ([]byte, error)) {
		expectDownloaded(t, work, "announcements.log", "new recording: All Hands ("+simulator.AllHandsRecordingID+")")
	},
}

// readOutput decodes the root module output name into v.
func readOutput(t *testing.T, run func(args ...string) ([]byte, error), name string, v any) {
	t.Helper()
	out, err := run("output", "-json", name)
	if err != nil {
		t.Fatalf("terraform output %s: %v\n%s", name, err, out)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("terraform output %s: %v\n%s", name, err, out)
	}
}

// expectDownloaded fails unless the file rel under work holds want.
func expectDownloaded(t *testing.T, work, rel, want string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(work, filepath.FromSlash(rel)))
	if err != nil {
		t.Errorf("the example did not write %s: %v", rel, err)
		return
	}
	if !strings.Contains(string(data), want) {
		t.Errorf("%s holds %q, want it to contain %q", rel, data, want)
	}
}

// expectFiles fails unless dir holds exactly n files.
func expectFiles(t *testing.T, dir string, n int) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Error(err)
		return
	}
	if len(entries) != n {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %v, want %d files", dir, names, n)
	}
}

// checkExampleWarnings fails on any warning but the one dev_overrides
// always prints about itself: a deprecated attribute, say, belongs fixed in
// the example.
func checkExampleWarnings(t *testing.T, name, command string, out []byte) {
	t.Helper()
	for line := range strings.Lines(string(out)) {
		summary, ok := strings.CutPrefix(strings.TrimSpace(line), "Warning: ")
		if ok && summary != "Provider development overrides are in effect" {
			t.Errorf("terraform %s of examples/%s warns: %s\n%s", command, name, summary, out)
		}
	}
}

// examplesTerraformCLI is TF_ACC_TERRAFORM_PATH, as for the other
// acceptance tests, or terraform on PATH, for the tests that run the CLI
// themselves. Without TF_ACC the test skips, as resource.Test does; with
// it but without a CLI the test fails rather than skips: a skipped check
// must not pass as green.
func examplesTerraformCLI(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run the Terraform CLI")
	}
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" {
		return path
	}
	path, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
	}
	return path
}

// example is one configuration the docs show: its name relative to
// examples/ and its files.
type example struct {
	name  string
	files []string
}

// perFileExampleDirs are the top directories of examples/ whose .tf files
// are each an example of their own (tfplugindocs' layout for resources).
var perFileExampleDirs = []string{"data-sources", "resources", "ephemeral-resources"}

// findExamples lists the examples under root, sorted by name.
func findExamples(t *testing.T, root string) []example {
	t.Helper()
	byDir := make(map[string][]string)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".tf") {
			byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var examples []example
	for dir, files := range byDir {
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			t.Fatal(err)
		}
		rel = filepath.ToSlash(rel)
		top, _, _ := strings.Cut(rel, "/")
		if !slices.Contains(perFileExampleDirs, top) {
			examples = append(examples, example{name: rel, files: files})
			continue
		}
		for _, f := range files {
			examples = append(examples, example{name: rel + "/" + filepath.Base(f), files: []string{f}})
		}
	}
	slices.SortFunc(examples, func(a, b example) int { return strings.Compare(a.name, b.name) })
	return examples
}

// examplesCopy copies the files of an example into a fresh directory,
// leaving out anything an earlier run may have left (.terraform, lock
// file, state, downloads). An example without a required_providers block
// gets one, so that "webex" means this provider and not hashicorp/webex.
func examplesCopy(t *testing.T, files []string) string {
	t.Helper()
	work := t.TempDir()
	declared := false
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("required_providers")) {
			declared = true
		}
		if err := os.WriteFile(filepath.Join(work, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !declared {
		if err := os.WriteFile(filepath.Join(work, "required_providers.tf"), []byte(requiredProviders), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return work
}

// examplesEngine is the CLI the examples are applied with.
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

// usesEphemeralBlocks reports whether any of files declares an ephemeral block.
func usesEphemeralBlocks(t *testing.T, files []string) bool {
	t.Helper()
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
