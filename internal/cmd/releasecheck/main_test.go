package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const testVersion = "0.1.0-SNAPSHOT-abc1234"

func TestSubsetConfig(t *testing.T) {
	src, err := os.ReadFile("../../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := subsetConfig(string(src), []string{"linux_amd64", "windows_arm64"})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, `targets: ["linux_amd64", "windows_arm64"]`); n != 1 {
		t.Fatalf("targets line appears %d times in\n%s", n, out)
	}
	// The line sits inside the build, at the indentation of its keys.
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		if strings.Contains(line, "targets: [") {
			prev := lines[i-1]
			if !strings.HasPrefix(strings.TrimSpace(prev), "- ") {
				t.Errorf("targets inserted after %q, want right after the build's first line", prev)
			}
			if indent(line) != indent(prev)+2 {
				t.Errorf("targets indented %d, the build item at %d", indent(line), indent(prev))
			}
		}
	}
	// Everything else is unchanged: drop the header and the targets line.
	var rest []string
	for i, line := range lines {
		if i > 0 && !strings.Contains(line, "targets: [") {
			rest = append(rest, line)
		}
	}
	if strings.Join(rest, "\n") != string(src) {
		t.Errorf("subset changed more than the targets line")
	}

	for name, cfg := range map[string]string{
		"no builds":      "version: 2\narchives:\n  - formats: [zip]\n",
		"two builds":     "builds:\n  - id: a\n  - id: b\n",
		"targets set":    "builds:\n  - id: a\n    targets: [linux_amd64]\n",
		"targets inline": "builds:\n  - targets: [linux_amd64]\n",
	} {
		if _, err := subsetConfig(cfg, []string{"linux_amd64"}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

func TestParseTargets(t *testing.T) {
	got, err := parseTargets(" linux_amd64, windows_arm64 ,")
	if err != nil || strings.Join(got, " ") != "linux_amd64 windows_arm64" {
		t.Errorf("parseTargets = %v, %v", got, err)
	}
	for _, bad := range []string{"", ",", "linux", "linux_arm_6"} {
		if _, err := parseTargets(bad); err == nil {
			t.Errorf("parseTargets(%q): no error", bad)
		}
	}
}

// buildFakeProvider builds a tiny program under the provider's module path
// as linux/amd64, with or without the release ldflags.
func buildFakeProvider(t *testing.T, ldflags string) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	src := t.TempDir()
	write(t, filepath.Join(src, "go.mod"), "module "+modulePath+"\n\ngo 1.24\n")
	write(t, filepath.Join(src, "main.go"), `package main

import (
	"fmt"
	"os"
)

var version = "dev"

func main() {
	if len(os.Args) > 1 {
		fmt.Println(version)
	}
	fmt.Println("This binary is a plugin.")
	os.Exit(1)
}
`)
	out := filepath.Join(t.TempDir(), "terraform-provider-webex_v"+testVersion)
	args := []string{"build", "-trimpath", "-o", out}
	if ldflags != "" {
		args = append(args, "-ldflags", ldflags)
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64", "GOFLAGS=-mod=mod", "GOWORK=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckBinary(t *testing.T) {
	withVersion := buildFakeProvider(t, "-s -w -X main.version="+testVersion)
	if detail, err := checkBinary(withVersion, testVersion); err != nil {
		t.Errorf("release build: %v", err)
	} else {
		t.Log(detail)
	}
	// The version is there, but it is not what main.version holds.
	if _, err := checkBinary(withVersion, "0.1.0"); err == nil {
		t.Error("release build checked against another version: no error")
	}

	without := buildFakeProvider(t, "-s -w")
	if _, err := checkBinary(without, testVersion); err == nil || !strings.Contains(err.Error(), "main.version") {
		t.Errorf("build without -X main.version: err = %v, want one about main.version", err)
	}
	if _, err := checkBinary(without, "dev"); err != nil {
		t.Errorf("build without -X main.version, checked for its default: %v", err)
	}
}

// fakeDist lays out what a snapshot release of the given targets leaves in
// dist/, the linux/amd64 binary being bin.
func fakeDist(t *testing.T, bin string, targets ...string) (dist, manifest string) {
	t.Helper()
	root := t.TempDir()
	dist = filepath.Join(root, "dist")
	manifest = filepath.Join(root, "terraform-registry-manifest.json")
	write(t, manifest, `{"version": 1, "metadata": {"protocol_versions": ["6.0"]}}`+"\n")
	project := "terraform-provider-webex"
	mustJSON(t, filepath.Join(dist, "metadata.json"), map[string]string{"project_name": project, "version": testVersion})

	binData, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	var arts []artifact
	var sums strings.Builder
	for _, target := range targets {
		goos, goarch, _ := strings.Cut(target, "_")
		name := fmt.Sprintf("%s_v%s", project, testVersion)
		if goos == "windows" {
			name += ".exe"
		}
		binPath := filepath.Join(dist, "provider_"+target, name)
		write(t, binPath, string(binData))
		if err := os.Chmod(binPath, 0o755); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, artifact{Name: name, Path: binPath, Goos: goos, Goarch: goarch, Type: "Binary"})

		zipName := fmt.Sprintf("%s_%s_%s.zip", project, testVersion, target)
		writeZip(t, filepath.Join(dist, zipName), name, binData)
		arts = append(arts, artifact{Name: zipName, Path: filepath.Join(dist, zipName), Goos: goos, Goarch: goarch, Type: "Archive"})
		fmt.Fprintf(&sums, "%s  %s\n", sha(t, filepath.Join(dist, zipName)), zipName)
	}
	fmt.Fprintf(&sums, "%s  %s_%s_manifest.json\n", sha(t, manifest), project, testVersion)
	write(t, filepath.Join(dist, fmt.Sprintf("%s_%s_SHA256SUMS", project, testVersion)), sums.String())
	mustJSON(t, filepath.Join(dist, "artifacts.json"), arts)
	write(t, filepath.Join(dist, "config.yaml"), testEffectiveConfig)
	return dist, manifest
}

// testEffectiveConfig is the part of dist/config.yaml the checks read, as
// GoReleaser writes it.
const testEffectiveConfig = `project_name: terraform-provider-webex
release:
  github:
    owner: webex-terraform
    name: terraform-provider-webex
  extra_files:
    - glob: terraform-registry-manifest.json
      name_template: '{{ .ProjectName }}_{{ .Version }}_manifest.json'
checksum:
  name_template: '{{ .ProjectName }}_{{ .Version }}_SHA256SUMS'
signs:
  - id: default
    cmd: gpg
    args:
      - --batch
      - --local-user
      - '{{ .Env.GPG_FINGERPRINT }}'
      - --output
      - ${signature}
      - --detach-sign
      - ${artifact}
    artifacts: checksum
changelog:
  disable: true
`

func mustJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	write(t, path, string(data))
}

func writeZip(t *testing.T, path, name string, data []byte) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	h := &zip.FileHeader{Name: name, Method: zip.Deflate}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

func sha(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func TestVerify(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		// checkBinary also runs the binary there; elsewhere it only inspects it.
		t.Log("not on linux/amd64: the binary is inspected, not run")
	}
	good := buildFakeProvider(t, "-s -w -X main.version="+testVersion)

	t.Run("subset", func(t *testing.T) {
		dist, manifest := fakeDist(t, good, "linux_amd64", "windows_arm64")
		report, err := verify(dist, manifest, []string{"windows_arm64", "linux_amd64"})
		if err != nil {
			t.Fatal(err)
		}
		t.Log(strings.Join(report, "\n"))
	})

	t.Run("full release needs the core platforms", func(t *testing.T) {
		dist, manifest := fakeDist(t, good, "linux_amd64", "windows_arm64")
		_, err := verify(dist, manifest, nil)
		if err == nil || !strings.Contains(err.Error(), "no archive for darwin_arm64") {
			t.Fatalf("err = %v, want a missing darwin_arm64 archive", err)
		}
		dist, manifest = fakeDist(t, good, append(coreTargets, "linux_arm", "freebsd_386")...)
		if _, err := verify(dist, manifest, nil); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("unexpected target set", func(t *testing.T) {
		dist, manifest := fakeDist(t, good, "linux_amd64")
		if _, err := verify(dist, manifest, []string{"linux_amd64", "windows_arm64"}); err == nil {
			t.Fatal("no error")
		}
	})

	t.Run("version not set by ldflags", func(t *testing.T) {
		dist, manifest := fakeDist(t, buildFakeProvider(t, "-s -w"), "linux_amd64")
		_, err := verify(dist, manifest, []string{"linux_amd64"})
		if err == nil || !strings.Contains(err.Error(), "main.version") {
			t.Fatalf("err = %v, want one about main.version", err)
		}
	})

	t.Run("archive misnamed", func(t *testing.T) {
		dist, manifest := fakeDist(t, good, "linux_amd64")
		var arts []artifact
		if err := readJSON(filepath.Join(dist, "artifacts.json"), &arts); err != nil {
			t.Fatal(err)
		}
		for i := range arts {
			if arts[i].Type == "Archive" {
				arts[i].Name = strings.Replace(arts[i].Name, "_linux_amd64", "_Linux_x86_64", 1)
			}
		}
		mustJSON(t, filepath.Join(dist, "artifacts.json"), arts)
		_, err := verify(dist, manifest, []string{"linux_amd64"})
		if err == nil || !strings.Contains(err.Error(), "want the name terraform-provider-webex_"+testVersion+"_linux_amd64.zip") {
			t.Fatalf("err = %v, want one about the archive name", err)
		}
	})

	t.Run("manifest missing from SHA256SUMS", func(t *testing.T) {
		dist, manifest := fakeDist(t, good, "linux_amd64")
		sumsPath := filepath.Join(dist, "terraform-provider-webex_"+testVersion+"_SHA256SUMS")
		data, err := os.ReadFile(sumsPath)
		if err != nil {
			t.Fatal(err)
		}
		var kept []string
		for _, line := range strings.SplitAfter(string(data), "\n") {
			if !strings.Contains(line, "_manifest.json") {
				kept = append(kept, line)
			}
		}
		write(t, sumsPath, strings.Join(kept, ""))
		_, err = verify(dist, manifest, []string{"linux_amd64"})
		if err == nil || !strings.Contains(err.Error(), "does not list the registry manifest") {
			t.Fatalf("err = %v, want one about the manifest", err)
		}
	})

	t.Run("SHA256SUMS missing", func(t *testing.T) {
		dist, manifest := fakeDist(t, good, "linux_amd64")
		if err := os.Remove(filepath.Join(dist, "terraform-provider-webex_"+testVersion+"_SHA256SUMS")); err != nil {
			t.Fatal(err)
		}
		if _, err := verify(dist, manifest, []string{"linux_amd64"}); err == nil {
			t.Fatal("no error")
		}
	})

	t.Run("wrong protocol in manifest", func(t *testing.T) {
		dist, manifest := fakeDist(t, good, "linux_amd64")
		write(t, manifest, `{"version": 1, "metadata": {"protocol_versions": ["5.0"]}}`+"\n")
		// Its sum no longer matches either; both are reported.
		_, err := verify(dist, manifest, []string{"linux_amd64"})
		if err == nil || !strings.Contains(err.Error(), "protocol_versions") {
			t.Fatalf("err = %v, want one about the protocol", err)
		}
	})

	t.Run("release does not attach the manifest", func(t *testing.T) {
		dist, manifest := fakeDist(t, good, "linux_amd64")
		// The same lines under checksum do not count.
		write(t, filepath.Join(dist, "config.yaml"), strings.Replace(testEffectiveConfig, `  extra_files:
    - glob: terraform-registry-manifest.json
      name_template: '{{ .ProjectName }}_{{ .Version }}_manifest.json'
checksum:
`, `checksum:
  extra_files:
    - glob: terraform-registry-manifest.json
      name_template: '{{ .ProjectName }}_{{ .Version }}_manifest.json'
`, 1))
		_, err := verify(dist, manifest, []string{"linux_amd64"})
		if err == nil || !strings.Contains(err.Error(), "release.extra_files") {
			t.Fatalf("err = %v, want one about release.extra_files", err)
		}
	})

	t.Run("no signature", func(t *testing.T) {
		dist, manifest := fakeDist(t, good, "linux_amd64")
		write(t, filepath.Join(dist, "config.yaml"), strings.Replace(testEffectiveConfig, "      - --detach-sign\n", "", 1))
		_, err := verify(dist, manifest, []string{"linux_amd64"})
		if err == nil || !strings.Contains(err.Error(), "--detach-sign") {
			t.Fatalf("err = %v, want one about the signature", err)
		}
	})

	t.Run("checksum mismatch", func(t *testing.T) {
		dist, manifest := fakeDist(t, good, "linux_amd64")
		zipPath := filepath.Join(dist, "terraform-provider-webex_"+testVersion+"_linux_amd64.zip")
		writeZip(t, zipPath, "terraform-provider-webex_v"+testVersion, []byte("tampered"))
		_, err := verify(dist, manifest, []string{"linux_amd64"})
		if err == nil || !strings.Contains(err.Error(), "the file's SHA-256 is") {
			t.Fatalf("err = %v, want a checksum mismatch", err)
		}
	})
}
