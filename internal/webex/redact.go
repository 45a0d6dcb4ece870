package webex

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Redacted replaces secret values in text the client passes on.
const Redacted = "REDACTED"

// SecretPatterns match secrets by their shape, wherever they appear:
//   - a download ticket or a password, as a query parameter, a JSON or
//     YAML field, or percent- or JSON-escaped ("ticket=", `"password": "`,
//     "pwd: ", "ticket%3D", `ticket\u003d`, ...): a ticket grants the
//     download of a recording to whoever holds it;
//   - a bearer token echoed back with its scheme.
//
// The provider hands the same patterns to its log masks.
var SecretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)((?:ticket|password|passwd|pwd)(?:%3D|\\u003d|["']?\s*[:=]\s*["']?))[^&\s"'<>,;)}\]\\]+`),
	regexp.MustCompile(`(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+`),
}

// urlQueryPattern matches the query string of a URL in text (a url.Error
// prints the whole URL, and a redirect can carry a ticket in it).
var urlQueryPattern = regexp.MustCompile(`(?i)(\b[a-z][a-z0-9+.-]*://[^\s"'<>?#]*)\?[^\s"'<>#]*`)

// danglingSecretKey matches a secret's key and separator that end a text.
var danglingSecretKey = regexp.MustCompile(`(?i)(?:ticket|password|passwd|pwd)(?:%3D|\\u003d|["']?\s*[:=]\s*["']?)$`)

const (
	// minSecretLength: shorter values are not redacted by value, for they
	// would turn every other word of a message into REDACTED.
	minSecretLength = 4
	// minFragmentLength: any run of this many characters of a credential
	// or an issued token is redacted too, so that a server cannot echo
	// one in pieces (say, without its first character). Shorter runs do
	// not let anyone use the secret. Credentials shorter than
	// fragmentLength+fragmentStride-1 are matched whole only.
	fragmentLength = 16
	fragmentStride = 8
	// maxIssuedTokens bounds the issued tokens the redactor keeps: at
	// most one is issued a second, and one older than a few minutes has
	// been replaced for long. maxFragmentSecrets bounds those also
	// matched in pieces besides the given credentials: the newest.
	maxIssuedTokens    = 256
	maxFragmentSecrets = 8
	// maxLearnedBytes bounds the passwords and tickets a Redactor
	// learns in a run: about four times what a list of 100,000
	// recordings brings. Past it, it learns no more (and forgets none):
	// what a server sends then is redacted by its shape only.
	maxLearnedBytes = 16 << 20
	// maxLearnedLength: longer values are not learned (Webex's tickets
	// are about 60 characters, its passwords far shorter), and
	// maxLearnedPerKey bounds those that share their first
	// learnedKeyLength bytes, so that no flood of them can make a
	// redaction slow: each position of a text is compared with at most
	// maxLearnedPerKey of them. Webex's tickets share their first 9 bytes
	// (SDJTSwAAA) and differ soon after, hence a key of 16.
	maxLearnedLength = 256
	maxLearnedPerKey = 16
	learnedKeyLength = 16
)

// Redactor is the one place that makes text safe for an error, a
// diagnostic or a log line. It keeps two kinds of secrets. Credentials
// (those the caller gives and the tokens the client is issued) are
// redacted in every text, in their common encodings, in any case and in
// pieces. Passwords and tickets the client meets in answers are learned,
// within bounds, and redacted in text the server sent: they may be short
// words, which the provider's own wording must keep. It also redacts
// secrets by their shape (SecretPatterns) and strips the query string of
// every URL. It is safe for concurrent use.
type Redactor struct {
	mu sync.RWMutex
	// credentials hold, for each credential and issued token, its
	// lower-case forms; given ones first, in the order given.
	credentials []credential
	given       []string // the credentials as given, for log masks
	// learned holds lower-case forms of passwords and tickets by their
	// first learnedKeyLength bytes (all of them when shorter).
	learned      map[string][]string
	learnedBytes int
	// longestForm is the length of the longest credential form, which
	// serverText keeps around its cut.
	longestForm int
}

type credential struct {
	forms  []string // forms[0] is the value itself, lower-cased
	issued bool
	// pieces are where forms[0]'s distinct fragments start (see markFragments).
	pieces []int
}

// NewRedactor returns a Redactor that knows secrets as credentials.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{learned: map[string][]string{}}
	r.Add(secrets...)
	return r
}

// Add teaches r credentials for the whole run.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if r.addCredential(s, false) {
			r.given = append(r.given, strings.TrimSpace(s))
		}
	}
}

