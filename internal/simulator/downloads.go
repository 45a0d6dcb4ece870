package simulator

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Temporary direct download links: their templates (DirectLinks) get a fresh
// ticket and timestamp on every read, as at Webex, and expire linkLifetime
// later. A template starting with OriginPlaceholder links to the simulator
// itself ({origin}/nbr/MultiThreadDownloadServlet?...&ticket=... for the
// recording, {origin}/nbr/downloadMedia.do?...&mediaType=1 or 2 for audio or
// transcript), which serves a small file without an access token (the
// ticket is the credential, as at Webex) until the link expires (simulator
// clock): then 410, and 403 for a ticket it did not issue for that file.

const (
	linkLifetime = 3 * time.Hour
	// maxDownloadTickets bounds the remembered tickets: a client that
	// reads recordings in a loop must not grow memory without limit.
	maxDownloadTickets = 10000

	mediaRecording  = "recording"
	mediaAudio      = "audio"
	mediaTranscript = "transcript"
	contentTypeText = "text/plain; charset=utf-8"
)

// downloadTicket is what an issued ticket grants.
type downloadTicket struct {
	recordingID string
	media       string
	expires     time.Time
}

// fillLink fills the placeholders of one link template. A link to the
// simulator's own origin gets origin, and its ticket is remembered as t
// so the download can be served.
func (s *Server) fillLink(tmpl, origin string, t downloadTicket, now time.Time) string {
	if tmpl == "" {
		return ""
	}
	// Shaped like the reference's: base64 of 40 bytes starting "H2SK".
	b := make([]byte, 40)
	copy(b, "H2SK\x00\x00\x00")
	_, _ = rand.Read(b[7:])
	ticket := base64.StdEncoding.EncodeToString(b)

	if rest, ok := strings.CutPrefix(tmpl, OriginPlaceholder); ok {
		tmpl = origin + rest
		s.mu.Lock()
		// When full, forget the expired tickets, then if need be all of
		// them: a forgotten ticket is refused like an unknown one.
		if len(s.tickets) >= maxDownloadTickets {
			maps.DeleteFunc(s.tickets, func(_ string, old downloadTicket) bool { return !now.Before(old.expires) })
			if len(s.tickets) >= maxDownloadTickets {
				clear(s.tickets)
			}
		}
		s.tickets[ticket] = t
		s.mu.Unlock()
	}
	// Every link carries a distinct millisecond timestamp.
	stamp := now.UnixMilli()
	for last := s.lastStamp.Load(); ; last = s.lastStamp.Load() {
		if stamp = max(stamp, last+1); s.lastStamp.CompareAndSwap(last, stamp) {
			break
		}
	}
	return strings.NewReplacer(TicketPlaceholder, url.QueryEscape(ticket),
		TimestampPlaceholder, strconv.FormatInt(stamp, 10)).Replace(tmpl)
}

// handleDownload answers a temporary link: the file when its ticket is
// valid for the kind of file the path and mediaType name, else the refusal.
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	media := mediaRecording
	if strings.HasSuffix(r.URL.Path, "/downloadMedia.do") {
		media = map[string]string{"1": mediaAudio, "2": mediaTranscript}[r.URL.Query().Get("mediaType")]
	}
	s.mu.Lock()
	t, ok := s.tickets[r.URL.Query().Get("ticket")]
	s.mu.Unlock()
	st, found := s.lookupRecording(t.recordingID)
	switch {
	case media == "":
		writeText(w, http.StatusNotFound, contentTypeText, "Unknown media type.\n")
	case !ok || t.media != media:
		writeText(w, http.StatusForbidden, contentTypeText, "Invalid download ticket.\n")
	case !s.now().Before(t.expires):
		writeText(w, http.StatusGone, contentTypeText, "This download link has expired; read the recording again for a new one.\n")
	case !found || st.rec.Status == RecordingPurged:
		writeText(w, http.StatusNotFound, contentTypeText, "The recording no longer exists.\n")
	default:
		kind := map[string][2]string{mediaRecording: {"video/mp4", ".mp4"}, mediaAudio: {"audio/mp4", ".m4a"}, mediaTranscript: {contentTypeText, ".txt"}}[media]
		w.Header().Set("Content-Disposition", `attachment; filename="`+t.recordingID+kind[1]+`"`)
		writeText(w, http.StatusOK, kind[0], fmt.Sprintf("Webex API simulator: %s file of recording %s (%q).\n", media, t.recordingID, st.rec.Topic))
	}
}

func writeText(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
