// Command releasecheck is the Go half of `make release-check`. It has two
// subcommands:
//
//	releasecheck subset -config .goreleaser.yml -targets linux_amd64,windows_arm64 -out FILE
//
// writes a copy of the GoReleaser configuration whose build is limited to
// the given targets, so that CI can run a snapshot release in a fraction of
// the time a cold build of every platform takes (`goreleaser check` still
// validates the full configuration);
//
//	releasecheck verify -dist dist -manifest terraform-registry-manifest.json -targets linux_amd64,windows_arm64
//
// checks what a snapshot release left in dist/ against what the Terraform
// Registry expects: one zip per platform named
// terraform-provider-webex_<version>_<os>_<arch>.zip holding the binary
// terraform-provider-webex_v<version>[.exe]; a <project>_<version>_SHA256SUMS
// file whose sums match the archives and that lists the registry manifest
// as <project>_<version>_manifest.json; a manifest declaring plugin
// protocol 6.0; an effective configuration (dist/config.yaml) that attaches
// the manifest to the release and signs SHA256SUMS, the steps a snapshot
// skips; and a linux/amd64 binary that carries its version, which only the
// release ldflags (-X main.version=...) put there. With
// -targets all it accepts whatever the full configuration built, as long as
// the core platforms are among it.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "subset":
		err = runSubset(os.Args[2:])
	case "verify":
		err = runVerify(os.Args[2:], os.Stdout)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "release-check:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: releasecheck subset -config FILE -targets LIST -out FILE\n"+
		"       releasecheck verify -dist DIR -manifest FILE -targets LIST|all")
	os.Exit(2)
}

// allTargets is the value of -targets that means "the full configuration".
const allTargets = "all"

// coreTargets must be in every full release: the platforms nearly every
// Terraform user runs on.
var coreTargets = []string{
	"darwin_amd64", "darwin_arm64",
	"freebsd_amd64", "freebsd_arm64",
	"linux_amd64", "linux_arm64",
	"windows_amd64", "windows_arm64",
}

func runSubset(args []string) error {
	fs := flag.NewFlagSet("subset", flag.ContinueOnError)
	config := fs.String("config", ".goreleaser.yml", "GoReleaser configuration to copy")
	targets := fs.String("targets", "", "comma-separated os_arch targets to build, such as linux_amd64,windows_arm64")
	out := fs.String("out", "", "where to write the limited configuration")
	if err := fs.Parse(args); err != nil {
		return err
	}
	list, err := parseTargets(*targets)
	if err != nil {
		return err
	}
	if *out == "" {
		return errors.New("subset: -out is required")
	}
	src, err := os.ReadFile(*config)
	if err != nil {
		return err
	}
	limited, err := subsetConfig(string(src), list)
	if err != nil {
		return fmt.Errorf("%s: %w", *config, err)
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(*out, []byte(limited), 0o644)
}

func parseTargets(s string) ([]string, error) {
	var list []string
	for t := range strings.SplitSeq(s, ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if strings.Count(t, "_") != 1 {
			return nil, fmt.Errorf("target %q is not of the form os_arch", t)
		}
		list = append(list, t)
	}
	if len(list) == 0 {
		return nil, errors.New("no targets given")
	}
	return list, nil
}

// subsetConfig inserts `targets: [...]` into the one build of the
// configuration. GoReleaser lets `targets` override goos, goarch, goarm and
// ignore, so everything else about the build stays as released.
func subsetConfig(src string, targets []string) (string, error) {
	lines := strings.SplitAfter(src, "\n")
	inBuilds := false
	at, itemIndent := -1, -1
	keyIndent := ""
	for i, line := range lines {
		trimmed := strings.TrimRight(line, "\r\n")
		if trimmed != "" && !strings.HasPrefix(trimmed, " ") && !strings.HasPrefix(trimmed, "#") {
			inBuilds = strings.HasPrefix(trimmed, "builds:")
			continue
		}
		body := strings.TrimLeft(trimmed, " ")
		if !inBuilds || body == "" || strings.HasPrefix(body, "#") {
			continue
		}
		depth := len(trimmed) - len(body)
		if itemIndent < 0 {
			itemIndent = depth // the first line under builds: opens the first build
		}
		switch {
		case depth == itemIndent && strings.HasPrefix(body, "- "):
			if at >= 0 {
				return "", errors.New("more than one build: the subset would be ambiguous")
			}
			at = i
			keyIndent = strings.Repeat(" ", depth+2)
			if strings.HasPrefix(strings.TrimSpace(body[2:]), "targets:") {
				return "", errors.New("the build already sets targets")
			}
		case depth == itemIndent+2 && strings.HasPrefix(body, "targets:"):
			return "", errors.New("the build already sets targets")
		}
	}
	if at < 0 {
		return "", errors.New("no build found in the builds section")
	}
	quoted := make([]string, len(targets))
	for i, t := range targets {
		quoted[i] = fmt.Sprintf("%q", t)
	}
	insert := keyIndent + "targets: [" + strings.Join(quoted, ", ") + "] # release-check subset\n"
	out := slices.Concat(lines[:at+1], []string{insert}, lines[at+1:])
	return "# Written by `make release-check` from the real configuration; do not edit.\n" + strings.Join(out, ""), nil
}

// metadata is the part of dist/metadata.json the checks use.
type metadata struct {
	ProjectName string `json:"project_name"`
	Version     string `json:"version"`
}

// artifact is one entry of dist/artifacts.json.
type artifact struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Goos   string `json:"goos"`
	Goarch string `json:"goarch"`
	Type   string `json:"type"`
}

