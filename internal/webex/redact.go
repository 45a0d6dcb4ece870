package webex

import (
	"cmp"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Redacted replaces secret values in text the client passes on.
const Redacted = "REDACTED"

// SecretPatterns match secrets by their shape, wherever they appear:
//   - the "ticket" query parameter of a temporary download link, which
//     grants the download to whoever holds it;
//   - a password, as a JSON field or a query parameter;
//   - a bearer token echoed back with its scheme.
//
// The provider hands the same patterns to its log masks.
var SecretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)(ticket=)[^&\s"'<>]+`),
	regexp.MustCompile(`(?i)("password"\s*:\s*")(?:[^"\\]|\\.)*`),
	regexp.MustCompile(`(?i)(password=)[^&\s"'<>]+`),
	regexp.MustCompile(`(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+`),
}

// urlQueryPattern matches the query string of a URL in text (a url.Error
// prints the whole URL, and a redirect can carry a ticket in it).
var urlQueryPattern = regexp.MustCompile(`(?i)(\b[a-z][a-z0-9+.-]*://[^\s"'<>?#]*)\?[^\s"'<>#]*`)

// Redactor is the one place that makes text safe for an error, a
// diagnostic or a log line. It knows the secrets of this run (the access
// token, and whatever else the caller adds) and the shapes of the others
// (SecretPatterns), and strips the query string of every URL. Every piece
// of text that the server controls goes through it before it leaves the
// client. It is safe for concurrent use.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string // longest first, so a secret that holds another goes whole
}

// NewRedactor returns a Redactor that knows secrets.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

// Add teaches r more secrets (a token issued during the run, say). Empty
// values are ignored.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		for _, form := range []string{s, url.QueryEscape(s)} {
			if form != "" && !slices.Contains(r.secrets, form) {
				r.secrets = append(r.secrets, form)
			}
		}
	}
	slices.SortFunc(r.secrets, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
}

// Secrets returns the literal secrets r knows, for log masks.
func (r *Redactor) Secrets() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.secrets)
}

// Redact returns s without the secrets r knows, without anything shaped
// like a secret, and with every URL's query string replaced. A nil r
// knows no secrets but their shapes.
func (r *Redactor) Redact(s string) string {
	if s == "" {
		return s
	}
	if r != nil {
		r.mu.RLock()
		for _, secret := range r.secrets {
			s = strings.ReplaceAll(s, secret, Redacted)
		}
		r.mu.RUnlock()
	}
	s = urlQueryPattern.ReplaceAllString(s, "${1}?"+Redacted)
	for _, p := range SecretPatterns {
		s = p.ReplaceAllString(s, "${1}"+Redacted)
	}
	return s
}
