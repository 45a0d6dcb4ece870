// Package localinstall builds the provider and lays it out as a local
// plugin directory, the way Terraform and OpenTofu find providers without
// a registry (`terraform init -plugin-dir` or the implied local mirror).
package localinstall

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
// version and places it under dir for every host. It returns the binary
// path of the first host.
func Install(moduleDir, dir, version string, log io.Writer) (string, error) {
	if version == "" {
		return "", fmt.Errorf("a version is required")
	}
	platform := runtime.GOOS + "_" + runtime.GOARCH
	name := "terraform-provider-" + Type + "_v" + version
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	var first string
	for _, host := range Hosts {
		target := filepath.Join(dir, host, Namespace, Type, version, platform, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return "", err
		}
		if first == "" {
			cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version="+version, "-o", target, ".")
			cmd.Dir = moduleDir
			cmd.Stdout, cmd.Stderr = log, log
			if err := cmd.Run(); err != nil {
				return "", fmt.Errorf("building the provider: %w", err)
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
