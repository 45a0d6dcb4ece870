package simulator

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	trackingHeader    = "TrackingID"
	contentTypeJSON   = "application/json;charset=UTF-8"
	maxTimezoneLength = 64

	msgNoToken  = "The request requires a valid access token set in the Authorization request header."
	msgNotFound = "The requested resource could not be found."
)

// wireRecording is the JSON of a recording, in the reference's field
// order. Optional fields use omitempty/omitzero so absent stays absent.
type wireRecording struct {
	ID                           string     `json:"id,omitempty"`
	MeetingID                    string     `json:"meetingId,omitempty"`
	ScheduledMeetingID           string     `json:"scheduledMeetingId,omitempty"`
	MeetingSeriesID              string     `json:"meetingSeriesId,omitempty"`
	Topic                        string     `json:"topic,omitempty"`
	CreateTime                   string     `json:"createTime,omitempty"`
	TimeRecorded                 string     `json:"timeRecorded,omitempty"`
	SiteURL                      string     `json:"siteUrl,omitempty"`
	DownloadURL                  string     `json:"downloadUrl,omitempty"`
	PlaybackURL                  string     `json:"playbackUrl,omitempty"`
	Password                     string     `json:"password,omitempty"`
	TemporaryDirectDownloadLinks *wireLinks `json:"temporaryDirectDownloadLinks,omitempty"`
	Format                       string     `json:"format,omitempty"`
	ServiceType                  string     `json:"serviceType,omitempty"`
	DurationSeconds              *int64     `json:"durationSeconds,omitempty"`
	SizeBytes                    *int64     `json:"sizeBytes,omitempty"`
	ShareToMe                    *bool      `json:"shareToMe,omitempty"`
	IntegrationTags              []string   `json:"integrationTags,omitzero"`
	Status                       string     `json:"status,omitempty"`
	// Sent by the admin lists only, as Webex does.
	HostEmail       string `json:"hostEmail,omitempty"`
	HostDisplayName string `json:"hostDisplayName,omitempty"`
}

type wireLinks struct {
	RecordingDownloadLink  string `json:"recordingDownloadLink,omitempty"`
	AudioDownloadLink      string `json:"audioDownloadLink,omitempty"`
	TranscriptDownloadLink string `json:"transcriptDownloadLink,omitempty"`
	Expiration             string `json:"expiration"`
}

type wireError struct {
	Message    string       `json:"message"`
	Errors     []wireDetail `json:"errors"`
	TrackingID string       `json:"trackingId"`
}

type wireDetail struct {
	Description string `json:"description"`
}

// handleGetRecording serves Get Recording Details.
func (s *Server) handleGetRecording(w http.ResponseWriter, r *http.Request) {
	s.serveWithFaults(w, r, r.PathValue("recordingId"), func(w http.ResponseWriter, r *http.Request) {
		who, ok := s.authenticate(w, r)
		if !ok {
			return
		}
		compliance, admin := who.has(ScopeComplianceMeetingsRead), who.has(ScopeAdminRecordingsRead)
		if !compliance && !admin && !who.has(ScopeRecordingsRead) {
			s.missingScope(w, ScopeRecordingsRead, "retrieve recording details")
			return
		}
		loc, ok := s.location(w, r.Header.Get("timezone"))
		if !ok {
			return
		}
		hostEmail := strings.TrimSpace(r.URL.Query().Get("hostEmail"))
		if hostEmail != "" && !admin && !compliance {
			s.missingScope(w, ScopeAdminRecordingsRead, "use hostEmail")
			return
		}
		st, found := s.lookupRecording(r.PathValue("recordingId"))
		// The siteUrl header asks for the recording "from that site". The
		// spec says no more; a recording of another site is not found there,
		// which is the most cautious reading.
		site := strings.TrimSpace(r.Header.Get("siteUrl"))
		if !found || site != "" && !strings.EqualFold(site, st.rec.SiteURL) {
			s.writeError(w, http.StatusNotFound, msgNotFound)
			return
		}
		if st.rec.Status == RecordingPurged && !compliance {
			s.writeError(w, http.StatusGone, "The requested resource is no longer available.",
				"The recording has been purged from the recycle bin; only a compliance officer can access it.")
			return
		}
		visible := compliance || strings.EqualFold(st.host, who.email) || st.sharedTo(who.email)
		if hostEmail != "" {
			visible = strings.EqualFold(st.host, hostEmail)
		}
		if !visible {
			// Webex answers 404, not 403, for "exists but not yours".
			s.writeError(w, http.StatusNotFound, msgNotFound)
			return
		}
		shareToMe := hostEmail == "" && !strings.EqualFold(st.host, who.email) && st.sharedTo(who.email)
		writeJSON(w, http.StatusOK, s.render(st.rec, shareToMe, loc, requestOrigin(r)))
	})
}

