package webex

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

func ptr[T any](v T) *T { return &v }

func TestGetRecording_everyField(t *testing.T) {
	_, baseURL := startSimulator(t)
	c := newTestClient(t, baseURL, simulator.UserToken)
	before := time.Now()
	rec, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	if err != nil {
		t.Fatalf("GetRecording: %v", err)
	}
	links := rec.TemporaryDirectDownloadLinks
	if links == nil {
		t.Fatal("temporaryDirectDownloadLinks missing")
	}
	for name, link := range map[string]string{
		"recording":  links.RecordingDownloadLink,
		"audio":      links.AudioDownloadLink,
		"transcript": links.TranscriptDownloadLink,
	} {
		u, err := url.Parse(link)
		if err != nil || u.Host != "site4-example.webex.com" || u.Query().Get("ticket") == "" {
			t.Errorf("%s link %q: want a site4-example.webex.com URL with a ticket", name, link)
		}
	}
	exp, err := time.Parse(time.RFC3339, links.Expiration)
	if err != nil {
		t.Fatalf("expiration %q: %v", links.Expiration, err)
	}
	if d := exp.Sub(before); d < 2*time.Hour+59*time.Minute || d > 3*time.Hour+time.Minute {
		t.Errorf("expiration %s is %s after the request, want 3h", links.Expiration, d)
	}

	rec.TemporaryDirectDownloadLinks = nil
	want := &Recording{
		ID:                 "4f914b1dfe3c4d11a61730f18c0f5387",
		MeetingID:          "f91b6edce9864428af084977b7c68291_I_166641849979635652",
		ScheduledMeetingID: "f91b6edce9864428af084977b7c68291_20200713T121500Z",
		MeetingSeriesID:    "f91b6edce9864428af084977b7c68291",
		Topic:              "Example Topic",
		CreateTime:         "2020-07-13T17:11:35Z",
		TimeRecorded:       "2020-07-13T17:05:35Z",
		SiteURL:            "site4-example.webex.com",
		DownloadURL:        "https://site4-example.webex.com/site4/lsr.php?RCID=b91990e37417bda24986e46cf43345ab",
		PlaybackURL:        "https://site4-example.webex.com/site4/ldr.php?RCID=69201a61d1d94a84aca18817261d1a73",
		Password:           "BgJep@43",
		Format:             FormatARF,
		ServiceType:        ServiceTypeMeetingCenter,
		DurationSeconds:    ptr[int64](18416),
		SizeBytes:          ptr[int64](168103),
		ShareToMe:          ptr(false),
		IntegrationTags: []string{
			"dbaeceebea5c4a63ac9d5ef1edfe36b9",
			"85e1d6319aa94c0583a6891280e3437d",
			"27226d1311b947f3a68d6bdf8e4e19a1",
		},
		Status: StatusAvailable,
	}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("recording mismatch\n got: %+v\nwant: %+v", rec, want)
	}
}

