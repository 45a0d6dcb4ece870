// Command install builds the provider into a local plugin directory
// (`make install`), so `terraform init` finds it without a registry.
//
// Each build is installed as version <version>+<build id>, the build id
// being a hash of the binaries: rebuilding the same source gives the same
// version, any change a new one. Terraform's lock file pins a version and
// its checksum, so a changed build under an unchanged version would fail
// `terraform init` on a checksum mismatch; a new version only needs
// `terraform init -upgrade`. The builds it replaces are removed, since
// Terraform cannot order versions that differ only in their build id.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/webex-terraform/terraform-provider-webex/internal/localinstall"
)

func main() {
	version := flag.String("version", "0.1.0", "release version; the build id is appended unless it already has one (0.1.0+mine)")
	dir := flag.String("dir", "", "plugin directory (default ~/.terraform.d/plugins)")
	platforms := flag.String("platforms", "", "platforms to install, such as \"linux_amd64 darwin_arm64\" (default: this machine's)")
	flag.Parse()
	if err := run(*version, *dir, strings.Fields(*platforms)); err != nil {
		fmt.Fprintln(os.Stderr, "install:", err)
		os.Exit(1)
	}
}

func run(base, dir string, platforms []string) error {
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return err
		}
		dir = filepath.Join(home, ".terraform.d", "plugins")
	}
	if len(platforms) == 0 {
		platforms = []string{runtime.GOOS + "_" + runtime.GOARCH}
	}
	version := base
	if release, _, found := strings.Cut(base, "+"); found {
		base = release
	} else {
		id, err := buildID(base, platforms)
		if err != nil {
			return err
		}
		version = base + "+" + id
	}

	for _, platform := range platforms {
		path, err := localinstall.InstallPlatform(".", dir, version, platform, os.Stderr)
		if err != nil {
			return err
		}
		fmt.Printf("installed %s\n", path)
	}
	removed, err := localinstall.RemoveOtherBuilds(dir, base, version)
	for _, path := range removed {
		fmt.Printf("removed the build it replaces: %s\n", path)
	}
	if err != nil {
		return err
	}
	fmt.Printf("version %s; terraform init and tofu init find it in %s without a registry\n", version, dir)
	fmt.Println("(or pass -plugin-dir). Configurations that used another build: run terraform init -upgrade.")
	return nil
}

// buildID builds the provider for platforms with the version base into a
// scratch directory and returns the first 10 hex digits of the SHA-256 of
// the binaries. Builds are reproducible (-trimpath), so the id changes
// exactly when the binaries do; the second build, with the id in its
// version, only links again.
func buildID(base string, platforms []string) (string, error) {
	scratch, err := os.MkdirTemp("", "webex-install-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(scratch)
	h := sha256.New()
	for _, platform := range platforms {
		target := filepath.Join(scratch, platform)
		if err := localinstall.Build(".", target, base, platform, os.Stderr); err != nil {
			return "", err
		}
		f, err := os.Open(target)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\n", platform)
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:10], nil
}
