package webex

import (
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Seeds: the reference answer, Webex errors, and broken bodies.
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
	{"", ""},
	{"application/problem+json", `{"temporaryDirectDownloadLinks": null}`},
}

// fuzzToken is the credential the fuzzed client holds.
const fuzzToken = "ZmFrZS10b2tlbi1mb3ItZnV6emluZw"

// fuzzCredentials knows fuzzToken.
func fuzzCredentials() *credentials {
	c := &credentials{}
	c.add(true, fuzzToken)
	return c
}

// FuzzDecodeRecording feeds arbitrary bodies to the recording decoder: it
// must never panic, and must decode a recording or say why it could not,
// without the credential in any form.
func FuzzDecodeRecording(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s.contentType, []byte(s.body))
	}
	f.Add("application/json", []byte(`{"id": "`+fuzzToken+`", "x": `))
	creds := fuzzCredentials()
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		resp := &response{StatusCode: 200, Header: http.Header{"Content-Type": {contentType}, "Trackingid": {"ROUTER_FUZZ"}}, Body: body, creds: creds}
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
		checkNoCredential(t, "error", respErr.Error())
	})
}

// FuzzDecodeAPIError feeds arbitrary error answers to the error decoder:
// it must never panic, always keep the status, and never let the
// credential out in any form it may be quoted in.
func FuzzDecodeAPIError(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(404, s.contentType, "7", "ROUTER_1", []byte(s.body))
	}
	basic := base64.StdEncoding.EncodeToString([]byte("client:" + fuzzToken))
	f.Add(400, "application/json", "Wed, 21 Oct 2015 07:28:00 GMT", "", []byte(`{"message":"bad ticket=SECRET&x=1"}`))
	f.Add(401, "application/json", "", "", []byte(`{"message":"token `+fuzzToken+` expired","trackingId":"ROUTER_`+fuzzToken+`"}`))
	f.Add(401, "application/json", "", "", []byte(`{"message":"Basic `+basic+` refused","errors":[{"description":"`+hex.EncodeToString([]byte(fuzzToken))+`"}]}`))
	f.Add(500, "application/json", "", fuzzToken, []byte(`{"errors":[{"description":"see https://x.example/a?q=`+url.QueryEscape(fuzzToken)+`"}]}`))
	f.Add(502, "text/html; charset="+fuzzToken, "", "", []byte(`<html>`))
	creds := fuzzCredentials()
	f.Fuzz(func(t *testing.T, status int, contentType, retryAfter, trackingID string, body []byte) {
		resp := &http.Response{StatusCode: status, Header: http.Header{
			"Content-Type": {contentType}, "Retry-After": {retryAfter}, "Trackingid": {trackingID},
		}}
		apiErr := decodeAPIError(creds, resp, body, nil)
		if apiErr.StatusCode != status {
			t.Fatalf("status %d became %d", status, apiErr.StatusCode)
		}
		if apiErr.RetryAfter < 0 {
			t.Fatalf("negative Retry-After %s from %q", apiErr.RetryAfter, retryAfter)
		}
		checkNoCredential(t, "error", apiErr.Error())
	})
}

// checkNoCredential fails when text holds fuzzToken, or a piece of it, in
// any form the credentials check decodes.
func checkNoCredential(t *testing.T, name, text string) {
	t.Helper()
	if fuzzCredentials().quotedIn(text) {
		t.Fatalf("the credential survived into the %s: %q", name, text)
	}
}
