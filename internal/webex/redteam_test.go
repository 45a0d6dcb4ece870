package webex

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// The threat model (DESIGN.md) in tests: server text that quotes a
// credential in any form is withheld whole; other text passes with its
// ticket and password shapes and URL queries masked, and the client's own
// words are never touched.

const secretToken = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_SECRETTOKEN-xYz"

// shortSecret is shorter than pieceLength: only the whole of it counts.
const shortSecret = "sh0rtS3cret"

func testCredentials(secrets ...string) *credentials {
	c := &credentials{}
	c.add(true, secrets...)
	return c
}

// percentAll encodes every byte as %XX, as some servers do.
func percentAll(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

// mixedEscapes escapes each byte another way: %XX, &#xX;, \uXXXX, \xXX or
// none, as a hostile server might.
func mixedEscapes(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, []string{"%%%02X", "&#x%x;", `\u%04x`, `\x%02x`, "%c"}[i%5], s[i])
	}
	return b.String()
}

// octalEscapes escapes every byte as \NNN, as C and Python do.
func octalEscapes(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, `\%03o`, s[i])
	}
	return b.String()
}

// xxdInclude writes s as xxd -i does: a C array, 12 bytes a line.
func xxdInclude(s string) string {
	var b strings.Builder
	b.WriteString("unsigned char tok[] = {\n ")
	for i := range len(s) {
		if i > 0 && i%12 == 0 {
			b.WriteString(",\n ")
		} else if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " 0x%02x", s[i])
	}
	return b.String() + "\n};"
}

// hexdumpC dumps s 16 bytes a line, as hexdump -C does (or xxd, in groups
// of 2 bytes): offset, bytes, then the printable characters, so that a
// credential runs across lines and offsets.
func hexdumpC(s string, xxd bool) string {
	var b strings.Builder
	for off := 0; off < len(s); off += 16 {
		line := s[off:min(off+16, len(s))]
		fmt.Fprintf(&b, "%08x  ", off)
		for i := range len(line) {
			if xxd && i%2 == 1 {
				fmt.Fprintf(&b, "%02x ", line[i])
			} else {
				fmt.Fprintf(&b, "%02x", line[i])
				if !xxd {
					b.WriteString(" ")
				}
			}
		}
		fmt.Fprintf(&b, " |%s|\n", strings.Map(func(r rune) rune {
			if r < 0x20 || r > 0x7e {
				return '.'
			}
			return r
		}, line))
	}
	return b.String()
}

// groupsOf4 cuts s into pieces of 4 characters.
func groupsOf4(s string) []string {
	var groups []string
	for len(s) > 4 {
		groups, s = append(groups, s[:4]), s[4:]
	}
	return append(groups, s)
}

// wrapped breaks s into lines of width, as MIME wraps base64.
func wrapped(s string, width int) string {
	var lines []string
	for len(s) > width {
		lines, s = append(lines, s[:width]), s[width:]
	}
	return strings.Join(append(lines, s), "\r\n")
}

