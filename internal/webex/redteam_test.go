package webex

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// Findings of an adversarial review, each pinned: a server that controls
// the answers must not get a secret into an error or a log line, nor make
// the client hold unbounded memory or time.

const secretToken = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_SECRETTOKEN-xYz"

// The token in another case, encoding or shape is still the token.
func TestRedact_formsAndShapes(t *testing.T) {
	r := NewRedactor(secretToken)
	for name, text := range map[string]string{
		"lower case":       strings.ToLower(secretToken) + "/json",
		"upper case":       strings.ToUpper(secretToken),
		"base64":           base64.StdEncoding.EncodeToString([]byte(secretToken)),
		"base64 url":       base64.RawURLEncoding.EncodeToString([]byte(secretToken)),
		"query escaped":    url.QueryEscape(secretToken + "/x"),
		"overlapping":      secretToken[:10] + secretToken,
		"json ticket":      `{"ticket":"TKT-1234"}`,
		"escaped ticket":   `https%3A%2F%2Fx%3Fticket%3DTKT-1234`,
		"yaml password":    `password: PW-1234`,
		"python password":  `{'password': 'PW-1234'}`,
		"pwd parameter":    `?a=1&pwd=PW-1234`,
		"ticket parameter": `see ticket=TKT-1234&x=1`,
		"json-escaped =":   `see ticket\u003dTKT-1234\u0026x=1`,
		"every byte %XX":   percentEncodeAll(secretToken),
		"every byte %xx":   strings.ToLower(percentEncodeAll(secretToken)),
		"all but the 1st":  "TRK_" + secretToken[1:],
		"in two pieces":    secretToken[:26] + " and " + secretToken[26:],
	} {
		got := r.Redact(text)
		for _, leak := range []string{"efghijklmnop", "EFGHIJKLMNOP", "TKT-1234", "PW-1234", "QWJDZEVm", "IjKlMnOpQr"} {
			if strings.Contains(got, leak) {
				t.Errorf("%s: %q left %q in %q", name, text, leak, got)
			}
		}
	}
	if got := NewRedactor(" ").Redact("a b c"); got != "a b c" {
		t.Errorf("a blank secret garbles text: %q", got)
	}
}

// A Content-Type holding the token, which the error lower-cases.
func TestRedact_contentTypeInAnyCase(t *testing.T) {
	resp := &response{StatusCode: 200, Header: http.Header{"Content-Type": {secretToken + "/json"}}, Body: []byte(`{"id":"x"}`),
		redactor: NewRedactor(secretToken)}
	err := decodeJSON(resp, &Recording{})
	if err == nil || strings.Contains(strings.ToLower(err.Error()), strings.ToLower(secretToken)[5:20]) {
		t.Errorf("err = %v, want one without the token in any case", err)
	}
}

// A password or ticket read once is a secret for the rest of the run:
// an error echoing it, or a path holding it, shows it nowhere.
func TestRedact_learnsPasswordsAndTickets(t *testing.T) {
	sim, baseURL := startSimulator(t)
	logs := &recordingLogger{}
	c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.Logger = logs; cfg.MaxRetries = 0 })
	rec, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ticket := ticketValue.FindStringSubmatch(rec.TemporaryDirectDownloadLinks.AudioDownloadLink)[1]
	echo := `{"message":"password ` + rec.Password + ` and ` + ticket + ` are wrong","trackingId":"TRK_` + ticket + `"}`
	if err := sim.SetBodyFault(simulator.SharedRecordingID, simulator.BodyFault{Kind: simulator.BodyCustom, Status: 404, Body: echo}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRecording(context.Background(), simulator.SharedRecordingID, GetRecordingOptions{})
	if err == nil || strings.Contains(err.Error(), rec.Password) || strings.Contains(err.Error(), ticket) {
		t.Errorf("err = %v, want the 404 without the password or the ticket", err)
	}
	// A path holding a secret is logged without it.
	_, _ = c.GetRecording(context.Background(), rec.Password, GetRecordingOptions{})
	if strings.Contains(logs.text(), url.PathEscape(rec.Password)) {
		t.Errorf("a path with the password was logged:\n%s", logs.text())
	}
	// The provider's own words stay, even where a password is one of them.
	r := NewRedactor()
	r.learnSecrets("Webex", "recording")
	if got := r.RedactCredentials("Webex could not find the recording"); got != "Webex could not find the recording" {
		t.Errorf("RedactCredentials = %q, want the words left alone", got)
	}
	if got := r.Redact("Webex could not find the recording"); got != "REDACTED could not find the REDACTED" {
		t.Errorf("Redact = %q, want the learned words redacted in server text", got)
	}
}

