// Package localinstall builds the provider and lays it out as a local
// plugin directory, the way Terraform and OpenTofu find providers without
// a registry (`terraform init -plugin-dir` or the implied local mirror).
package localinstall

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

const (
	// Namespace and Type are the provider's registry address parts.
	Namespace = "webex-terraform"
	Type      = "webex"
)

// Hosts are the registries whose addresses the provider is installed under:
// Terraform resolves "webex-terraform/webex" to the first, OpenTofu to the second.
var Hosts = []string{"registry.terraform.io", "registry.opentofu.org"}

// Install builds the provider from the module at moduleDir with the given
// version for the host platform and places it under dir for every host.
// It returns the binary path of the first host.
func Install(moduleDir, dir, version string, log io.Writer) (string, error) {
	return InstallPlatform(moduleDir, dir, version, runtime.GOOS+"_"+runtime.GOARCH, log)
}

// InstallPlatform is Install for platform ("linux_amd64", say), so that one
// machine can fill a mirror for a team's platforms.
func InstallPlatform(moduleDir, dir, version, platform string, log io.Writer) (string, error) {
	if version == "" {
		return "", fmt.Errorf("a version is required")
	}
	name := "terraform-provider-" + Type + "_v" + version
	if strings.HasPrefix(platform, "windows_") {
		name += ".exe"
	}
	var first string
	for _, host := range Hosts {
		target := filepath.Join(dir, host, Namespace, Type, version, platform, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return "", err
		}
		if first == "" {
			if err := Build(moduleDir, target, version, platform, log); err != nil {
				return "", err
			}
			first = target
			continue
		}
		if err := copyFile(first, target); err != nil {
			return "", err
		}
	}
	return first, nil
}

// Build builds the provider binary for platform into target, reporting
// version. The host platform builds with the toolchain's defaults, another
// one without cgo, as the release builds do.
func Build(moduleDir, target, version, platform string, log io.Writer) error {
	goos, goarch, ok := strings.Cut(platform, "_")
	if !ok || goos == "" || goarch == "" {
		return fmt.Errorf("platform %q is not os_arch, such as linux_amd64", platform)
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version="+version, "-o", target, ".")
	cmd.Dir = moduleDir
	cmd.Stdout, cmd.Stderr = log, log
	if goos != runtime.GOOS || goarch != runtime.GOARCH {
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the provider for %s: %w", platform, err)
	}
	return nil
}

// RemoveOtherBuilds removes, for every host, the installed versions that
// are base or base+<build> but not keep: builds of the same release that
// Terraform could not tell apart from keep. It returns the removed
// directories.
func RemoveOtherBuilds(dir, base, keep string) ([]string, error) {
	var removed []string
	for _, host := range Hosts {
		versions := filepath.Join(dir, host, Namespace, Type)
		entries, err := os.ReadDir(versions)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return removed, err
		}
		for _, e := range entries {
			v := e.Name()
			if v == keep || (v != base && !strings.HasPrefix(v, base+"+")) {
				continue
			}
			path := filepath.Join(versions, v)
			if err := os.RemoveAll(path); err != nil {
				return removed, err
			}
			removed = append(removed, path)
		}
	}
	return removed, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := to + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, to)
}