// addIssued teaches r tokens the client was issued; past maxIssuedTokens
// it forgets the oldest.
func (r *Redactor) addIssued(tokens ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, t := range tokens {
		r.addCredential(t, true)
	}
	issued := 0
	for _, c := range r.credentials {
		if c.issued {
			issued++
		}
	}
	// Oldest first: the given credentials are never dropped.
	r.credentials = slices.DeleteFunc(r.credentials, func(c credential) bool {
		drop := c.issued && issued > maxIssuedTokens
		if drop {
			issued--
		}
		return drop
	})
}

func (r *Redactor) addCredential(s string, issued bool) bool {
	s = strings.TrimSpace(s)
	if len(s) < minSecretLength {
		return false
	}
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s), percentEncodeAll(s)}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		forms = append(forms, enc.EncodeToString([]byte(s)))
	}
	for i, f := range forms {
		forms[i] = asciiLower(f)
	}
	for _, c := range r.credentials {
		if c.forms[0] == forms[0] {
			return true
		}
	}
	r.credentials = append(r.credentials, credential{forms: distinct(forms), issued: issued, pieces: fragmentStarts(forms[0])})
	for _, f := range forms {
		r.longestForm = max(r.longestForm, len(f))
	}
	return true
}

// learnSecrets teaches r passwords and tickets met in answers, as they
// are and escaped for a query or a path.
func (r *Redactor) learnSecrets(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		s = strings.TrimSpace(s)
		if len(s) < minSecretLength || len(s) > maxLearnedLength || r.learnedBytes >= maxLearnedBytes {
			continue
		}
		for _, form := range distinct([]string{asciiLower(s), asciiLower(url.QueryEscape(s)), asciiLower(url.PathEscape(s))}) {
			key := form[:min(len(form), learnedKeyLength)]
			same := r.learned[key]
			if len(same) >= maxLearnedPerKey || r.learnedBytes+len(form) > maxLearnedBytes {
				continue
			}
			known := false
			for _, f := range same {
				known = known || f == form
			}
			if !known {
				r.learned[key] = append(same, form)
				r.learnedBytes += len(form)
			}
		}
	}
}

// keepAround is how much text a cut must keep past its limit so that a
// credential the cut splits is still found whole.
func (r *Redactor) keepAround() int {
	if r == nil {
		return 0
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return 2 * r.longestForm
}

// Secrets returns the credentials r was given, as given, for log masks.
func (r *Redactor) Secrets() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]string(nil), r.given...)
}

// Redact makes text the server sent safe: without the credentials, the
// passwords and the tickets r knows (in any case; where two overlap, both
// go), without anything shaped like a secret, and with every URL's query
// string replaced. A nil r knows no secrets but their shapes.
func (r *Redactor) Redact(s string) string { return r.redact(s, true) }

// RedactCredentials makes the provider's own text safe (a diagnostic that
// quotes errors of the client, whose server text Redact already made
// safe): as Redact, but it leaves the learned passwords and tickets, which
// may be words of its wording.
func (r *Redactor) RedactCredentials(s string) string { return r.redact(s, false) }

func (r *Redactor) redact(s string, learned bool) string {
	if s == "" {
		return s
	}
	if r != nil {
		s = r.redactKnown(s, learned)
	}
	return redactShapes(s)
}

// redactShapes replaces every URL's query string and whatever is shaped
// like a secret. A secret's key and separator that end s are marked too:
// the value was cut off, or is the next piece of a message, and no
// wording placed after it may read as a secret.
func redactShapes(s string) string {
	s = urlQueryPattern.ReplaceAllString(s, "${1}?"+Redacted)
	for _, p := range SecretPatterns {
		s = p.ReplaceAllString(s, "${1}"+Redacted)
	}
	if danglingSecretKey.MatchString(s) {
		s += Redacted
	}
	return s
}

