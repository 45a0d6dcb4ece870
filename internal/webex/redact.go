package webex

import "regexp"

// Redacted replaces secret values in text the client passes on.
const Redacted = "REDACTED"

// TicketPattern matches the credential in a temporary download link. The
// links carry a "ticket" query parameter that grants the download to
// whoever holds it, so it must never be logged or shown in an error.
var TicketPattern = regexp.MustCompile(`(?i)(ticket=)[^&\s"'<>]+`)

// bearerPattern matches an Authorization header value echoed back in text.
var bearerPattern = regexp.MustCompile(`(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+`)

// redact hides download tickets and bearer tokens in text that comes from
// the server (error messages) before it reaches an error or a log line.
func redact(s string) string {
	s = TicketPattern.ReplaceAllString(s, "${1}"+Redacted)
	return bearerPattern.ReplaceAllString(s, "${1}"+Redacted)
}