// percentEvery8th percent-encodes every 8th character three times over:
// four layers in all, one more than the check decodes.
func percentEvery8th(s string) string {
	var b strings.Builder
	for i := range len(s) {
		if i%8 == 7 {
			fmt.Fprintf(&b, "%%2525%02X", s[i])
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// htmlAll escapes every character as an HTML numeric reference.
func htmlAll(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "&#x%x;", r)
	}
	return b.String()
}

func TestServerText_withholdsEveryFormOfACredential(t *testing.T) {
	const clientID, clientSecret = "C0ffeeClientIdForTheIntegration", "s3cr3t-Client-Secret-0f-the-app"
	c := testCredentials(secretToken, clientSecret, shortSecret)
	basic := func(prefix string) string { return base64.StdEncoding.EncodeToString([]byte(prefix + clientSecret)) }
	jsonEscaped, _ := json.Marshal(secretToken)
	for name, text := range map[string]string{
		"as it is":               "token " + secretToken + " refused",
		"upper case":             strings.ToUpper(secretToken),
		"lower case":             strings.ToLower(secretToken) + "/json",
		"query escaped":          url.QueryEscape("a=" + clientSecret),
		"every byte %XX":         percentAll(secretToken),
		"every byte %xx":         strings.ToLower(percentAll(secretToken)),
		"HTML escaped":           "<p>" + htmlAll(clientSecret) + "</p>",
		"HTML named":             html.EscapeString("<" + clientSecret + ">"),
		"JSON \\u escapes":       strings.ReplaceAll(string(jsonEscaped), "E", `\u0045`),
		"hex":                    hex.EncodeToString([]byte(clientSecret)),
		"HEX":                    strings.ToUpper(hex.EncodeToString([]byte(secretToken))),
		"Basic header":           "Authorization: Basic " + basic(clientID+":"),
		"Basic at offset 1":      "Basic " + basic("x:"),
		"Basic at offset 2":      "Basic " + basic("ab:"),
		"base64 URL alphabet":    base64.RawURLEncoding.EncodeToString([]byte("??>" + secretToken)),
		"base64 cut in the text": "…" + basic(clientID + ":")[5:],
		"all but the first":      "TRK_" + secretToken[1:],
		"a piece of 16":          "id " + secretToken[10:26] + " x",
		"percent-encoded base64": url.QueryEscape(basic("id:")),
		// Layers and mixes, as servers and Go's own %q produce them.
		"%q of a JSON escape":       strconv.Quote(strings.ReplaceAll(string(jsonEscaped), "E", `\u0045`)),
		"%q of %q":                  strconv.Quote(strconv.Quote("\x00" + secretToken)),
		"percent under %q":          strconv.Quote(`\u0025` + percentAll(secretToken)[1:]),
		"percent twice":             strings.ReplaceAll(percentAll(clientSecret), "%", "%25"),
		"each byte its own way":     mixedEscapes(secretToken),
		"hex with spaces":           fmt.Sprintf("% x", clientSecret),
		"hex with colons":           strings.ReplaceAll(fmt.Sprintf("% X", secretToken), " ", ":"),
		"hex from its second digit": hex.EncodeToString([]byte(clientSecret))[1:],
		"\\x escapes":               strings.ReplaceAll(fmt.Sprintf("% x", clientSecret), " ", `\x`),
		"base64 of hex":             base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString([]byte(clientSecret)))),
		"base64 of base64":          base64.URLEncoding.EncodeToString([]byte("x" + basic("id:"))),
		"a short one in base64":     "Basic " + base64.StdEncoding.EncodeToString([]byte("id:"+shortSecret)),
		"a short one in hex":        hex.EncodeToString([]byte(strings.ToUpper(shortSecret))),
		"hex as a C array":          "{0x" + strings.ReplaceAll(fmt.Sprintf("% x", clientSecret), " ", ", 0x") + "}",
		"hex, query escaped":        url.QueryEscape(fmt.Sprintf("% x", clientSecret)),
		"octal escapes":             octalEscapes(clientSecret),
		"base64 wrapped as MIME":    wrapped(base64.StdEncoding.EncodeToString([]byte(strings.Repeat(".", 55)+shortSecret)), 76),
		// Shown decoded, this would be the base64 of the token: what is
		// shown is checked as deep as what was sent.
		"shown one layer from base64": percentEvery8th(base64.StdEncoding.EncodeToString([]byte(secretToken))),
		// Gaps of other spaces and punctuation, which are shown as they are
		// or as plain spaces.
		"hex, no-break spaces":        strings.ReplaceAll(fmt.Sprintf("% x", clientSecret), " ", "\u00a0"),
		"hex, vertical tabs":          strings.ReplaceAll(fmt.Sprintf("% x", shortSecret), " ", "\v"),
		"hex, pipes":                  strings.ReplaceAll(fmt.Sprintf("% x", clientSecret), " ", " | "),
		"hex as JSON strings":         `["` + strings.ReplaceAll(fmt.Sprintf("% x", clientSecret), " ", `","`) + `"]`,
		"hex as xxd -i":               xxdInclude(secretToken),
		"base64, no-break spaces":     strings.Join(groupsOf4(base64.StdEncoding.EncodeToString([]byte(secretToken))), "\u00a0"),
		"base64, dots":                strings.Join(groupsOf4(base64.StdEncoding.EncodeToString([]byte(clientSecret))), "."),
		"MIME, a no-break space":      strings.ReplaceAll(wrapped(base64.StdEncoding.EncodeToString([]byte(strings.Repeat(".", 55)+shortSecret)), 76), "\r\n", "\u00a0"),
		"quoted-printable soft break": strings.ReplaceAll(wrapped(base64.StdEncoding.EncodeToString([]byte(strings.Repeat(".", 55)+shortSecret)), 76), "\r\n", "=\r\n"),
		"hexdump -C across lines":     "request dump:\n" + hexdumpC("Bearer "+shortSecret+"\r\n", false),
		"xxd across lines":            hexdumpC("refresh_t="+shortSecret+"&z=1", true),
		"spelt out in escapes":        `\x` + strings.ReplaceAll(fmt.Sprintf("% x", shortSecret), " ", ` \x`),
	} {
		if got := serverText(c, text); got != Withheld {
			t.Errorf("%s: %q came out as %q", name, text, got)
		}
	}
}

