package webex

import (
	"encoding/base64"
	"encoding/hex"
	"html"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Withheld replaces server text that quoted a credential; Redacted, a ticket's or password's value, and a URL's query.
const Withheld, Redacted = "[withheld: the server's text quoted a credential of this provider]", "REDACTED"

// SecretShapes match a ticket or password as a query parameter or a JSON, YAML or escaped field, and a URL's query; log masks use them too.
var SecretShapes = []*regexp.Regexp{
	regexp.MustCompile(`(?i)((?:ticket|password|passwd|pwd)(?:%3D|\\u003d|["']?\s*[:=]\s*["']?))[^&\s"'<>,;)}\]\\]+`),
	regexp.MustCompile(`(?i)(\b[a-z][a-z0-9+.-]*://[^\s"'<>?#]*\?)[^\s"'<>#]+`),
}

const (
	pieceLength    = 16        // this many characters of a credential quote it
	maxIssuedBytes = 256 << 10 // thousands of Webex tokens: a run's worth unless the server means harm
	maxLayers      = 3         // of encodings, in any mix; each decodes to at most 5x its 1 KiB input
)

// credentials are the secrets a client holds: given, and issued to it.
type credentials struct {
	mu            sync.RWMutex
	given, issued []string
	pieces        map[string]struct{} // lower-cased: each pieceLength piece, or the whole of a shorter one
	shortest      int                 // length of the shortest piece
}

func (c *credentials) add(given bool, secrets ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	list := map[bool]*[]string{true: &c.given, false: &c.issued}[given]
	for _, s := range secrets {
		if s = strings.TrimSpace(s); len(s) >= 4 { // shorter ones would withhold every text
			*list = append(*list, s)
		}
	}
	for len(strings.Join(c.issued, "")) > maxIssuedBytes {
		c.issued = c.issued[1:]
	}
	c.pieces, c.shortest = map[string]struct{}{}, pieceLength
	for _, s := range append(c.issued, c.given...) {
		s, n := strings.ToLower(s), min(len(s), pieceLength)
		for i := 0; i+n <= len(s); i++ {
			c.pieces[s[i:i+n]] = struct{}{}
		}
		c.shortest = min(c.shortest, n)
	}
}

// quotedIn reports whether a text, or text it decodes to, holds a piece of a credential.
func (c *credentials) quotedIn(texts ...string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	seen := map[string]int{}
	for _, text := range texts {
		views(text, 0, seen) // a text already seen at layer 0 costs nothing
	}
	for v := range seen {
		v = strings.ToLower(v)
		for i := range v {
			for n := c.shortest; n <= pieceLength; n++ { // a piece cut short by the end is one too
				if _, ok := c.pieces[v[i:min(i+n, len(v))]]; ok {
					return true
				}
			}
		}
	}
	return false
}

// serverText is the one way server text enters an error or a log line, as
// DESIGN.md's threat model says: cut to maxMessageLength, then withheld
// whole if it quotes a credential, else decoded and masked.
func serverText(c *credentials, s string) string {
	cut, s := len(s) > maxMessageLength, strings.ToValidUTF8(s[:min(len(s), maxMessageLength)], "\uFFFD") // a rune cut in two too
	shown := s
	for layer := 0; layer <= maxLayers; layer++ { // shown as the check read it
		if layer > 0 {
			shown = unescape(shown)
		}
		for _, p := range SecretShapes {
			shown = p.ReplaceAllString(shown, "${1}"+Redacted)
		}
	}
	if c.quotedIn(s, shown) { // what is shown is checked as many layers deep as what was sent
		return Withheld
	}
	if cut {
		shown += "…"
	}
	return printable(shown)
}

var (
	escape    = regexp.MustCompile(`%[0-9a-fA-F]{2}|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\[0-7]{3}|\\.`)
	base64Run = regexp.MustCompile(`[A-Za-z0-9+/](?:[^\p{L}\p{N}+/]{0,8}[A-Za-z0-9+/]){5,}`)
	hexRun    = regexp.MustCompile(`(?i)(?:0x)?[0-9a-f]{2}(?:[^\p{L}\p{N}]{0,8}(?:0x)?[0-9a-f]{2}){3,}`)
	notBase64 = regexp.MustCompile(`[^A-Za-z0-9+/]`)
	notHex    = regexp.MustCompile(`(?i)0x|[^0-9a-f]`)
	dumpBytes = regexp.MustCompile(`(?i)\b(?:[0-9a-f]{2}){1,2}\b`) // hex dumps' groups of 1 or 2 bytes, not their offsets
)

// views adds text and what it decodes to, layer under layer, to seen (by the
// layer first reached at): escapes; base64 (either alphabet) at any offset and
// hex, both across gaps of up to 8 characters other than letters and digits;
// the bytes of a hex dump, past its offsets and ASCII column; and the text
// without spaces (a credential spelt out).
func views(text string, layer int, seen map[string]int) {
	if at, ok := seen[text]; len(text) < 4 || ok && at <= layer {
		return
	}
	if seen[text] = layer; layer == maxLayers {
		return
	}
	views(strings.Join(strings.Fields(text), ""), maxLayers, seen) // checked, not decoded
	views(unescape(text), layer+1, seen)
	decodeRuns := func(runs []string, gap *regexp.Regexp, offsets int, decode func(string) ([]byte, error)) {
		for _, run := range runs {
			for run, k := gap.ReplaceAllString(run, ""), 0; k < offsets; k++ {
				b, _ := decode(run[min(k, len(run)):]) // what decodes before a lone last character
				views(string(b), layer+1, seen)
			}
		}
	}
	decodeRuns(base64Run.FindAllString(strings.NewReplacer("-", "+", "_", "/").Replace(text), -1), notBase64, 4, base64.RawStdEncoding.DecodeString)
	decodeRuns(append(hexRun.FindAllString(text, -1), strings.Join(dumpBytes.FindAllString(text, -1), "")), notHex, 2, hex.DecodeString)
}

// unescape undoes one layer of HTML, percent and backslash escapes: JSON's
// \uXXXX, \xXX, octal \NNN and the like (Go's rules), and a backslash before
// any other character.
func unescape(s string) string {
	return escape.ReplaceAllStringFunc(html.UnescapeString(s), func(m string) string {
		r, multibyte, rest, err := strconv.UnquoteChar(strings.Replace(m, "%", `\x`, 1), 0)
		if err != nil || rest != "" { // \% among them
			return m[1:]
		} else if !multibyte {
			return string([]byte{byte(r)})
		}
		return string(r)
	})
}
