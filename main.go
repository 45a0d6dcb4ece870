// Command terraform-provider-webex serves the Webex provider to Terraform
// and OpenTofu over plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	// Embed the IANA time zone database so timezone validation behaves the
	// same on machines without one (Windows, minimal containers).
	_ "time/tzdata"

	"github.com/webex-terraform/terraform-provider-webex/internal/provider"
)

// version is set by the release build: -ldflags "-X main.version=1.2.3".
var version = "dev"

// registryAddress is where the provider is published.
const registryAddress = "registry.terraform.io/webex-terraform/webex"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider in debug mode for debuggers such as delve (prints TF_REATTACH_PROVIDERS)")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         registryAddress,
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