func (r *Redactor) redactKnown(s string, learned bool) string {
	lower := asciiLower(s)
	var covered []bool
	mark := func(from, to int) {
		if covered == nil {
			covered = make([]bool, len(s))
		}
		for k := from; k < to; k++ {
			covered[k] = true
		}
	}
	// Matches that overlap one found are not looked for: past a whole
	// credential, a piece of another copy is at most a piece.
	markAll := func(secret string) {
		for i := 0; i <= len(lower)-len(secret); {
			j := strings.Index(lower[i:], secret)
			if j < 0 {
				return
			}
			mark(i+j, i+j+len(secret))
			i += j + len(secret)
		}
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	newest := 0 // issued tokens matched in pieces, newest first
	for i := len(r.credentials) - 1; i >= 0; i-- {
		c := r.credentials[i]
		for _, f := range c.forms {
			markAll(f)
		}
		if !c.issued || newest < maxFragmentSecrets {
			markFragments(lower, c.forms[0], c.pieces, mark)
		}
		if c.issued {
			newest++
		}
	}
	if learned && len(r.learned) > 0 {
		for i := 0; i+minSecretLength <= len(lower); i++ {
			for n := minSecretLength; n <= learnedKeyLength && i+n <= len(lower); n++ {
				for _, f := range r.learned[lower[i:i+n]] {
					if strings.HasPrefix(lower[i:], f) {
						mark(i, i+len(f))
					}
				}
			}
		}
	}
	if covered == nil {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if !covered[i] {
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		b.WriteString(Redacted)
		for i < len(s) && covered[i] {
			i++
		}
	}
	return b.String()
}

// fragmentStarts is where secret's pieces of fragmentLength start, at
// multiples of fragmentStride; a piece seen before is left out, so that a
// repetitive secret costs no more than another. None when secret is
// shorter than fragmentLength+fragmentStride-1.
func fragmentStarts(secret string) []int {
	var starts []int
	seen := map[string]bool{}
	for j := 0; j+fragmentLength <= len(secret) && len(secret) >= fragmentLength+fragmentStride-1; j += fragmentStride {
		if piece := secret[j : j+fragmentLength]; !seen[piece] {
			seen[piece] = true
			starts = append(starts, j)
		}
	}
	return starts
}

// markFragments marks in text every run of at least
// fragmentLength+fragmentStride-1 characters of secret: any such run holds
// one of the secret's pieces, which start at starts (fragmentStarts). The
// search goes on past each run found, so that a repetitive text costs no
// more than another.
func markFragments(text, secret string, starts []int, mark func(from, to int)) {
	for _, j := range starts {
		piece := secret[j : j+fragmentLength]
		for i := 0; i <= len(text)-fragmentLength; {
			k := strings.Index(text[i:], piece)
			if k < 0 {
				break
			}
			start, end, sj, ej := i+k, i+k+fragmentLength, j, j+fragmentLength
			for start > 0 && sj > 0 && text[start-1] == secret[sj-1] {
				start, sj = start-1, sj-1
			}
			for end < len(text) && ej < len(secret) && text[end] == secret[ej] {
				end, ej = end+1, ej+1
			}
			mark(start, end)
			i = max(i+k+1, end-fragmentLength+1)
		}
	}
}

// percentEncodeAll encodes every byte of s as %XX, as some servers do.
func percentEncodeAll(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

// distinct drops repeated forms, keeping the first.
func distinct(forms []string) []string {
	out := forms[:0]
	for _, f := range forms {
		seen := false
		for _, o := range out {
			seen = seen || o == f
		}
		if !seen {
			out = append(out, f)
		}
	}
	return out
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay put.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// ticketValue finds the ticket of a temporary download link.
var ticketValue = regexp.MustCompile(`(?i)[?&]ticket=([^&#]+)`)

// maxTicketsPerLink: a temporary link carries one ticket; more are not
// learned, so that one answer cannot fill the redactor.
const maxTicketsPerLink = 2

// learnRecording teaches r the secrets of a recording: its password and
// the tickets of its temporary links, so that a later answer echoing them
// by value cannot carry them into an error.
func (r *Redactor) learnRecording(rec *Recording) {
	secrets := []string{rec.Password}
	if l := rec.TemporaryDirectDownloadLinks; l != nil {
		for _, link := range []string{l.RecordingDownloadLink, l.AudioDownloadLink, l.TranscriptDownloadLink} {
			for _, m := range ticketValue.FindAllStringSubmatch(link, maxTicketsPerLink) {
				secrets = append(secrets, m[1])
				if decoded, err := url.QueryUnescape(m[1]); err == nil {
					secrets = append(secrets, decoded)
				}
			}
		}
	}
	r.learnSecrets(secrets...)
}