// A flood of learned passwords and tickets, honest (a long list) or not
// (one answer with thousands of tickets, huge passwords alike at their
// start), leaves the credentials and issued tokens redacted, keeps the
// redactor's memory bounded, and redaction fast.
func TestRedact_floodOfLearnedSecrets(t *testing.T) {
	r := NewRedactor(secretToken)
	issued := "IssuedAccessTOKEN-" + strings.Repeat("q", 40)
	r.addIssued(issued)
	for i := range 20_000 {
		r.learnSecrets(fmt.Sprintf("ticket-%07d-%s", i, strings.Repeat(" é", 8)))
	}
	link := "https://x/t.mp4?" + strings.Repeat("ticket=TKT-AAAAAAAAAA&", 50_000)
	r.learnRecording(&Recording{TemporaryDirectDownloadLinks: &TemporaryDirectDownloadLinks{TranscriptDownloadLink: link}})
	for i := range 20_000 {
		r.learnSecrets(fmt.Sprintf("%08d", i) + strings.Repeat(" é", 64))
	}
	if r.learnedBytes > maxLearnedBytes || r.learnedBytes < maxLearnedBytes-4<<10 {
		t.Errorf("the redactor learned %d bytes, want up to its bound of %d", r.learnedBytes, maxLearnedBytes)
	}
	text := "session " + issued + " and " + secretToken + "; " + strings.Repeat("ticket-00 é", 1600)
	start := time.Now()
	got := r.Redact(text)
	if elapsed := time.Since(start); elapsed > 250*time.Millisecond {
		t.Errorf("redacting %d bytes took %s after the flood", len(text), elapsed)
	}
	for _, leak := range []string{issued, secretToken, "IssuedAccess"} {
		if strings.Contains(got, leak) {
			t.Errorf("%q leaked after the flood", leak)
		}
	}
	if !strings.Contains(r.Redact("ticket-0000001-"+strings.Repeat(" é", 8)), Redacted) {
		t.Error("a learned ticket is no longer redacted")
	}
}

// Text the server sends is cut to a readable size.
func TestDecodeAPIError_boundsServerText(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	resp := &http.Response{StatusCode: 404, Header: http.Header{"Content-Type": {"application/json"}, "Trackingid": {huge}}}
	apiErr := decodeAPIError(NewRedactor(), resp, []byte(`{"message":"`+huge+`","trackingId":"`+huge+`"}`), nil)
	if len(apiErr.Error()) > 4<<10 {
		t.Errorf("the error is %d bytes long", len(apiErr.Error()))
	}
}

// A list stops at its budget of answer bytes, however few recordings the
// pages hold, and refuses next links too long to be Webex's.
func TestListRecordings_byteBudgetAndLinkLength(t *testing.T) {
	sim, baseURL, _ := startListSimulator(t, 40)
	sim.SetMaxPageSize(5)
	c := newTestClient(t, baseURL, simulator.UserToken)
	c.maxListBytes = 8 << 10
	_, err := c.ListRecordings(context.Background(), ListRecordingsOptions{From: listClock.Add(-48 * time.Hour), To: listClock})
	if !errors.Is(err, ErrTooManyRecordings) || !strings.Contains(err.Error(), "MiB of answers") {
		t.Errorf("err = %v, want the byte budget", err)
	}
	base, _ := url.Parse("https://webexapis.com/v1/recordings")
	c = newTestClient(t, "https://webexapis.com/v1", simulator.UserToken)
	if _, err := c.checkNextLink(base, "https://webexapis.com/v1/recordings?x="+strings.Repeat("a", 20<<10), 1); !errors.Is(err, ErrInvalidNextLink) {
		t.Errorf("a 20 KiB next link: err = %v", err)
	}
}

