package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// syncBuffer lets the test read what run writes from another goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var exportRE = regexp.MustCompile(`(?m)^export WEBEX_BASE_URL=(http://127\.0\.0\.1:\d+/v1) WEBEX_ACCESS_TOKEN=(\S+)$`)

// The output is a shell script (one export line, comments otherwise)
// whose URL and token reach the running simulator, and it names every
// built-in recording.
func TestRunPrintsEvalableEnvAndServes(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, &out, "127.0.0.1:0", 0, 0, 0) }()

	var m []string
	for deadline := time.Now().Add(10 * time.Second); m == nil && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		m = exportRE.FindStringSubmatch(out.String())
	}
	if m == nil {
		cancel()
		t.Fatalf("no export line in:\n%s", out.String())
	}
	text := out.String()
	for line := range strings.Lines(text) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "export ") {
			t.Errorf("not a shell comment or export: %q", line)
		}
	}
	for _, f := range simulator.New().Fixtures() {
		if !strings.Contains(text, f.ID) {
			t.Errorf("recording %s is not in the table", f.ID)
		}
	}

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, m[1]+"/recordings/"+simulator.ExampleRecordingID, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+m[2])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("reading the example recording with the printed URL and token: status %d", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop after its context ended")
	}
}

// The banner README.md shows is the real one, up to its table of
// recordings, whose first row's date is the start of a run.
func TestPrintEnv_matchesREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(string(readme), "\nIt prints a shell script")
	_, block, _ := strings.Cut(after, "```text\n")
	block, _, _ = strings.Cut(block, "```")
	var banner strings.Builder
	if err := printEnv(&banner, "http://127.0.0.1:9876/v1", simulator.New().Fixtures()); err != nil {
		t.Fatal(err)
	}
	want, _, _ := strings.Cut(banner.String(), "#   b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61")
	if !strings.HasPrefix(block, want) || want == "" {
		t.Errorf("README.md's banner differs from make sim's; paste the real one (up to the first recording):\n%s", want)
	}
}
