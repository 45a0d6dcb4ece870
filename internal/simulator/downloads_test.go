package simulator_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// fetch GETs an absolute URL without credentials, as curl in a provisioner does.
func fetch(t *testing.T, link string) (int, string, http.Header) {
	t.Helper()
	resp, err := noRedirectClient().Get(link)
	if err != nil {
		t.Fatalf("GET %s: %v", link, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

func TestTemporaryLinksToTheSimulatorDownload(t *testing.T) {
	sim, ts := start(t)
	clock, advance := frozenClock(time.Now())
	sim.SetClock(clock)

	got := make(map[string]string)
	for key, v := range links(t, getRec(t, ts, simulator.AllHandsRecordingID, simulator.UserToken).json(t)) {
		got[key], _ = v.(string)
	}
	for key, wantType := range map[string]string{
		"recordingDownloadLink":  "video/mp4",
		"audioDownloadLink":      "audio/mp4",
		"transcriptDownloadLink": "text/plain; charset=utf-8",
	} {
		link := got[key]
		if !strings.HasPrefix(link, ts.URL+"/nbr/") {
			t.Errorf("%s = %q, want a link to the simulator's own origin %s", key, link, ts.URL)
			continue
		}
		status, body, header := fetch(t, link)
		if status != http.StatusOK || header.Get("Content-Type") != wantType ||
			!strings.Contains(body, simulator.AllHandsRecordingID) || len(body) > 1024 {
			t.Errorf("%s: status %d, Content-Type %q, body %q; want 200, %s and a small file naming the recording",
				key, status, header.Get("Content-Type"), body, wantType)
		}
	}

	// A ticket is good for its own kind of file only.
	recording, err := url.Parse(got["recordingDownloadLink"])
	if err != nil {
		t.Fatal(err)
	}
	audio, err := url.Parse(got["audioDownloadLink"])
	if err != nil {
		t.Fatal(err)
	}
	q := audio.Query()
	q.Set("ticket", recording.Query().Get("ticket"))
	audio.RawQuery = q.Encode()
	if status, _, _ := fetch(t, audio.String()); status != http.StatusForbidden {
		t.Errorf("audio link with the recording's ticket: status %d, want 403", status)
	}
	q.Set("ticket", "SDJTSwAAAIUBSHkvL6Z5ddyBim5/HcJYcvn6IoXNEyCE2mAYQ5BlBg==")
	audio.RawQuery = q.Encode()
	if status, _, _ := fetch(t, audio.String()); status != http.StatusForbidden {
		t.Errorf("unknown ticket: status %d, want 403", status)
	}
	if status, _, _ := fetch(t, ts.URL+"/nbr/downloadMedia.do?mediaType=3&ticket=x"); status != http.StatusNotFound {
		t.Errorf("unknown media type: status %d, want 404", status)
	}

	// Links expire 3 hours after the read, as the answer's expiration says.
	advance(3*time.Hour - time.Second)
	if status, _, _ := fetch(t, got["recordingDownloadLink"]); status != http.StatusOK {
		t.Errorf("just before expiration: status %d, want 200", status)
	}
	advance(time.Second)
	if status, body, _ := fetch(t, got["recordingDownloadLink"]); status != http.StatusGone || !strings.Contains(body, "expired") {
		t.Errorf("at expiration: status %d, body %q; want 410 saying it expired", status, body)
	}
}

// The default 7-day window finds the recent fixtures, newest first, so
// that `data "webex_recordings" "recent" {}` returns something.
func TestRecentFixturesInTheDefaultWindow(t *testing.T) {
	_, ts := start(t)
	items, _ := listPage(t, ts, "/v1/recordings", simulator.UserToken, nil)
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	want := []string{simulator.AllHandsRecordingID, simulator.WeeklySyncRecordingID, simulator.CustomerCallRecordingID}
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("default window lists %v, want %v", ids, want)
	}
}

func TestFixturesDescribeEveryBuiltInRecording(t *testing.T) {
	sim := simulator.New()
	fixtures := sim.Fixtures()
	if len(fixtures) != 15 {
		t.Errorf("%d fixtures, want 15", len(fixtures))
	}
	for i, f := range fixtures {
		if f.ID == "" || f.Host == "" || f.Status == "" || f.Note == "" || f.CreateTime.IsZero() {
			t.Errorf("incomplete fixture %+v", f)
		}
		if i > 0 && f.CreateTime.After(fixtures[i-1].CreateTime) {
			t.Errorf("fixtures not newest first at %s", f.ID)
		}
	}
}
