package webex

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// Redacted replaces secret values in text the client passes on.
const Redacted = "REDACTED"

// SecretPatterns match secrets by their shape, wherever they appear:
//   - a download ticket or a password, as a query parameter, a JSON or
//     YAML field, or percent-encoded ("ticket=", `"password": "`,
//     "pwd: ", "ticket%3D", ...): a ticket grants the download of a
//     recording to whoever holds it;
//   - a bearer token echoed back with its scheme.
//
// The provider hands the same patterns to its log masks.
var SecretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)((?:ticket|password|passwd|pwd)(?:%3D|["']?\s*[:=]\s*["']?))[^&\s"'<>,;)}\]]+`),
	regexp.MustCompile(`(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+`),
}

// urlQueryPattern matches the query string of a URL in text (a url.Error
// prints the whole URL, and a redirect can carry a ticket in it).
var urlQueryPattern = regexp.MustCompile(`(?i)(\b[a-z][a-z0-9+.-]*://[^\s"'<>?#]*)\?[^\s"'<>#]*`)

const (
	// minSecretLength: shorter values are not redacted by value, for they
	// would turn every other word of a message into REDACTED.
	minSecretLength = 4
	// maxLearnedSecrets bounds what a Redactor learns during a run (the
	// passwords and tickets of a long list, issued tokens); the oldest
	// learned secrets go first.
	maxLearnedSecrets = 200_000
)

// Redactor is the one place that makes text safe for an error, a
// diagnostic or a log line. It knows the secrets of this run, in their
// common encodings and in any case, and the shapes of the others
// (SecretPatterns), and strips the query string of every URL. Every piece
// of text that the server controls goes through it before it leaves the
// client. It is safe for concurrent use.
type Redactor struct {
	mu sync.RWMutex
	// kept are the secrets given by the caller (credentials), for the
	// whole run; learned are those met on the way (issued tokens,
	// passwords, tickets), bounded. Both hold lower-case forms.
	kept    map[string]bool
	learned map[string]bool
	order   []string // learned, oldest first
	given   []string // the credentials as given, for log masks
}

// NewRedactor returns a Redactor that knows secrets.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{kept: map[string]bool{}, learned: map[string]bool{}}
	r.Add(secrets...)
	return r
}

// Add teaches r secrets for the whole run (credentials, tokens), in every
// encoding a server is likely to echo them in.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		forms := secretForms(s, true)
		if len(forms) > 0 {
			r.given = append(r.given, strings.TrimSpace(s))
		}
		for _, form := range forms {
			r.kept[form] = true
		}
	}
}

// learn teaches r secrets met in answers (an issued token, a password, a
// ticket), which it forgets, oldest first, past maxLearnedSecrets. Tokens
// (credential) are matched in base64 too.
func (r *Redactor) learn(credential bool, secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		for _, form := range secretForms(s, credential) {
			if r.kept[form] || r.learned[form] {
				continue
			}
			r.learned[form] = true
			r.order = append(r.order, form)
		}
	}
	for len(r.order) > maxLearnedSecrets {
		delete(r.learned, r.order[0])
		r.order = r.order[1:]
	}
}

// secretForms are s as a server may echo it: as is, escaped for a query
// or a path and, for credentials, in base64; lower-cased, for Redact
// matches without regard to case. None when s is too short.
func secretForms(s string, credential bool) []string {
	s = strings.TrimSpace(s)
	if len(s) < minSecretLength {
		return nil
	}
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s)}
	if credential {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			forms = append(forms, enc.EncodeToString([]byte(s)))
		}
	}
	for i, f := range forms {
		forms[i] = asciiLower(f)
	}
	return forms
}

// Secrets returns the credentials r knows, as given, for log masks.
func (r *Redactor) Secrets() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]string(nil), r.given...)
}

// Redact returns s without the secrets r knows (in any case; where two
// overlap, both go), without anything shaped like a secret, and with every
// URL's query string replaced. A nil r knows no secrets but their shapes.
func (r *Redactor) Redact(s string) string {
	if s == "" {
		return s
	}
	if r != nil {
		s = r.redactKnown(s)
	}
	s = urlQueryPattern.ReplaceAllString(s, "${1}?"+Redacted)
	for _, p := range SecretPatterns {
		s = p.ReplaceAllString(s, "${1}"+Redacted)
	}
	return s
}

func (r *Redactor) redactKnown(s string) string {
	lower := asciiLower(s)
	var covered []bool
	mark := func(secret string) {
		for i := 0; i <= len(lower)-len(secret); {
			j := strings.Index(lower[i:], secret)
			if j < 0 {
				return
			}
			if covered == nil {
				covered = make([]bool, len(s))
			}
			for k := i + j; k < i+j+len(secret); k++ {
				covered[k] = true
			}
			i += j + 1
		}
	}
	r.mu.RLock()
	for secret := range r.kept {
		mark(secret)
	}
	for secret := range r.learned {
		mark(secret)
	}
	r.mu.RUnlock()
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

// learnRecording teaches r the secrets of a recording: its password and
// the tickets of its temporary links, so that a later answer echoing them
// by value cannot carry them into an error.
func (r *Redactor) learnRecording(rec *Recording) {
	secrets := []string{rec.Password}
	if l := rec.TemporaryDirectDownloadLinks; l != nil {
		for _, link := range []string{l.RecordingDownloadLink, l.AudioDownloadLink, l.TranscriptDownloadLink} {
			for _, m := range ticketValue.FindAllStringSubmatch(link, -1) {
				secrets = append(secrets, m[1])
				if decoded, err := url.QueryUnescape(m[1]); err == nil {
					secrets = append(secrets, decoded)
				}
			}
		}
	}
	r.learn(false, secrets...)
}
