// Command terraform-provider-webex serves the Webex provider to Terraform
// and OpenTofu over plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/debug"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/webex-terraform/terraform-provider-webex/internal/provider"
)

// version is set by the release build: -ldflags "-X main.version=1.2.3".
var version = "dev"

// registryAddress is where the provider is published.
const registryAddress = "registry.terraform.io/webex-terraform/webex"

func main() {
	var debugMode bool
	flag.BoolVar(&debugMode, "debug", false, "start the provider in debug mode for debuggers such as delve (prints TF_REATTACH_PROVIDERS)")
	flag.Parse()

	quietLoggersUnlessAsked(os.Getenv, os.Setenv)
	limitMemoryUnlessAsked(os.LookupEnv)
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         registryAddress,
		Debug:           debugMode,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// sdkLogLevelVariables are the loggers of terraform-plugin-go, the
// framework and this provider. Unset, each logs everything at TRACE, which
// Terraform parses and then drops unless TF_LOG asked for it: about a third
// of the provider's CPU per read.
var sdkLogLevelVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_WEBEX"}

// quietLoggersUnlessAsked sets each unset logger variable to the level the
// user gave Terraform (TF_LOG_PROVIDER, else TF_LOG), or OFF when none was
// given, so the provider only writes the logs someone will read.
func quietLoggersUnlessAsked(getenv func(string) string, setenv func(string, string) error) {
	level := strings.ToUpper(strings.TrimSpace(getenv("TF_LOG_PROVIDER")))
	if level == "" {
		level = strings.ToUpper(strings.TrimSpace(getenv("TF_LOG")))
	}
	switch level {
	case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF":
	case "":
		level = "OFF"
	default:
		// JSON, or a value Terraform itself treats as TRACE.
		level = "TRACE"
	}
	for _, name := range sdkLogLevelVariables {
		if getenv(name) == "" {
			_ = setenv(name, level)
		}
	}
}

// defaultMemoryLimit is the soft memory limit of the provider process. A
// list of 10,000 recordings is about 30 MiB of Terraform values, which the
// plugin framework copies and converts a few times over on its way to
// Terraform; left to its default pacing, Go's garbage collector lets the
// heap grow to twice the largest of those peaks. The limit makes it
// collect sooner instead, for some CPU: the process stays under 150 MiB.
const defaultMemoryLimit = 128 << 20

// limitMemoryUnlessAsked sets defaultMemoryLimit unless GOMEMLIMIT
// chooses a limit (or "off").
func limitMemoryUnlessAsked(lookupEnv func(string) (string, bool)) {
	if _, set := lookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