func runVerify(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	dist := fs.String("dist", "dist", "GoReleaser's output directory")
	manifest := fs.String("manifest", "terraform-registry-manifest.json", "the registry manifest the release attaches")
	targets := fs.String("targets", allTargets, "comma-separated os_arch targets that were built, or all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var want []string
	if *targets != allTargets {
		list, err := parseTargets(*targets)
		if err != nil {
			return err
		}
		want = list
	}
	report, err := verify(*dist, *manifest, want)
	for _, line := range report {
		fmt.Fprintln(stdout, "ok:", line)
	}
	return err
}

// verify checks dist/ and returns what it found to be in order. want is
// the exact set of os_arch targets expected, or nil for a full release.
func verify(dist, manifestPath string, want []string) ([]string, error) {
	var report []string
	var meta metadata
	if err := readJSON(filepath.Join(dist, "metadata.json"), &meta); err != nil {
		return nil, err
	}
	if meta.ProjectName == "" || meta.Version == "" {
		return nil, errors.New("metadata.json names no project or version")
	}
	project, version := meta.ProjectName, meta.Version
	if strings.HasPrefix(version, "v") {
		return nil, fmt.Errorf("version %q starts with v: the registry wants it without", version)
	}
	report = append(report, fmt.Sprintf("%s version %s", project, version))

	var artifacts []artifact
	if err := readJSON(filepath.Join(dist, "artifacts.json"), &artifacts); err != nil {
		return nil, err
	}
	var errs []error
	fail := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	// Archives: registry names, one per target, each holding the binary.
	archives := map[string]string{} // os_arch -> file name
	for _, a := range artifacts {
		if a.Type != "Archive" {
			continue
		}
		target := a.Goos + "_" + a.Goarch
		wantName := fmt.Sprintf("%s_%s_%s.zip", project, version, target)
		if a.Name != wantName {
			fail("archive %s: want the name %s", a.Name, wantName)
			continue
		}
		if _, dup := archives[target]; dup {
			fail("two archives for %s", target)
		}
		archives[target] = a.Name
		binary := fmt.Sprintf("%s_v%s", project, version)
		if a.Goos == "windows" {
			binary += ".exe"
		}
		if err := checkZip(filepath.Join(dist, a.Name), binary); err != nil {
			fail("%s: %w", a.Name, err)
		}
	}
	built := sortedKeys(archives)
	if want != nil {
		if !slices.Equal(built, sorted(want)) {
			fail("archives for %v, want exactly %v", built, sorted(want))
		}
	} else {
		for _, t := range coreTargets {
			if _, ok := archives[t]; !ok {
				fail("no archive for %s", t)
			}
		}
	}
	if len(archives) > 0 {
		report = append(report, fmt.Sprintf("%d archives named %s_%s_<os>_<arch>.zip: %s", len(archives), project, version, strings.Join(built, " ")))
	}

	// SHA256SUMS: every archive with the right sum, and the manifest.
	sumsName := fmt.Sprintf("%s_%s_SHA256SUMS", project, version)
	sums, err := readSums(filepath.Join(dist, sumsName))
	if err != nil {
		fail("%w", err)
	} else {
		for _, target := range built {
			name := archives[target]
			got, err := fileSHA256(filepath.Join(dist, name))
			if err != nil {
				fail("%w", err)
				continue
			}
			switch listed, ok := sums[name]; {
			case !ok:
				fail("%s does not list %s", sumsName, name)
			case listed != got:
				fail("%s lists %s for %s, the file's SHA-256 is %s", sumsName, listed, name, got)
			}
		}
		manifestName := fmt.Sprintf("%s_%s_manifest.json", project, version)
		got, err := fileSHA256(manifestPath)
		switch listed, ok := sums[manifestName]; {
		case err != nil:
			fail("%w", err)
		case !ok:
			fail("%s does not list the registry manifest as %s", sumsName, manifestName)
		case listed != got:
			fail("%s lists %s for %s, but %s has SHA-256 %s", sumsName, listed, manifestName, manifestPath, got)
		}
		for name := range sums {
			if name != manifestName && !slices.Contains(slices.Collect(maps.Values(archives)), name) {
				fail("%s lists %s, which is not one of the archives", sumsName, name)
			}
		}
		report = append(report, fmt.Sprintf("%s lists the %d archives and %s with matching sums", sumsName, len(archives), manifestName))
	}
	if err := checkManifest(manifestPath); err != nil {
		fail("%w", err)
	} else {
		report = append(report, manifestPath+" declares plugin protocol 6.0")
	}

	// What a snapshot skips, read from the configuration GoReleaser ran
	// with: the release attaches the manifest, and SHA256SUMS is signed.
	if effective, err := os.ReadFile(filepath.Join(dist, "config.yaml")); err != nil {
		fail("%w", err)
	} else if err := checkReleaseConfig(string(effective)); err != nil {
		fail("%s: %w", filepath.Join(dist, "config.yaml"), err)
	} else {
		report = append(report, "the release attaches the manifest and signs SHA256SUMS with GPG_FINGERPRINT's key")
	}

	// The linux/amd64 binary: a static, trimmed Go build of this module
	// that carries the release version.
	var bin *artifact
	for i, a := range artifacts {
		if a.Type == "Binary" && a.Goos == "linux" && a.Goarch == "amd64" {
			bin = &artifacts[i]
			break
		}
	}
	if bin == nil {
		fail("no linux/amd64 binary among the artifacts")
	} else {
		detail, err := checkBinary(bin.Path, version)
		if err != nil {
			fail("%s: %w", bin.Path, err)
		} else {
			report = append(report, bin.Path+": "+detail)
		}
	}
	return report, errors.Join(errs...)
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%w (run a GoReleaser snapshot release first)", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readSums parses a SHA256SUMS file: "<hex>  <name>" per line.
func readSums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != sha256.Size*2 || name == "" {
			return nil, fmt.Errorf("%s:%d: not a \"<sha256>  <file>\" line: %q", path, n, sc.Text())
		}
		if _, dup := sums[name]; dup {
			return nil, fmt.Errorf("%s:%d: %s listed twice", path, n, name)
		}
		sums[name] = sum
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(sums) == 0 {
		return nil, fmt.Errorf("%s is empty", path)
	}
	return sums, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkManifest insists on the registry manifest the provider needs: format
// version 1, plugin protocol 6.0 only.
func checkManifest(path string) error {
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if m.Version != 1 || !slices.Equal(m.Metadata.ProtocolVersions, []string{"6.0"}) {
		return fmt.Errorf(`%s: want {"version":1,"metadata":{"protocol_versions":["6.0"]}}, got %s`, path, bytes.TrimSpace(data))
	}
	return nil
}

// checkReleaseConfig checks the parts of GoReleaser's effective
// configuration (dist/config.yaml, written by GoReleaser itself) that a
// snapshot does not exercise: the release's extra file and the signature.
func checkReleaseConfig(effective string) error {
	const manifestName = "{{ .ProjectName }}_{{ .Version }}_manifest.json"
	release := topLevelBlock(effective, "release")
	if !strings.Contains(release, "glob: terraform-registry-manifest.json") || !strings.Contains(release, manifestName) {
		return fmt.Errorf("release.extra_files does not attach terraform-registry-manifest.json as %s", manifestName)
	}
	signs := topLevelBlock(effective, "signs")
	for _, want := range []string{"artifacts: checksum", "--batch", "--local-user", "{{ .Env.GPG_FINGERPRINT }}", "--detach-sign"} {
		if !strings.Contains(signs, want) {
			return fmt.Errorf("signs does not sign SHA256SUMS with a detached signature by GPG_FINGERPRINT's key (no %q)", want)
		}
	}
	return nil
}

// topLevelBlock returns the lines of a top-level YAML key's value, with
// quotes removed, or "" when the key is absent.
func topLevelBlock(doc, key string) string {
	var b strings.Builder
	in := false
	for line := range strings.Lines(doc) {
		if line != "" && line[0] != ' ' && line[0] != '#' && line[0] != '\n' {
			in = strings.HasPrefix(line, key+":")
			continue
		}
		if in {
			b.WriteString(strings.NewReplacer("'", "", `"`, "").Replace(line))
		}
	}
	return b.String()
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
