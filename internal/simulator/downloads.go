package simulator

import (
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"time"
)

// The download side of temporary direct download links. A recording whose
// DirectLinks start with OriginPlaceholder gets links to the simulator's
// own origin, in the reference's shape:
//
//	{origin}/nbr/MultiThreadDownloadServlet?...&ticket=...  (the recording)
//	{origin}/nbr/downloadMedia.do?...&ticket=...&mediaType=1 (audio)
//	{origin}/nbr/downloadMedia.do?...&ticket=...&mediaType=2 (transcript)
//
// They need no access token: the ticket is the credential, as at Webex.
// A ticket the simulator issued for that kind of file serves a small
// placeholder file until the link's expiration (simulator clock); an
// expired one answers 410 Gone, any other 403 Forbidden. Only ServeHTTP's
// faults (latency, the global rate limit) apply to downloads.

// Kinds of file a temporary link downloads.
const (
	mediaRecording  = "recording"
	mediaAudio      = "audio"
	mediaTranscript = "transcript"
)

const contentTypeText = "text/plain; charset=utf-8"

// maxDownloadTickets bounds the remembered tickets: a client that reads
// recordings in a loop must not grow memory without limit.
const maxDownloadTickets = 10000

// downloadTicket is what an issued ticket grants.
type downloadTicket struct {
	recordingID string
	media       string
	expires     time.Time
}

// issueTicket remembers ticket until it expires. When the store is full it
// first forgets the expired tickets, then, if that is not enough, all of
// them: a forgotten ticket is refused like an unknown one.
func (s *Server) issueTicket(ticket string, t downloadTicket, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tickets == nil {
		s.tickets = make(map[string]downloadTicket)
	}
	if len(s.tickets) >= maxDownloadTickets {
		maps.DeleteFunc(s.tickets, func(_ string, old downloadTicket) bool { return !now.Before(old.expires) })
		if len(s.tickets) >= maxDownloadTickets {
			clear(s.tickets)
		}
	}
	s.tickets[ticket] = t
}

func (s *Server) lookupTicket(ticket string) (downloadTicket, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tickets[ticket]
	return t, ok
}

func (s *Server) handleRecordingDownload(w http.ResponseWriter, r *http.Request) {
	s.serveDownload(w, r, mediaRecording)
}

func (s *Server) handleMediaDownload(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("mediaType") {
	case "1":
		s.serveDownload(w, r, mediaAudio)
	case "2":
		s.serveDownload(w, r, mediaTranscript)
	default:
		writeRaw(w, http.StatusNotFound, contentTypeText, "Unknown media type.\n")
	}
}

// serveDownload answers one temporary link: the file when its ticket is
// valid for media, else the refusal.
func (s *Server) serveDownload(w http.ResponseWriter, r *http.Request, media string) {
	t, ok := s.lookupTicket(r.URL.Query().Get("ticket"))
	switch {
	case !ok || t.media != media:
		writeRaw(w, http.StatusForbidden, contentTypeText, "Invalid download ticket.\n")
		return
	case !s.now().Before(t.expires):
		writeRaw(w, http.StatusGone, contentTypeText, "This download link has expired; read the recording again for a new one.\n")
		return
	}
	st, found := s.lookupRecording(t.recordingID)
	if !found || st.rec.Status == RecordingPurged {
		writeRaw(w, http.StatusNotFound, contentTypeText, "The recording no longer exists.\n")
		return
	}
	contentType, ext := "video/mp4", ".mp4"
	switch media {
	case mediaAudio:
		contentType, ext = "audio/mp4", ".m4a"
	case mediaTranscript:
		contentType, ext = contentTypeText, ".txt"
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+t.recordingID+ext+`"`)
	body := fmt.Sprintf("Webex API simulator: %s file of recording %s (%q).\n", media, t.recordingID, st.rec.Topic)
	writeRaw(w, http.StatusOK, contentType, body)
}

func writeRaw(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
