package webex

import (
	"net/http"
	"strings"
	"testing"
)

// Seeds: the reference answer, Webex errors, and the broken bodies the
// simulator serves.
var fuzzSeeds = []struct {
	contentType string
	body        string
}{
	{"application/json;charset=UTF-8", `{"id":"4f914b1dfe3c4d11a61730f18c0f5387","topic":"Example Topic","createTime":"2020-07-13T17:11:35Z","downloadUrl":"https://x/lsr.php","temporaryDirectDownloadLinks":{"recordingDownloadLink":"https://x/y?ticket=abc","expiration":"2022-05-01T10:30:25Z"},"format":"ARF","durationSeconds":18416,"sizeBytes":168103,"shareToMe":false,"integrationTags":["a","b"],"status":"available"}`},
	{"application/json", `{"message":"The requested resource could not be found.","errors":[{"description":"x"}],"trackingId":"ROUTER_1"}`},
	{"text/html", "<html><body>maintenance</body></html>"},
	{"application/json", `{"id":"abc","topic":"cut`},
	{"application/json", `[1,2,3]`},
	{"application/json", `{"id": 12, "sizeBytes": "big"}`},
	{"application/json", `{"sizeBytes": 1e400}`},
	{"application/json", `{"integrationTags": [null, 1]}`},
	{"", ""},
	{"application/problem+json", `{"temporaryDirectDownloadLinks": null}`},
}

// FuzzDecodeRecording feeds arbitrary bodies to the recording decoder: it
// must never panic, and must either decode a recording with an id or say
// why it could not.
func FuzzDecodeRecording(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s.contentType, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		resp := &response{StatusCode: 200, Header: http.Header{"Content-Type": {contentType}, "Trackingid": {"ROUTER_FUZZ"}}, Body: body, redactor: NewRedactor(fuzzToken)}
		var rec Recording
		err := decodeJSON(resp, &rec)
		if err == nil {
			return
		}
		respErr, ok := err.(*ResponseError)
		if !ok {
			t.Fatalf("decodeJSON returned %T, want *ResponseError", err)
		}
		if respErr.Reason == "" || !strings.Contains(respErr.Error(), "200 OK") {
			t.Fatalf("error %q lacks a reason or the status", respErr.Error())
		}
		checkRedacted(t, "error", respErr.Error())
	})
}

// fuzzToken is the access token the fuzzed redactor knows.
const fuzzToken = "ZmFrZS10b2tlbi1mb3ItZnV6emluZw"

// FuzzDecodeAPIError feeds arbitrary error answers, tracking id header
// included, to the error decoder: it must never panic, always keep the
// status, and never let the access token, a download ticket or a URL's
// query string through into any text of the error.
func FuzzDecodeAPIError(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(404, s.contentType, "7", "ROUTER_1", []byte(s.body))
	}
	f.Add(400, "application/json", "Wed, 21 Oct 2015 07:28:00 GMT", "", []byte(`{"message":"bad ticket=SECRET&x=1"}`))
	f.Add(401, "application/json", "", "", []byte(`{"message":"token `+fuzzToken+` expired","trackingId":"ROUTER_`+fuzzToken+`"}`))
	f.Add(500, "application/json", "", "ROUTER_"+fuzzToken, []byte(`{"errors":[{"description":"see https://x.example/a?ticket=T&b=c"}],"trackingId":"https://x/y?q=`+fuzzToken+`"}`))
	f.Add(502, "text/html; charset="+fuzzToken, "", "", []byte(`<html>`))
	redactor := NewRedactor(fuzzToken)
	f.Fuzz(func(t *testing.T, status int, contentType, retryAfter, trackingID string, body []byte) {
		resp := &http.Response{StatusCode: status, Header: http.Header{
			"Content-Type": {contentType}, "Retry-After": {retryAfter}, "Trackingid": {trackingID},
		}}
		apiErr := decodeAPIError(redactor, resp, body, nil)
		if apiErr.StatusCode != status {
			t.Fatalf("status %d became %d", status, apiErr.StatusCode)
		}
		if apiErr.RetryAfter < 0 {
			t.Fatalf("negative Retry-After %s from %q", apiErr.RetryAfter, retryAfter)
		}
		for name, text := range map[string]string{"error": apiErr.Error(), "tracking id": apiErr.TrackingID} {
			checkRedacted(t, name, text)
		}
	})
}

// checkRedacted fails when text holds the fuzzed token, an unredacted
// ticket or a URL with a query string that is not redacted.
func checkRedacted(t *testing.T, name, text string) {
	t.Helper()
	if strings.Contains(text, fuzzToken) {
		t.Fatalf("the access token survived into the %s: %q", name, text)
	}
	if shape := secretShape(text); shape != "" {
		t.Fatalf("%s survived into the %s: %q", shape, name, text)
	}
}

// secretShape names what in text is shaped like a secret and not
// redacted: a ticket or a URL query; "" when nothing is.
func secretShape(text string) string {
	if m := SecretPatterns[0].FindString(text); m != "" && !strings.HasSuffix(m, Redacted) {
		return "a ticket"
	}
	if m := urlQueryPattern.FindStringSubmatchIndex(text); m != nil && !strings.HasPrefix(text[m[3]:], "?"+Redacted) {
		return "a URL query"
	}
	return ""
}
