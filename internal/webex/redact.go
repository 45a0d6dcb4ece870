package webex

import (
	"encoding/base64"
	"encoding/hex"
	"html"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Server text enters an error or a log line only through serverText, once,
// and is never redacted again afterwards (DESIGN.md's threat model says
// why): text that quotes a credential in any form is withheld whole; in
// text that passes, ticket and password shapes and URL queries are masked.

// Withheld replaces server text that quoted a credential; Redacted, a
// ticket's or password's value, and a URL's query.
const Withheld, Redacted = "[withheld: the server's text quoted a credential of this provider]", "REDACTED"

// SecretShapes match a ticket or a password as a query parameter or a
// JSON, YAML or escaped field, and a URL's query; log masks use them too.
var SecretShapes = []*regexp.Regexp{
	regexp.MustCompile(`(?i)((?:ticket|password|passwd|pwd)(?:%3D|\\u003d|["']?\s*[:=]\s*["']?))[^&\s"'<>,;)}\]\\]+`),
	regexp.MustCompile(`(?i)(\b[a-z][a-z0-9+.-]*://[^\s"'<>?#]*\?)[^\s"'<>#]+`),
}

const (
	// pieceLength: a run of this many characters of a credential's forms
	// (as it is, in hex, in base64 at each byte offset) counts as quoting it.
	pieceLength = 16
	// maxIssuedTokens: older issued tokens were replaced long ago.
	maxIssuedTokens = 8
)

// normalize folds base64's URL alphabet into the standard one.
var normalize = strings.NewReplacer("-", "+", "_", "/")

// credentials are the secrets a client holds: given, and issued to it.
type credentials struct {
	mu     sync.RWMutex
	given  []string
	issued []string
	whole  []string            // normalized credentials shorter than pieceLength
	pieces map[string]struct{} // every pieceLength piece of the others' forms
}

func (c *credentials) add(given bool, secrets ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range secrets {
		switch s = strings.TrimSpace(s); {
		case len(s) < 4: // shorter ones would withhold every other text
		case given:
			c.given = append(c.given, s)
		default:
			c.issued = append(c.issued, s)
		}
	}
	c.issued = c.issued[max(0, len(c.issued)-maxIssuedTokens):]
	c.whole, c.pieces = nil, map[string]struct{}{}
	for _, s := range append(c.issued, c.given...) {
		if len(s) < pieceLength {
			c.whole = append(c.whole, normalize.Replace(strings.ToLower(s)))
		}
		// In base64, s at byte offset k of the data starts at character
		// skip[k], and its last characters depend on what follows it.
		forms := []string{s, hex.EncodeToString([]byte(s))}
		for k, skip := range []int{0, 2, 3} {
			b64 := base64.RawStdEncoding.EncodeToString([]byte(strings.Repeat("\x00", k) + s))
			forms = append(forms, b64[skip:max(skip, len(b64)-3)])
		}
		for _, f := range forms {
			f = normalize.Replace(strings.ToLower(f))
			for i := 0; i+pieceLength <= len(f); i++ {
				c.pieces[f[i:i+pieceLength]] = struct{}{}
			}
		}
	}
}

// quotedIn reports whether text holds a credential or a piece of one, as
// it is or percent-encoded, HTML- or JSON-escaped.
func (c *credentials) quotedIn(text string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, v := range []string{text, percentDecode(text), html.UnescapeString(text), jsonUnescape(text)} {
		v = normalize.Replace(strings.ToLower(v))
		for _, w := range c.whole {
			if strings.Contains(v, w) {
				return true
			}
		}
		for i := 0; i+pieceLength <= len(v); i++ {
			if _, ok := c.pieces[v[i:i+pieceLength]]; ok {
				return true
			}
		}
	}
	return false
}

// serverText is server text fit for an error: cut to maxMessageLength, then
// withheld whole if it quotes a credential, else masked.
func serverText(c *credentials, s string) string {
	limit := maxMessageLength
	cut := len(s) > limit
	for cut && limit > 0 && !utf8.RuneStart(s[limit]) {
		limit--
	}
	if cut {
		s = s[:limit]
	}
	if c.quotedIn(s) {
		return Withheld
	}
	for _, p := range SecretShapes {
		s = p.ReplaceAllString(s, "${1}"+Redacted)
	}
	if cut {
		s += "…"
	}
	return s
}

var (
	percentEscape = regexp.MustCompile(`%[0-9a-fA-F]{2}`)
	jsonEscape    = regexp.MustCompile(`\\u[0-9a-fA-F]{4}|\\.`)
)

// percentDecode decodes every %XX and leaves the rest.
func percentDecode(s string) string {
	return percentEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[1:], 16, 8)
		return string([]byte{byte(n)})
	})
}

// jsonUnescape decodes \uXXXX, and a backslash before any other character
// to that character (credentials hold no control characters).
func jsonUnescape(s string) string {
	return jsonEscape.ReplaceAllStringFunc(s, func(m string) string {
		if n, err := strconv.ParseUint(m[2:], 16, 16); len(m) == 6 && err == nil {
			return string(rune(n))
		}
		return m[1:]
	})
}
