package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// -recordings serves generated recordings by the ids and times make bench
// relies on, and -stats keeps a file of the request and 429 counters.
func TestSetUpBench(t *testing.T) {
	stats := filepath.Join(t.TempDir(), "stats")
	*generate, *statsFile = 3, stats
	t.Cleanup(func() { *generate, *statsFile = 0, "" })
	srv, err := simulator.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if err := setUpBench(ctx, srv.Sim); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(stats); err != nil || string(data) != "0 0\n" {
		t.Fatalf("stats file before any request: %q, %v; want \"0 0\\n\"", data, err)
	}

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.BaseURL+"/recordings/6e6e0000000000000000000000000003", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+simulator.UserToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rec struct{ CreateTime string }
	if err := json.NewDecoder(resp.Body).Decode(&rec); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the third generated recording: status %d, %v", resp.StatusCode, err)
	}
	if want := generatedNewest.Add(-2 * time.Minute).Format(time.RFC3339); rec.CreateTime != want {
		t.Errorf("createTime %s, want %s (the newest at %s, a minute apart)", rec.CreateTime, want, generatedNewest.Format(time.RFC3339))
	}

	var got string
	for deadline := time.Now().Add(5 * time.Second); got != "1 0" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		data, _ := os.ReadFile(stats)
		got = strings.TrimSpace(string(data))
	}
	if got != "1 0" {
		t.Errorf("stats file after one request: %q, want \"1 0\"", got)
	}
}

func TestSetUpBenchRefusesNegativeCount(t *testing.T) {
	*generate = -1
	t.Cleanup(func() { *generate = 0 })
	if err := setUpBench(t.Context(), simulator.New()); err == nil {
		t.Error("-recordings -1 was accepted")
	}
}