func TestGetRecording_absentFields(t *testing.T) {
	_, baseURL := startSimulator(t)
	c := newTestClient(t, baseURL, simulator.UserToken)
	ctx := context.Background()

	prevented, err := c.GetRecording(ctx, simulator.PreventDownloadRecordingID, GetRecordingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if prevented.DownloadURL != "" || prevented.TemporaryDirectDownloadLinks != nil {
		t.Errorf("prevent-downloading recording: downloadUrl %q, links %+v; want both absent",
			prevented.DownloadURL, prevented.TemporaryDirectDownloadLinks)
	}
	if prevented.PlaybackURL == "" {
		t.Error("playbackUrl should still be present")
	}

	large, err := c.GetRecording(ctx, simulator.LargeUploadedRecordingID, GetRecordingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if large.SizeBytes == nil || *large.SizeBytes != 6442450944 {
		t.Errorf("sizeBytes = %v, want 6442450944 (beyond 2^32)", large.SizeBytes)
	}
	if large.Format != FormatUploaded {
		t.Errorf("format = %q, want UPLOADED", large.Format)
	}
	if large.IntegrationTags != nil {
		t.Errorf("integrationTags = %v, want absent (nil)", large.IntegrationTags)
	}
	l := large.TemporaryDirectDownloadLinks
	if l == nil || l.RecordingDownloadLink == "" || l.AudioDownloadLink != "" || l.TranscriptDownloadLink != "" {
		t.Errorf("links = %+v, want only the recording link", l)
	}
}

func TestGetRecording_requestShape(t *testing.T) {
	sim, baseURL := startSimulator(t)
	c := newTestClient(t, baseURL, simulator.AdminToken, func(cfg *Config) { cfg.UserAgent = "terraform-provider-webex/1.2.3" })
	_, err := c.GetRecording(context.Background(), simulator.OtherHostRecordingID, GetRecordingOptions{
		HostEmail: "bob@example.com",
		Timezone:  "America/Los_Angeles",
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := sim.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	checks := map[string][2]string{
		"method":        {r.Method, http.MethodGet},
		"path":          {r.Path, "/v1/recordings/" + simulator.OtherHostRecordingID},
		"query":         {r.RawQuery, "hostEmail=bob%40example.com"},
		"authorization": {r.Header.Get("Authorization"), "Bearer " + simulator.AdminToken},
		"user-agent":    {r.Header.Get("User-Agent"), "terraform-provider-webex/1.2.3"},
		"timezone":      {r.Header.Get("timezone"), "America/Los_Angeles"},
		"accept":        {r.Header.Get("Accept"), "application/json"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
}

func TestGetRecording_timezoneShiftsTimes(t *testing.T) {
	_, baseURL := startSimulator(t)
	c := newTestClient(t, baseURL, simulator.UserToken)
	rec, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{Timezone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	if rec.CreateTime != "2020-07-13T10:11:35-07:00" || rec.TimeRecorded != "2020-07-13T10:05:35-07:00" {
		t.Errorf("times = %s, %s; want them kept with the -07:00 offset", rec.CreateTime, rec.TimeRecorded)
	}
}

// An id is one path segment: whatever it holds, it cannot reach another endpoint.
func TestGetRecording_idIsOnePathSegment(t *testing.T) {
	sim, baseURL := startSimulator(t)
	c := newTestClient(t, baseURL, simulator.UserToken)
	for _, id := range []string{"../../people/me", "..%2F..%2Fpeople%2Fme", "x/../../people/me", "a?hostEmail=x", "a#b"} {
		_, err := c.GetRecording(context.Background(), id, GetRecordingOptions{})
		if !isStatus(err, http.StatusNotFound) {
			t.Errorf("id %q: err = %v, want a 404 from the recordings endpoint", id, err)
		}
	}
	for _, r := range sim.Requests() {
		if !strings.HasPrefix(r.Path, "/v1/recordings/") || strings.Count(r.Path, "/") != 3 {
			t.Errorf("request escaped the recordings endpoint: %q", r.Path)
		}
	}
	if got := sim.Requests(); len(got) != 5 {
		t.Errorf("%d requests, want 5", len(got))
	}
	if want := "/v1/recordings/..%2F..%2Fpeople%2Fme"; sim.Requests()[0].Path != want {
		t.Errorf("path = %q, want %q", sim.Requests()[0].Path, want)
	}

	sim.ResetRequests()
	for _, id := range []string{"", " ", ".", ".."} {
		_, err := c.GetRecording(context.Background(), id, GetRecordingOptions{})
		if !errors.Is(err, ErrInvalidID) {
			t.Errorf("id %q: err = %v, want ErrInvalidID", id, err)
		}
	}
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d requests for invalid ids, want none", n)
	}
}

func TestGetRecording_apiErrors(t *testing.T) {
	_, baseURL := startSimulator(t)
	cases := []struct {
		name    string
		token   string
		id      string
		opts    GetRecordingOptions
		status  int
		message string
	}{
		{"unknown token", "nope", simulator.ExampleRecordingID, GetRecordingOptions{}, 401, "valid access token"},
		{"expired token", simulator.ExpiredToken, simulator.ExampleRecordingID, GetRecordingOptions{}, 401, "expired"},
		{"no scope", simulator.NoScopeToken, simulator.ExampleRecordingID, GetRecordingOptions{}, 403, "meeting:recordings_read"},
		{"hostEmail without admin scope", simulator.UserToken, simulator.OtherHostRecordingID, GetRecordingOptions{HostEmail: "bob@example.com"}, 403, "meeting:admin_recordings_read"},
		{"not shared", simulator.UserToken, simulator.OtherHostRecordingID, GetRecordingOptions{}, 404, ""},
		{"purged", simulator.UserToken, simulator.PurgedRecordingID, GetRecordingOptions{}, 410, ""},
		{"bad zone", simulator.UserToken, simulator.ExampleRecordingID, GetRecordingOptions{Timezone: "Mars/Base"}, 400, "imezone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, baseURL, tc.token)
			_, err := c.GetRecording(context.Background(), tc.id, tc.opts)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if apiErr.StatusCode != tc.status {
				t.Errorf("status = %d, want %d", apiErr.StatusCode, tc.status)
			}
			if apiErr.Message == "" {
				t.Error("Webex's message was not decoded")
			}
			if !strings.Contains(apiErr.Detail(), tc.message) {
				t.Errorf("detail %q does not mention %q", apiErr.Detail(), tc.message)
			}
			if !strings.HasPrefix(apiErr.TrackingID, "ROUTER_") {
				t.Errorf("tracking id = %q", apiErr.TrackingID)
			}
			if apiErr.Attempts != 1 {
				t.Errorf("attempts = %d; %d is never retried", apiErr.Attempts, tc.status)
			}
			if !strings.Contains(err.Error(), apiErr.TrackingID) {
				t.Errorf("error text %q lacks the tracking id", err)
			}
		})
	}
}

func TestDecodeAPIError(t *testing.T) {
	cases := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   APIError
	}{
		{
			name: "webex document", status: 404,
			header: header("Content-Type", "application/json", "TrackingID", "ROUTER_HEADER"),
			body:   `{"message":"The requested resource could not be found.","errors":[{"description":"The requested resource could not be found."},{"description":"Recording is not shared."}],"trackingId":"ROUTER_BODY"}`,
			want: APIError{StatusCode: 404, Message: "The requested resource could not be found.",
				Descriptions: []string{"The requested resource could not be found.", "Recording is not shared."}, TrackingID: "ROUTER_BODY"},
		},
		{
			name: "tracking id from header", status: 401,
			header: header("Content-Type", "application/json; charset=utf-8", "TrackingID", "ROUTER_HEADER"),
			body:   `{"message":"Unauthorized"}`,
			want:   APIError{StatusCode: 401, Message: "Unauthorized", TrackingID: "ROUTER_HEADER"},
		},
		{
			name: "html page", status: 503,
			header: header("Content-Type", "text/html", "Retry-After", "7"),
			body:   "<html>maintenance</html>",
			want:   APIError{StatusCode: 503, RetryAfter: 7 * time.Second, BodyProblem: "the body was text/html, not a Webex error document"},
		},
		{
			name: "ticket and URL query masked", status: 400,
			header: header("Content-Type", "application/json"),
			body:   `{"message":"bad link https://x/y?a=1&ticket=SECRET123&b=2","errors":[{"description":"Bearer abc.def"}]}`,
			want:   APIError{StatusCode: 400, Message: "bad link https://x/y?REDACTED", Descriptions: []string{"Bearer abc.def"}},
		},
		{
			name: "text quoting the token withheld, shapes masked, tracking ids dropped", status: 401,
			header: header("Content-Type", "application/json", "TrackingID", "ROUTER_"+simulator.UserToken),
			body: `{"message":"token ` + simulator.UserToken + ` is not valid","errors":[{"description":"ticket=T1 \"password\":\"p\""}],` +
				`"trackingId":"ROUTER_X ` + simulator.UserToken + `"}`,
			want: APIError{StatusCode: 401, Message: Withheld, Descriptions: []string{`ticket=REDACTED "password":"REDACTED"`}},
		},
		{
			name: "tracking id that is not one dropped", status: 500,
			header: header("TrackingID", "https://evil.example/x?ticket=T2&token="+simulator.UserToken),
			want:   APIError{StatusCode: 500},
		},
		{
			name: "empty body", status: 502, header: header(),
			want: APIError{StatusCode: 502},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: tc.status, Header: tc.header}
			got := decodeAPIError(testCredentials(simulator.UserToken), resp, []byte(tc.body), nil)
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestParseBaseURL(t *testing.T) {
	good := map[string]string{
		"https://webexapis.com/v1":       "https://webexapis.com/v1",
		"https://webexapis.com/v1/":      "https://webexapis.com/v1",
		"https://api-usgov.webex.com/v1": "https://api-usgov.webex.com/v1",
		"http://127.0.0.1:8080/v1":       "http://127.0.0.1:8080/v1",
		"http://127.9.9.9/v1":            "http://127.9.9.9/v1",
		"http://[::1]:9000/v1":           "http://[::1]:9000/v1",
		"http://localhost:9000/v1":       "http://localhost:9000/v1",
	}
	for in, want := range good {
		u, err := ParseBaseURL(in)
		if err != nil || u.String() != want {
			t.Errorf("ParseBaseURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	bad := map[string]string{
		"http://webexapis.com/v1":                "unencrypted",
		"http://10.0.0.1/v1":                     "unencrypted",
		"http://localhost.evil.com/v1":           "unencrypted",
		"ftp://webexapis.com/v1":                 "absolute https URL",
		"webexapis.com/v1":                       "absolute https URL",
		"https://user:S3CRET@webexapis.com":      "user name or password",
		"https://user:S3CRET@proxy.example.com/": "user name or password",
		"https://user:S3CRET@[bad/v1":            "not a valid URL",
		"https://webexapis.com/v1?x=1":           "query",
		"https://webexapis.com/v1?token=S3CRET":  "query",
		"://":                                    "not a valid URL",
	}
	for in, want := range bad {
		_, err := ParseBaseURL(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseBaseURL(%q) err = %v, want one mentioning %q", in, err, want)
		}
		// Credentials written into the URL are never repeated.
		if err != nil && strings.Contains(err.Error(), "S3CRET") {
			t.Errorf("ParseBaseURL(%q) err = %v repeats the secret", in, err)
		}
	}
}

func TestNew_rejectsBadConfig(t *testing.T) {
	cases := map[string]Config{
		"no token":         {BaseURL: DefaultBaseURL},
		"blank token":      {BaseURL: DefaultBaseURL, AccessToken: "  "},
		"plain http":       {BaseURL: "http://webexapis.com/v1", AccessToken: "t"},
		"negative retries": {AccessToken: "t", MaxRetries: -1},
		"negative timeout": {AccessToken: "t", RequestTimeout: -time.Second},
	}
	for name, cfg := range cases {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		}
	}
}

// A redirect to another host must not carry the token; one to the same
// host may, and one from https to http is refused.
func TestRedirects_dropTheTokenAcrossHosts(t *testing.T) {
	origin, _ := startSimulator(t)
	other, otherURL := startSimulator(t)
	redirects := 1
	originURL := withFault(t, origin, func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case r.URL.Query().Has("moved"):
			return false
		case redirects > 0:
			redirects--
			http.Redirect(w, r, otherURL+"/recordings/"+simulator.ExampleRecordingID, http.StatusTemporaryRedirect)
		default:
			http.Redirect(w, r, r.URL.Path+"?moved=1", http.StatusTemporaryRedirect)
		}
		return true
	})
	c := newTestClient(t, originURL, simulator.UserToken)
	_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	// The other host sees no token, so it answers 401.
	if !isStatus(err, http.StatusUnauthorized) {
		t.Fatalf("err = %v, want the other host's 401", err)
	}
	reqs := other.Requests()
	if len(reqs) != 1 {
		t.Fatalf("other host saw %d requests, want 1", len(reqs))
	}
	if got := reqs[0].Header.Get("Authorization"); got != "" {
		t.Errorf("the token crossed to another host: Authorization = %q", got)
	}

	// Same host: the token stays.
	rec, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{Fresh: true})
	if err != nil || rec.ID != simulator.ExampleRecordingID {
		t.Fatalf("same-host redirect: %v, %+v", err, rec)
	}
	if got := origin.Requests(); got[len(got)-1].Header.Get("Authorization") == "" {
		t.Error("the token was dropped on a same-host redirect")
	}
}

// Five redirects in a row are followed; a sixth is refused, and not retried.
func TestRedirects_followFiveRefuseTheSixth(t *testing.T) {
	for _, hops := range []int{5, 6} {
		sim, _ := startSimulator(t)
		requests, left := 0, hops
		baseURL := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
			requests++
			if left == 0 {
				return false
			}
			left--
			http.Redirect(w, r, r.URL.Path+"?hop="+strconv.Itoa(left), http.StatusFound)
			return true
		})
		c := newTestClient(t, baseURL, simulator.UserToken)
		rec, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
		switch hops {
		case 5:
			if err != nil || rec.ID != simulator.ExampleRecordingID || requests != 6 {
				t.Errorf("5 redirects: %v after %d requests, want the recording after 6", err, requests)
			}
		case 6:
			var transportErr *TransportError
			if !errors.As(err, &transportErr) || !strings.Contains(err.Error(), "more than 5 redirects") || requests != 6 {
				t.Errorf("6 redirects: %v after %d requests, want a refusal after 6 requests and no retry", err, requests)
			}
		}
	}
}

func TestCheckRedirect_refusesDowngrade(t *testing.T) {
	from, _ := http.NewRequest(http.MethodGet, "https://webexapis.com/v1/recordings/x", nil)
	to, _ := http.NewRequest(http.MethodGet, "http://webexapis.com/v1/recordings/x", nil)
	if err := checkRedirect(to, []*http.Request{from}); err == nil {
		t.Error("a redirect from https to http was followed")
	}
	var redirectErr *redirectError
	c := &Client{baseURL: from.URL, creds: &credentials{}}
	if err := checkRedirect(to, []*http.Request{from}); !errors.As(err, &redirectErr) || c.transportError(err).Retried {
		t.Errorf("err = %v, want a redirectError that is not retried", err)
	}
}

// Identical data source reads share an answer for ReadReuseWindow, then
// read again; a different host email or time zone is a different read;
// failures are not remembered; a Fresh read always asks Webex and feeds
// nothing to the others.
func TestGetRecording_repeatedReadsShareOneRequest(t *testing.T) {
	sim, baseURL := startSimulator(t)
	c := newTestClient(t, baseURL, simulator.UserToken)
	ctx := context.Background()
	for range 3 {
		rec, err := c.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{})
		if err != nil {
			t.Fatal(err)
		}
		rec.IntegrationTags[0] = "changed by a caller"
	}
	if n := len(sim.Requests()); n != 1 {
		t.Errorf("%d requests for three identical reads, want 1", n)
	}
	rec, err := c.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{})
	if err != nil || rec.IntegrationTags[0] != "dbaeceebea5c4a63ac9d5ef1edfe36b9" {
		t.Errorf("a caller's change leaked into the remembered read: %v %v", err, rec)
	}
	if _, err := c.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{Timezone: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := c.GetRecording(ctx, simulator.OtherHostRecordingID, GetRecordingOptions{}); !isStatus(err, http.StatusNotFound) {
			t.Fatalf("err = %v, want 404", err)
		}
	}
	if n := len(sim.Requests()); n != 4 {
		t.Errorf("%d requests, want 4: one per distinct successful read, and every failed one", n)
	}

	// Fresh reads always ask, and leave nothing for the others.
	sim.ResetRequests()
	for range 2 {
		if _, err := c.GetRecording(ctx, simulator.SharedRecordingID, GetRecordingOptions{Fresh: true}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.GetRecording(ctx, simulator.SharedRecordingID, GetRecordingOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := len(sim.Requests()); n != 3 {
		t.Errorf("%d requests for two fresh reads and a data source read, want 3", n)
	}

	// After the window, a data source read asks Webex again.
	sim.ResetRequests()
	time.Sleep(ReadReuseWindow + 50*time.Millisecond)
	if _, err := c.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := len(sim.Requests()); n != 1 {
		t.Errorf("%d requests for a read after the reuse window, want 1", n)
	}
}

// The answer must be the recording asked for: another recording's links
// and password must never be stored under this id.
func TestGetRecording_refusesAnotherRecording(t *testing.T) {
	sim, _ := startSimulator(t)
	baseURL := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
		answer(w, 200, "application/json", `{"id":"SOME-OTHER-RECORDING","topic":"not yours"}`)
		return true
	})
	c := newTestClient(t, baseURL, simulator.UserToken)
	_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	var respErr *ResponseError
	if !errors.As(err, &respErr) || !strings.Contains(err.Error(), `the answer is recording "SOME-OTHER-RECORDING", but recording "`+simulator.ExampleRecordingID+`" was asked for`) {
		t.Errorf("err = %v, want a ResponseError naming both ids", err)
	}
}
