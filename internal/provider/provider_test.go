package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// testAccProtoV6ProviderFactories serves the provider under test in-process,
// so the real Terraform CLI talks to it without any registry.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"webex": func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server("test")(), nil },
}

// startSimulator serves a fresh Webex API simulator for one test and
// returns it with the base_url to configure.
func startSimulator(t *testing.T) (*simulator.Server, string) {
	t.Helper()
	sim := simulator.New()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return sim, srv.URL + simulator.PathPrefix
}

// providerBlock renders a provider "webex" block; extra lines go inside it.
func providerBlock(baseURL, token string, extra ...string) string {
	var b strings.Builder
	b.WriteString("provider \"webex\" {\n")
	if baseURL != "" {
		fmt.Fprintf(&b, "  base_url     = %q\n", baseURL)
	}
	if token != "" {
		fmt.Fprintf(&b, "  access_token = %q\n", token)
	}
	for _, line := range extra {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	b.WriteString("}\n")
	return b.String()
}

// recordingBlock renders a data "webex_recording" block.
func recordingBlock(name, id string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "data \"webex_recording\" %q {\n  id = %q\n", name, id)
	for _, line := range extra {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	b.WriteString("}\n")
	return b.String()
}

// TestMain keeps the developer's own WEBEX_* variables out of the tests;
// the tests that exercise them set them with t.Setenv.
func TestMain(m *testing.M) {
	for _, name := range []string{EnvAccessToken, EnvClientID, EnvClientSecret, EnvRefreshToken, envOtherProviderToken,
		EnvBaseURL, EnvTimezone, EnvMaxRetries, EnvRequestTimeout, EnvRetryTimeout} {
		_ = os.Unsetenv(name)
	}
	code := m.Run()
	if devOverrides.dir != "" {
		_ = os.RemoveAll(devOverrides.dir)
	}
	os.Exit(code)
}

// requestsTo counts the simulator's requests whose path starts with prefix.
func requestsTo(sim *simulator.Server, prefix string) int {
	n := 0
	for _, r := range sim.Requests() {
		if strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// startFaultySimulator serves a fresh simulator behind fault, an inline
// handler of one test: the requests it answers (it returns true) never
// reach the simulator. It returns the base_url.
func startFaultySimulator(t *testing.T, fault func(w http.ResponseWriter, r *http.Request) bool) string {
	t.Helper()
	sim := simulator.New()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !fault(w, r) {
			sim.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + simulator.PathPrefix
}