// missingScope answers 403 for a token without scope, needed to do what.
func (s *Server) missingScope(w http.ResponseWriter, scope, what string) {
	s.writeError(w, http.StatusForbidden, "Missing required scope: "+scope,
		"The access token does not grant the "+scope+" scope required to "+what+".")
}

// location loads the timezone tz (UTC when blank); for a name that is not
// an IANA zone it answers 400 as Webex does and returns false.
func (s *Server) location(w http.ResponseWriter, tz string) (*time.Location, bool) {
	tz = strings.TrimSpace(tz)
	if tz == "" {
		return time.UTC, true
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || len(tz) > maxTimezoneLength || tz == "Local" {
		s.writeError(w, http.StatusBadRequest, "Invalid timezone: the timezone must be an IANA time zone name.",
			fmt.Sprintf("The timezone %q is invalid.", truncate(tz, maxTimezoneLength)))
		return nil, false
	}
	return loc, true
}

// render builds the answer for rec; origin replaces OriginPlaceholder in
// its temporary links.
func (s *Server) render(rec Recording, shareToMe bool, loc *time.Location, origin string) wireRecording {
	now := s.now()
	out := wireRecording{
		ID: rec.ID, MeetingID: rec.MeetingID, ScheduledMeetingID: rec.ScheduledMeetingID,
		MeetingSeriesID: rec.MeetingSeriesID, Topic: rec.Topic,
		CreateTime: formatTime(rec.CreateTime, loc), TimeRecorded: formatTime(rec.TimeRecorded, loc),
		SiteURL: rec.SiteURL, DownloadURL: rec.DownloadURL, PlaybackURL: rec.PlaybackURL, Password: rec.Password,
		Format: rec.Format, ServiceType: rec.ServiceType, DurationSeconds: rec.DurationSeconds,
		SizeBytes: rec.SizeBytes, ShareToMe: &shareToMe, IntegrationTags: rec.IntegrationTags, Status: rec.Status,
	}
	if l := rec.DirectLinks; l != nil {
		expires := now.Add(linkLifetime)
		out.TemporaryDirectDownloadLinks = &wireLinks{
			RecordingDownloadLink:  s.fillLink(l.Recording, origin, downloadTicket{rec.ID, mediaRecording, expires}, now),
			AudioDownloadLink:      s.fillLink(l.Audio, origin, downloadTicket{rec.ID, mediaAudio, expires}, now),
			TranscriptDownloadLink: s.fillLink(l.Transcript, origin, downloadTicket{rec.ID, mediaTranscript, expires}, now),
			Expiration:             formatTime(expires, loc),
		}
	}
	return out
}

func formatTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339)
}

// requestOrigin is the scheme and host a request came to.
func requestOrigin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// newTrackingID returns "ROUTER_" plus an uppercase version-4 UUID.
func newTrackingID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("ROUTER_%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// authenticate resolves the bearer token or writes the 401.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (identity, bool) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	s.mu.Lock()
	who, ok := s.tokens[strings.TrimSpace(token)]
	s.mu.Unlock()
	switch {
	case !ok || !strings.EqualFold(scheme, "Bearer"):
		s.writeError(w, http.StatusUnauthorized, msgNoToken)
	case who.expired || !who.expires.IsZero() && !s.now().Before(who.expires):
		s.writeError(w, http.StatusUnauthorized, "The access token has expired.",
			"The access token has expired. Refresh it or obtain a new one.")
	default:
		return who, true
	}
	return identity{}, false
}

// writeError sends a Webex error body. Without a description the message
// is repeated as the single description, as Webex does.
func (s *Server) writeError(w http.ResponseWriter, status int, message string, description ...string) {
	body := wireError{Message: message, Errors: []wireDetail{{message}}, TrackingID: w.Header().Get(trackingHeader)}
	if len(description) > 0 {
		body.Errors[0].Description = description[0]
	}
	writeJSONType(w, status, "application/json", body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONType(w, status, contentTypeJSON, v)
}

func writeJSONType(w http.ResponseWriter, status int, contentType string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "&" in URLs as in the reference
	_ = enc.Encode(v)        // only the simulator's own wire types, which always encode
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
