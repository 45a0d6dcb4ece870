package main

import (
	"context"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestAccBenchSmoke runs `bench -smoke` in-process so the harness cannot rot
// between benchmark runs: it must build the provider, attach Terraform to
// it, and produce a number for every case.
func TestAccBenchSmoke(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set: the benchmark smoke run builds the provider and runs the real Terraform CLI (make testacc sets it)")
	}
	cfg, err := parseFlags([]string{"-smoke"}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.out != "" {
		t.Fatalf("-smoke must not write a report unless -out is given, got -out %q", cfg.out)
	}
	cfg.log = testWriter{t}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rep, err := run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep.summaryText())

	want := map[string]bool{}
	for _, c := range cases(cfg) {
		want[c.name] = true
	}
	for _, s := range rep.summaries {
		delete(want, s.name)
		if s.n != 10 || s.runs != 1 {
			t.Errorf("%s: N=%d with %d run(s), want N=10 with 1", s.name, s.n, s.runs)
		}
		if s.wall <= 0 || s.tfCPU <= 0 {
			t.Errorf("%s: wall %s, terraform CPU %s, want both > 0", s.name, s.wall, s.tfCPU)
		}
		if s.failed != 0 {
			t.Errorf("%s: %d failed plan(s)", s.name, s.failed)
		}
		if !s.provider {
			if s.requests != 0 {
				t.Errorf("%s: %d requests without a provider", s.name, s.requests)
			}
			continue
		}
		if s.requests <= 0 || s.rssKiB <= 0 {
			t.Errorf("%s: %d requests, %d KiB peak RSS, want both > 0", s.name, s.requests, s.rssKiB)
		}
		if s.floor <= 0 || s.ratio() <= 0 {
			t.Errorf("%s: no ratio to the floor (floor %s)", s.name, s.floor)
		}
	}
	for name := range want {
		t.Errorf("no result for case %s", name)
	}
	if len(rep.lists) != 2 {
		t.Errorf("%d list results, want list and json at N=100", len(rep.lists))
	}
	for _, s := range rep.lists {
		if s.n != 100 || s.failed != 0 || s.wall <= 0 || (s.provider && (s.requests != 1 || s.rssKiB <= 0)) {
			t.Errorf("list case %s: %+v", s.name, s)
		}
	}
	if len(rep.targets) != 7 {
		t.Errorf("%d targets evaluated, want 4, and 3 for the lists on one engine", len(rep.targets))
	}
	if md := rep.markdown(); len(md) < 1000 {
		t.Errorf("the report is suspiciously short:\n%s", md)
	}
}

// testWriter sends the harness's progress lines to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func TestReattachFor(t *testing.T) {
	const attach = `{"Protocol":"grpc","ProtocolVersion":6,"Pid":42,"Test":true,"Addr":{"Network":"unix","String":"/tmp/plugin1"}}`
	for _, address := range []string{providerAddress, tofuProviderAddress} {
		for _, key := range []string{providerAddress, "webex-terraform/webex"} {
			got, err := reattachFor(`{"`+key+`":`+attach+`}`, 42, address)
			if err != nil {
				t.Fatalf("key %q: %v", key, err)
			}
			if want := `{"` + address + `":` + attach + `}`; got != want {
				t.Errorf("key %q:\n got %s\nwant %s", key, got, want)
			}
		}
	}
	for name, raw := range map[string]string{
		"other provider": `{"registry.terraform.io/hashicorp/null":` + attach + `}`,
		"two providers":  `{"a/b":` + attach + `,"c/d":` + attach + `}`,
		"not json":       `{`,
	} {
		if _, err := reattachFor(raw, 42, providerAddress); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := reattachFor(`{"`+providerAddress+`":`+attach+`}`, 43, providerAddress); err == nil {
		t.Error("a reattach line of another process was accepted")
	}
}

func TestWatchReattach(t *testing.T) {
	r, w := io.Pipe()
	found := watchReattach(r)
	for _, chunk := range []string{"Provider started.\n\n\tTF_REATTACH_", "PROVIDERS='{\"a\":1}'", "\nlater output\n", "and more, all read\n"} {
		if n, err := w.Write([]byte(chunk)); n != len(chunk) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	w.Close()
	select {
	case got := <-found:
		if got != `{"a":1}` {
			t.Errorf("got %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the reattach line was not found")
	}
}

func TestMedian(t *testing.T) {
	if got := median([]int64{5, 1, 3}); got != 3 {
		t.Errorf("odd: %d", got)
	}
	if got := median([]time.Duration{4, 1, 3, 2}); got != 2 {
		t.Errorf("even: %d", got)
	}
}

func TestProcessCPUSelf(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("not Linux")
	}
	if _, err := processCPU(os.Getpid()); err != nil {
		t.Error(err)
	}
	if kib, err := peakRSS(os.Getpid()); err != nil || kib <= 0 {
		t.Errorf("peakRSS = %d, %v", kib, err)
	}
}