// Text without a credential passes whole, but for the shapes of tickets
// and passwords and URL queries; the client's words are never scanned.
func TestServerText_masksShapesAndKeepsWords(t *testing.T) {
	c := testCredentials(secretToken)
	for text, want := range map[string]string{
		"Webex could not find the recording": "Webex could not find the recording",
		// Ordinary answers, ids and hex-like words included, pass as they are.
		"The requested resource could not be found. ROUTER_5F2A1B3C-0D4E-4F5A-9B6C-7D8E9F0A1B2C": "The requested resource could not be found. ROUTER_5F2A1B3C-0D4E-4F5A-9B6C-7D8E9F0A1B2C",
		"<html><body><h1>502 Bad Gateway</h1><hr>nginx/1.25.3 dead beef cafe 0xff</body></html>": "<html><body><h1>502 Bad Gateway</h1><hr>nginx/1.25.3 dead beef cafe 0xff</body></html>",
		"see ticket=TKT-1234&x=1": "see ticket=REDACTED&x=1",
		`{"ticket":"TKT-1234"}`:   `{"ticket":"REDACTED"}`,
		`password: PW-1234`:       `password: REDACTED`,
		`{'password': 'PW-1234'}`: `{'password': 'REDACTED'}`,
		// Escaped shapes are masked in the text as decoded, which is what is shown.
		`see ticket\u003dTKT-1234\u0026x=1`:    `see ticket=REDACTED&x=1`,
		`{\"password\":\"PW-1234\"}`:           `{"password":"REDACTED"}`,
		`&quot;password&quot;: &quot;PW&quot;`: `"password": "REDACTED"`,
		`%22ticket%22%3A%22TKT-1%22`:           `"ticket":"REDACTED"`,
		`password&#61;PW-1234`:                 `password=REDACTED`,
		// What a terminal acts on: escape sequences, bidirectional overrides, line breaks.
		"a\x1b[31mred\x1b]0;title\x07 \u202egnp.exe\r\nnext": "a\uFFFD[31mred\uFFFD]0;title\uFFFD \uFFFDgnp.exe  next",
		"invalid \xff UTF-8":                          "invalid \uFFFD UTF-8",
		"get https://x.example/y?ticket=T&sig=s done": "get https://x.example/y?REDACTED done",
		"a piece of 15 " + secretToken[:15]:           "a piece of 15 " + secretToken[:15],
	} {
		if got := serverText(c, text); got != want {
			t.Errorf("%q became %q, want %q", text, got, want)
		}
	}
	if got := serverText(c, strings.Repeat("é", maxMessageLength)); len(got) > maxMessageLength+len("…") || !strings.HasSuffix(got, "é…") {
		t.Errorf("a long text was not cut on a rune boundary: %d bytes ending %q", len(got), got[len(got)-8:])
	}
	if got := serverText(testCredentials(" ", "abc"), "a b c abc"); got != "a b c abc" {
		t.Errorf("credentials too short to be ones withheld %q", got)
	}
}

