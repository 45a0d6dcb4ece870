package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		name, kind, version string
		wantErr             bool
	}{
		{name: "terraform-1.5.7", kind: "terraform", version: "1.5.7"},
		{name: "tofu-1.12.6", kind: "tofu", version: "1.12.6"},
		{name: "terraform-v1.11.4", kind: "terraform", version: "1.11.4"},
		{name: "tofu-1.6.0-beta1", kind: "tofu", version: "1.6.0-beta1"},
		{name: "terraform", wantErr: true},
		{name: "-1.5.7", wantErr: true},
		{name: "terraform-", wantErr: true},
		{name: "terraform-1.5", wantErr: true},
		{name: "opentofu-1.12.6", wantErr: true},
		{name: "terraform-1.5.7/../x", wantErr: true},
	}
	for _, tt := range tests {
		kind, version, err := parseName(tt.name)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseName(%q) error = %v, wantErr %v", tt.name, err, tt.wantErr)
			continue
		}
		if kind != tt.kind || version != tt.version {
			t.Errorf("parseName(%q) = %q, %q; want %q, %q", tt.name, kind, version, tt.kind, tt.version)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, n := range []string{"terraform-1.11.4", "terraform-1.5.7", "tofu-1.12.6"} {
		e, err := lookup(n)
		if err != nil {
			t.Fatalf("lookup(%q): %v", n, err)
		}
		if e.name() != n {
			t.Errorf("lookup(%q).name() = %q", n, e.name())
		}
	}
	if e, _ := lookup("terraform-1.11.4"); !e.preinstalled {
		t.Error("terraform-1.11.4 should be preinstalled, not built")
	}
	if _, err := lookup("terraform-1.9.0"); err == nil || !strings.Contains(err.Error(), "not in the matrix") {
		t.Errorf("lookup of an unlisted version: err = %v", err)
	}
}

func TestModulePath(t *testing.T) {
	for n, want := range map[string]string{
		"terraform-1.5.7": "github.com/hashicorp/terraform@v1.5.7",
		"tofu-1.12.6":     "github.com/opentofu/opentofu@v1.12.6",
	} {
		e, _ := lookup(n)
		if got := e.modulePath(); got != want {
			t.Errorf("%s: modulePath() = %q, want %q", n, got, want)
		}
	}
}

func TestCachePaths(t *testing.T) {
	root := filepath.Join("cache", "engines")
	for n, want := range map[string]string{
		"terraform-1.5.7": filepath.Join(root, "terraform-1.5.7", "terraform"),
		"tofu-1.12.6":     filepath.Join(root, "tofu-1.12.6", "tofu"),
	} {
		e, _ := lookup(n)
		if got := binPath(root, e); got != want {
			t.Errorf("binPath(%s) = %q, want %q", n, got, want)
		}
	}

	if runtime.GOOS != "linux" {
		t.Skip("XDG_CACHE_HOME only drives os.UserCacheDir on Linux")
	}
	xdg := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", xdg)
	got, err := cacheRoot()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(xdg, "terraform-provider-webex", "engines"); got != want {
		t.Errorf("cacheRoot() = %q, want %q", got, want)
	}
}

func TestVersionMatches(t *testing.T) {
	tests := []struct {
		output, product, version string
		want                     bool
	}{
		{"Terraform v1.5.7\non linux_amd64\n", "Terraform", "1.5.7", true},
		{"Terraform v1.11.4\non linux_amd64\n", "Terraform", "1.11.4", true},
		{"OpenTofu v1.12.6\non linux_amd64\n", "OpenTofu", "1.12.6", true},
		{"\nTerraform v1.5.7\n", "Terraform", "1.5.7", true},
		{"Terraform v1.5.7-dev\non linux_amd64\n", "Terraform", "1.5.7", false},
		{"Terraform v1.5.70\n", "Terraform", "1.5.7", false},
		{"Terraform v1.5.7\n", "OpenTofu", "1.5.7", false},
		{"OpenTofu v1.12.6\n", "Terraform", "1.12.6", false},
		{"Terraform v1.5.7 extra\n", "Terraform", "1.5.7", false},
		// OpenTofu puts CLI-config warnings on stdout before the version.
		{"\n╷\n│ Warning: Unable to open CLI configuration file\n╵\n\nOpenTofu v1.12.6\non linux_amd64\n", "OpenTofu", "1.12.6", true},
		{"", "Terraform", "1.5.7", false},
	}
	for _, tt := range tests {
		if got := versionMatches(tt.output, tt.product, tt.version); got != tt.want {
			t.Errorf("versionMatches(%q, %q, %q) = %v, want %v", tt.output, tt.product, tt.version, got, tt.want)
		}
	}
}

func TestReportedVersion(t *testing.T) {
	if got := reportedVersion("Warning: x\nTerraform v1.5.6\n", "Terraform"); got != "Terraform v1.5.6" {
		t.Errorf("reportedVersion = %q", got)
	}
	if got := reportedVersion("\nsomething else\n", "Terraform"); got != "something else" {
		t.Errorf("reportedVersion = %q", got)
	}
}

func TestTail(t *testing.T) {
	if got := tail("a\nb\nc\n", 2); got != "b\nc" {
		t.Errorf("tail = %q", got)
	}
	if got := tail("a\n", 5); got != "a" {
		t.Errorf("tail = %q", got)
	}
}

func TestLocateMissing(t *testing.T) {
	e, _ := lookup("tofu-1.12.6")
	_, err := locate(context.Background(), t.TempDir(), e)
	if !errors.Is(err, errMissing) {
		t.Errorf("locate in an empty cache: err = %v, want errMissing", err)
	}
}

// A cached file that is not the right engine must be reported as broken, not
// as usable; a shell script stands in for a wrong binary.
func TestLocateWrongVersion(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a shell script")
	}
	root := t.TempDir()
	e, _ := lookup("terraform-1.5.7")
	bin := binPath(root, e)
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, []byte("#!/bin/sh\necho 'Terraform v1.5.6'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := locate(context.Background(), root, e)
	if err == nil || errors.Is(err, errMissing) || !strings.Contains(err.Error(), "v1.5.6") {
		t.Errorf("locate of a wrong binary: err = %v", err)
	}

	if err := os.WriteFile(bin, []byte("#!/bin/sh\necho 'Terraform v1.5.7'\necho 'on linux_amd64'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := locate(context.Background(), root, e); err != nil || got != bin {
		t.Errorf("locate of a matching binary = %q, %v; want %q", got, err, bin)
	}
}

func TestRunUsage(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	for _, args := range [][]string{nil, {"bogus"}, {"path"}, {"path", "terraform-0.1.0"}, {"ensure", "nope-1.0.0"}} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != 2 {
			t.Errorf("run(%q) = %d, want 2 (stderr: %s)", args, code, errOut.String())
		}
		if out.Len() != 0 {
			t.Errorf("run(%q) wrote to stdout: %q", args, out.String())
		}
	}

	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"path", "tofu-1.12.6"}, &out, &errOut); code != 1 {
		t.Errorf("path of an uncached engine = %d, want 1", code)
	}
}