// A Retry-After date far ahead is capped like a number of seconds.
func TestParseRetryAfter_capsDates(t *testing.T) {
	now := time.Now()
	if d, ok := parseRetryAfter(now.AddDate(100, 0, 0).UTC().Format(http.TimeFormat), now); !ok || d > maxRetryAfterSeconds*time.Second {
		t.Errorf("a date a century ahead gave %s", d)
	}
}

// A refused redirect names the host it led to, not base_url's.
func TestTransportError_namesTheRedirectHost(t *testing.T) {
	c := newTestClient(t, "http://127.0.0.1:9999/v1", simulator.UserToken)
	err := c.transportError(&url.Error{Op: "Get", URL: "http://127.0.0.1:1/x?ticket=T", Err: errors.New("dial tcp 127.0.0.1:1: connect: connection refused")})
	if !strings.Contains(err.Reason, "127.0.0.1:1") || strings.Contains(err.Reason, "9999") {
		t.Errorf("reason %q, want the redirect's host", err.Reason)
	}
}

// An HTTP/2 stream reset is a broken connection: retried.
func TestTransport_http2ResetIsRetried(t *testing.T) {
	calls := 0
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			panic(http.ErrAbortHandler) // RST_STREAM
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"` + simulator.ExampleRecordingID + `"}`))
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	trusting, ok := srv.Client().Transport.(*http.Transport)
	if !ok {
		t.Fatalf("httptest client transport is %T", srv.Client().Transport)
	}
	transport := trusting.Clone()
	transport.TLSClientConfig = &tls.Config{RootCAs: trusting.TLSClientConfig.RootCAs}
	transport.ForceAttemptHTTP2 = true
	c := newTestClient(t, srv.URL+"/v1", simulator.UserToken, func(cfg *Config) { cfg.Transport = transport })
	if _, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{}); err != nil || calls != 2 {
		t.Errorf("err = %v after %d requests, want a retry that succeeds", err, calls)
	}
}

// A token endpoint that answers tokens already expired, or unusable ones,
// or trickles its body, or asks for a long wait, cannot make the client
// ask for a token per request, send a broken header, hang past
// request_timeout, or hide why.
func TestRefresh_hostileTokenEndpoint(t *testing.T) {
	sim, baseURL := startSimulator(t)
	ids := addRecordings(t, sim, 20)
	c := newRefreshClient(t, baseURL, simulator.ExpiredOnArrivalRefreshToken)
	for _, id := range ids {
		if _, err := c.GetRecording(context.Background(), id, GetRecordingOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := sim.TokenRequests(); n > 2 {
		t.Errorf("%d token requests for 20 quick reads with tokens that say they expired, want 1 or 2", n)
	}

	c = newRefreshClient(t, baseURL, simulator.UnusableTokenRefreshToken)
	var tokenErr *TokenError
	if err := c.Authenticate(context.Background()); !errors.As(err, &tokenErr) || !strings.Contains(err.Error(), "cannot be used") {
		t.Errorf("an unusable issued token: err = %v", err)
	}

	if err := sim.SetBodyFault(simulator.TokenEndpoint, simulator.BodyFault{Kind: simulator.BodySlow, Duration: 10 * time.Second, Times: 1}); err != nil {
		t.Fatal(err)
	}
	c = newRefreshClient(t, baseURL, simulator.RefreshToken, func(cfg *Config) { cfg.RequestTimeout = 500 * time.Millisecond; cfg.MaxRetries = 0 })
	start := time.Now()
	err := c.Authenticate(context.Background())
	if !errors.As(err, &tokenErr) || !strings.Contains(err.Error(), "request_timeout (500ms)") || time.Since(start) > 3*time.Second {
		t.Errorf("a trickling token body: err = %v (%T) after %s, want a TokenError naming request_timeout, within it", err, err, time.Since(start))
	}

	sim.ClearFaults()
	if err := sim.FailNext(simulator.TokenEndpoint, 1, 429, "3600"); err != nil {
		t.Fatal(err)
	}
	c = newRefreshClient(t, baseURL, simulator.RefreshToken)
	if err := c.Authenticate(context.Background()); err == nil || !strings.Contains(err.Error(), "asked to wait 1h0m0s; longer than retry_timeout leaves") {
		t.Errorf("a long Retry-After from the token endpoint: err = %v, want the wait named", err)
	}
	// A short one that max_retries does not allow is not blamed on retry_timeout.
	if err := sim.FailNext(simulator.TokenEndpoint, 2, 429, "1"); err != nil {
		t.Fatal(err)
	}
	c = newRefreshClient(t, baseURL, simulator.RefreshToken, func(cfg *Config) { cfg.MaxRetries = 1 })
	if err := c.Authenticate(context.Background()); err == nil || !strings.Contains(err.Error(), "asked to wait 1s; max_retries ran out") {
		t.Errorf("429s past max_retries: err = %v, want max_retries named", err)
	}
}

// Only the innermost error decides that a connection broke: a redirect
// target's URL, which the server chooses, does not.
func TestIsHTTP2Reset_ignoresTheURL(t *testing.T) {
	err := &url.Error{Op: "Get", URL: "https://x/http2: client connection lost", Err: errors.New("tls: handshake failure")}
	if isHTTP2Reset(err) {
		t.Error("a URL holding the words made a TLS failure a broken connection")
	}
}

// Only a life span Webex could mean makes an expiry.
func TestNumberExtra(t *testing.T) {
	base := &oauth2.Token{AccessToken: "a"}
	for value, ok := range map[any]bool{float64(100): true, int64(100): true, "100": true, float64(-5): false, float64(9.3e9): false, "NaN": false, float64(0): false} {
		if _, got := numberExtra(base.WithExtra(map[string]any{"x": value}), "x"); got != ok {
			t.Errorf("%v (%T): ok = %v, want %v", value, value, got, ok)
		}
	}
}

// The client's own words around server text stay whole even where a
// learned password is one of them; only what the server sent is redacted.
func TestRedact_clientWordsStayWhole(t *testing.T) {
	r := NewRedactor()
	r.learnSecrets("connection", "refused", "maintenance", "token endpoint", "Secret-Pass\"42")
	c := newTestClient(t, "http://127.0.0.1:9999/v1", simulator.UserToken, func(cfg *Config) { cfg.Redactor = r })
	err := c.transportError(&url.Error{Op: "Get", URL: "http://127.0.0.1:9999/v1/x", Err: syscall.ECONNREFUSED})
	if !strings.Contains(err.Reason, "the connection to 127.0.0.1:9999 was refused") {
		t.Errorf("transport reason %q lost the client's words", err.Reason)
	}
	resp := &response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<html>maintenance</html>"), redactor: r}
	if got := decodeJSON(resp, &Recording{}).Error(); !strings.Contains(got, "perhaps a maintenance or proxy page") {
		t.Errorf("unusable body: %q lost the client's words", got)
	}
	// The id of another recording is redacted before it is quoted, so
	// quoting cannot hide a password in it.
	sim, baseURL := startSimulator(t)
	if err := sim.SetBodyFault(simulator.ExampleRecordingID, simulator.BodyFault{Kind: simulator.BodyCustom,
		ContentType: "application/json", Body: `{"id":"Secret-Pass\"42"}`}); err != nil {
		t.Fatal(err)
	}
	c = newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.Redactor = r })
	_, err2 := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	if err2 == nil || strings.Contains(err2.Error(), "Pass") || !strings.Contains(err2.Error(), `the answer is recording "REDACTED"`) {
		t.Errorf("err = %v, want the other recording's id redacted", err2)
	}
}

// A token endpoint's error fields are cut like any server text, and the
// client's words around them stay whole.
func TestRefresh_tokenErrorBounded(t *testing.T) {
	sim, baseURL := startSimulator(t)
	huge := strings.Repeat("token endpoint ", 60_000)
	body := `{"error":"invalid_grant","error_description":"` + huge + `"}`
	if err := sim.SetBodyFault(simulator.TokenEndpoint, simulator.BodyFault{Kind: simulator.BodyCustom, Status: 400, ContentType: "application/json", Body: body}); err != nil {
		t.Fatal(err)
	}
	c := newRefreshClient(t, baseURL, simulator.RefreshToken)
	c.redactor.learnSecrets("token endpoint")
	err := c.Authenticate(context.Background())
	if err == nil || len(err.Error()) > 2<<10 || !strings.Contains(err.Error(), "the token endpoint answered 400 Bad Request with invalid_grant") {
		t.Errorf("err = %.300q… (%d bytes), want the 400 in the client's words, cut", err, len(err.Error()))
	}
}

// Learned secrets alike at their start, or an issued token that repeats
// one character, cannot make a redaction slow.
func TestRedact_degenerateSecretsStayFast(t *testing.T) {
	r := NewRedactor(secretToken)
	r.addIssued(strings.Repeat("A", maxIssuedTokenLength))
	for i := range 2000 {
		r.learnSecrets(strings.Repeat("z", maxLearnedLength-8) + fmt.Sprintf("%08d", i))
	}
	for name, text := range map[string]string{"z": strings.Repeat("z", 64<<10), "a": strings.Repeat("a", 64<<10)} {
		start := time.Now()
		got := serverText(r, text, maxMessageLength)
		if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
			t.Errorf("%s: one server text took %s", name, elapsed)
		}
		if name == "a" && strings.Contains(got, strings.Repeat("a", 30)) {
			t.Errorf("the repeated issued token leaked: %.80q", got)
		}
	}
}

// Real tickets begin alike (SDJTSwAAA...): every one of a long list is
// still learned and redacted.
func TestRedact_ticketsThatBeginAlike(t *testing.T) {
	r := NewRedactor()
	var tickets []string
	for i := range 100 {
		ticket := fmt.Sprintf("SDJTSwAAA%04dUBSHkvL6Z5ddyBim5%%2FHcJYcvn6IoXNEyCE2mAYQ5BlBg%%3D%%3D", i)
		tickets = append(tickets, ticket)
		r.learnRecording(&Recording{TemporaryDirectDownloadLinks: &TemporaryDirectDownloadLinks{
			RecordingDownloadLink: "https://x/d.mp4?ticket=" + ticket + "&timestamp=1", AudioDownloadLink: "https://x/a.mp4?ticket=A" + ticket}})
	}
	for i, ticket := range tickets {
		decoded, _ := url.QueryUnescape(ticket)
		for _, form := range []string{ticket, decoded} {
			if got := r.Redact("echo " + form + " end"); got != "echo REDACTED end" {
				t.Errorf("ticket %d: %q", i, got)
			}
		}
	}
}

// The client's words about a body stay whole whatever was learned.
func TestRedact_bodyWordsStayWhole(t *testing.T) {
	r := NewRedactor()
	r.learnSecrets("larger", "without", "Content", "error")
	resp := &response{StatusCode: 200, Header: http.Header{}, Body: []byte("x"), redactor: r}
	if got := decodeJSON(resp, &Recording{}).Error(); !strings.Contains(got, "the body is without a Content-Type, not application/json") {
		t.Errorf("no Content-Type: %q", got)
	}
	apiErr := decodeAPIError(r, &http.Response{StatusCode: 404, Header: http.Header{}}, nil, errBodyTooLarge)
	if !strings.Contains(apiErr.Error(), "the body is larger than") {
		t.Errorf("a body too large: %q", apiErr.Error())
	}
}

// A key whose value the message leaves out must not take the wording
// after it for its value (found by FuzzDecodeAPIError).
func TestRedact_danglingKeyKeepsTheWordingAfterIt(t *testing.T) {
	for _, message := range []string{"0000tiCket=", "bad password: ", `"ticket%3D`} {
		body := `{"message":` + strconv.Quote(message) + `}`
		apiErr := decodeAPIError(NewRedactor(), &http.Response{StatusCode: 400, Header: http.Header{"Trackingid": {"ROUTER_1"}, "Content-Type": {"application/json"}}}, []byte(body), nil)
		got := apiErr.Error()
		if !strings.HasSuffix(got, Redacted+" [tracking id ROUTER_1]") {
			t.Errorf("%q became %q", message, got)
		}
	}
	if got := NewRedactor().Redact("see the ticket"); got != "see the ticket" {
		t.Errorf("a key without a separator became %q", got)
	}
}

