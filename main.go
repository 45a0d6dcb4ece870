// Command terraform-provider-webex serves the Webex provider to Terraform
// and OpenTofu over plugin protocol 6.
package main

import (
	"flag"
	"io"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

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
	// No GOMEMLIMIT, GOGC at 100: a list read writes its state one recording
	// at a time (listServer), a heap of about 2.5 KB a recording, which the
	// default pacing keeps to 3.6 KB of RSS (350 MiB at 100,000 in make bench;
	// DESIGN.md has the figures, and the 128 MiB limit this replaces).
	// The standard logger is net/http's alone, and it quotes bytes a server
	// sent unasked (an unsolicited response) unchecked, where TF_LOG shows
	// them: the provider logs through terraform-plugin-log only.
	log.SetOutput(io.Discard)
	var opts []tf6server.ServeOpt
	if debugMode {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(registryAddress, provider.NewProtocol6Server(version), opts...); err != nil {
		log.SetOutput(os.Stderr)
		log.Fatal(err)
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