// Structured fields must match their pattern and quote no credential, or
// they are dropped.
func TestErrors_structuredFieldsValidated(t *testing.T) {
	c := testCredentials(secretToken)
	for id, want := range map[string]string{
		"ROUTER_5F1E-AB12":              "ROUTER_5F1E-AB12",
		"ROUTER_" + secretToken:         "",
		"ROUTER ticket=x":               "",
		strings.Repeat("x", 129):        "",
		"https://x.example/?q=" + "abc": "",
	} {
		if got := field(c, id, trackingIDPattern); got != want {
			t.Errorf("tracking id %q: got %q, want %q", id, got, want)
		}
	}
	for contentType, want := range map[string]string{
		"application/json; charset=utf-8": "application/json",
		"text/html":                       "text/html",
		secretToken + "/json":             "of an unrecognised Content-Type",
		"x\ticket=abc":                    "of an unrecognised Content-Type",
		"":                                "without a Content-Type",
	} {
		if got := describeMediaType(c, contentType); got != want {
			t.Errorf("Content-Type %q: got %q, want %q", contentType, got, want)
		}
	}
}

// Issued tokens are credentials too, a run's worth of them: the oldest are
// forgotten only past maxIssuedBytes, the given ones never.
func TestCredentials_issuedTokens(t *testing.T) {
	c := testCredentials(secretToken)
	const size, count = 1 << 10, maxIssuedBytes>>10 + 44
	issued := func(i int) string {
		return strings.Repeat(fmt.Sprintf("%x", sha256.Sum256([]byte(strconv.Itoa(i)))), size/64)
	}
	for i := range count {
		c.add(false, issued(i))
	}
	for text, want := range map[string]bool{
		issued(0):             false,
		issued(43):            false,
		issued(44):            true,
		issued(count - 1):     true,
		"x" + secretToken[3:]: true,
	} {
		if got := c.quotedIn(text); got != want {
			t.Errorf("%.20q…: quoted = %v, want %v", text, got, want)
		}
	}
	if got := c.given; len(got) != 1 || got[0] != secretToken {
		t.Errorf("given = %q", got)
	}
}

// A long text against long credentials stays fast: the text is cut first,
// and each view is one pass of map lookups.
func TestServerText_staysFast(t *testing.T) {
	c := testCredentials(secretToken, strings.Repeat("A", maxIssuedTokenLength))
	for range 8 {
		c.add(false, strings.Repeat("b", maxIssuedTokenLength))
	}
	start := time.Now()
	for range 100 {
		if got := serverText(c, strings.Repeat("a", 64<<10)); got != Withheld {
			t.Fatalf("the repeated token came out: %.80q", got)
		}
	}
	if elapsed := time.Since(start); elapsed > textBudget {
		t.Errorf("100 texts took %s", elapsed)
	}
}

// textBudget is what 100 texts may take: about 0.3 s here, ten times that
// under the race detector on a busy machine, and far more without the cut
// to maxMessageLength or with views decoded again and again.
const textBudget = 15 * time.Second