// A cut that ends at a secret's key leaves no key for "… (cut)" to
// complete.
func TestServerText_cutAtAKey(t *testing.T) {
	message := strings.Repeat("x", maxMessageLength-len("ticket=")) + "ticket=SECRET"
	got := serverText(NewRedactor(), message, maxMessageLength)
	if !strings.HasSuffix(got, "ticket="+Redacted+" … (cut)") {
		t.Errorf("the cut ends %q", got[len(got)-40:])
	}
}

// A cut inside a REDACTED moves before it.
func TestServerText_cutInsideRedacted(t *testing.T) {
	for extra := 1; extra < len(Redacted); extra++ {
		message := strings.Repeat("x", maxMessageLength-len("ticket=")-extra) + "ticket=SECRET and more"
		got := serverText(NewRedactor(), message, maxMessageLength)
		if !strings.HasSuffix(got, "ticket="+Redacted+" … (cut)") {
			t.Errorf("%d: the cut ends %q", extra, got[len(got)-40:])
		}
	}
}

// A cut at a URL's "?" leaves no query for "… (cut)" to complete.
func TestServerText_cutAtAQuery(t *testing.T) {
	const url = "https://x.example/y"
	prefix := strings.Repeat("x", maxMessageLength-len(url)-2) + " "
	for _, tail := range []string{"?", "?q=1"} {
		got := serverText(NewRedactor(), prefix+url+tail+" and more", maxMessageLength)
		if !strings.HasSuffix(got, url+"?"+Redacted+" … (cut)") {
			t.Errorf("%q: the cut ends %q", tail, got[len(got)-40:])
		}
	}
}

