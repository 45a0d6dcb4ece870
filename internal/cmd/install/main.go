// Command install builds the provider into a local plugin directory
// (`make install`), so `terraform init` finds it without a registry.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/webex-terraform/terraform-provider-webex/internal/localinstall"
)

func main() {
	version := flag.String("version", "0.1.0", "version to build and install as")
	dir := flag.String("dir", "", "plugin directory (default ~/.terraform.d/plugins)")
	flag.Parse()
	if *dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			fmt.Fprintln(os.Stderr, "install:", err)
			os.Exit(1)
		}
		*dir = home + "/.terraform.d/plugins"
	}
	path, err := localinstall.Install(".", *dir, *version, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "install:", err)
		os.Exit(1)
	}
	fmt.Printf("installed %s\n", path)
	fmt.Printf("terraform init and tofu init find it there without a registry (or pass -plugin-dir=%s)\n", *dir)
}