// Text the server sends is cut to a readable size.
func TestDecodeAPIError_boundsServerText(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	resp := &http.Response{StatusCode: 404, Header: http.Header{"Content-Type": {"application/json"}, "Trackingid": {huge}}}
	descriptions := strings.Repeat(`{"description":"`+huge[:2000]+`"},`, 50)
	apiErr := decodeAPIError(testCredentials(), resp, []byte(`{"message":"`+huge+`","errors":[`+descriptions+`{}],"trackingId":"`+huge+`"}`), nil)
	if len(apiErr.Error()) > 12<<10 || len(apiErr.Descriptions) != maxDescriptions {
		t.Errorf("the error is %d bytes long, with %d descriptions", len(apiErr.Error()), len(apiErr.Descriptions))
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

// A refused redirect names the host it led to, not base_url's, and the
// URL's query goes nowhere.
func TestTransportError_namesTheRedirectHost(t *testing.T) {
	c := newTestClient(t, "http://127.0.0.1:9999/v1", simulator.UserToken)
	err := c.transportError(&url.Error{Op: "Get", URL: "http://127.0.0.1:1/x?ticket=T", Err: errors.New("dial tcp 127.0.0.1:1: connect: connection refused")})
	if !strings.Contains(err.Reason, "127.0.0.1:1") || strings.Contains(err.Reason, "9999") || strings.Contains(err.Reason, "ticket") {
		t.Errorf("reason %q, want the redirect's host and no query", err.Reason)
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
		answer(w, 200, "application/json", `{"id":"`+simulator.ExampleRecordingID+`"}`)
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

// Only the innermost error decides that a connection broke: a redirect
// target's URL, which the server chooses, does not.
func TestIsHTTP2Reset_ignoresTheURL(t *testing.T) {
	err := &url.Error{Op: "Get", URL: "https://x/http2: client connection lost", Err: errors.New("tls: handshake failure")}
	if isHTTP2Reset(err) {
		t.Error("a URL holding the words made a TLS failure a broken connection")
	}
}

// The token endpoint's error fields go through the same checks: a code
// that is not one, a description that quotes the client secret.
func TestRefresh_tokenErrorFields(t *testing.T) {
	for body, want := range map[string]string{
		`{"error":"invalid_grant","error_description":"` + strings.Repeat("token endpoint ", 60_000) + `"}`:    "the token endpoint answered 400 Bad Request with invalid_grant: token endpoint",
		`{"error":"invalid_client","error_description":"secret ` + simulator.OAuthClientSecret + ` is wrong"}`: "with invalid_client: " + Withheld,
		`{"error":"ticket=x&` + simulator.OAuthClientSecret + `"}`:                                             "the token endpoint answered 400 Bad Request (",
		`{"error":"` + strconv.Quote("a\tb") + `"}`:                                                            "the token endpoint answered 400 Bad Request with a body that is not a JSON token answer",
	} {
		sim := simulator.New()
		baseURL := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
			if strings.HasSuffix(r.URL.Path, "/access_token") {
				answer(w, 400, "application/json", body)
				return true
			}
			return false
		})
		c := newRefreshClient(t, baseURL, simulator.RefreshToken)
		_, err := c.auth.token(context.Background())
		if err == nil || len(err.Error()) > 2<<10 || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), simulator.OAuthClientSecret) {
			t.Errorf("body %.60q: err = %.300q (%d bytes), want it to say %q", body, err, len(fmt.Sprint(err)), want)
		}
	}
}

// Text the server could make large is checked within its cut, fast,
// however it mixes encodings.
func TestServerText_mixedEncodingsStayFast(t *testing.T) {
	c := testCredentials(secretToken)
	for range 8 {
		c.add(false, strings.Repeat("b", maxIssuedTokenLength))
	}
	text := strings.Repeat(`a%41&#x41;\u0041`+hex.EncodeToString([]byte("xyz"))+" ", 64<<10)
	start := time.Now()
	for range 100 {
		if got := serverText(c, text); got == Withheld || len(got) > maxMessageLength+len("…") {
			t.Fatalf("text came out as %.80q", got)
		}
	}
	if elapsed := time.Since(start); elapsed > textBudget {
		t.Errorf("100 texts took %s", elapsed)
	}
}