// Whole error texts built from hostile pieces hold no secret shape: a
// tracking id cut after its ticket, a Content-Type whose tab %q writes as
// `\t`, a token error whose code and description join into one.
func TestErrors_piecesJoinIntoNoShape(t *testing.T) {
	r := NewRedactor()
	texts := map[string]string{
		"cut tracking id":     decodeAPIError(r, &http.Response{StatusCode: 400, Header: header("Trackingid", strings.Repeat("x", 121)+"ticket=SECRET")}, nil, nil).Error(),
		"tab in a media type": decodeJSON(&response{StatusCode: 200, Header: header("Content-Type", "x\ticket=abc"), Body: []byte("x"), redactor: r}, &Recording{}).Error(),
		"tab before a query":  decodeAPIError(r, &http.Response{StatusCode: 400, Header: header("Content-Type", "https://x/y\t?q=1")}, []byte("x"), nil).Error(),
	}
	sim, baseURL := startSimulator(t)
	body := `{"error":"ticket","error_description":"abc"}`
	if err := sim.SetBodyFault(simulator.TokenEndpoint, simulator.BodyFault{Kind: simulator.BodyCustom, Status: 400, ContentType: "application/json", Body: body}); err != nil {
		t.Fatal(err)
	}
	if err := newRefreshClient(t, baseURL, simulator.RefreshToken).Authenticate(context.Background()); err != nil {
		texts["token error"] = err.Error()
	}
	for name, text := range texts {
		if shape := secretShape(text); shape != "" {
			t.Errorf("%s: %q holds %s", name, text, shape)
		}
	}
	if len(texts) != 4 {
		t.Errorf("the token request did not fail: %v", texts)
	}
}
