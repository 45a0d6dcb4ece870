package simulator

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	trackingHeader    = "TrackingID"
	contentTypeJSON   = "application/json;charset=UTF-8"
	contentTypeError  = "application/json"
	linkLifetime      = 3 * time.Hour
	maxTimezoneLength = 64
)

const (
	msgNoToken  = "The request requires a valid access token set in the Authorization request header."
	msgExpired  = "The access token has expired."
	msgNotFound = "The requested resource could not be found."
	msgPurged   = "The requested resource is no longer available."
)

// wireRecording is the JSON of Get Recording Details, in the reference's
// field order. Optional fields use omitempty/omitzero so absent stays absent.
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
	// HostEmail and HostDisplayName are sent by the admin list only, as
	// Webex does.
	HostEmail       string `json:"hostEmail,omitempty"`
	HostDisplayName string `json:"hostDisplayName,omitempty"`
}

type wireLinks struct {
	RecordingDownloadLink  string `json:"recordingDownloadLink,omitempty"`
	AudioDownloadLink      string `json:"audioDownloadLink,omitempty"`
	TranscriptDownloadLink string `json:"transcriptDownloadLink,omitempty"`
	Expiration             string `json:"expiration"`
}

type wirePerson struct {
	ID     string   `json:"id"`
	Emails []string `json:"emails"`
}

type wireError struct {
	Message    string            `json:"message"`
	Errors     []wireErrorDetail `json:"errors"`
	TrackingID string            `json:"trackingId"`
}

type wireErrorDetail struct {
	Description string `json:"description"`
}

func (s *Server) handleGetRecording(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("recordingId")
	s.serveWithFaults(w, r, id, s.getRecording)
}

func (s *Server) handlePeopleMe(w http.ResponseWriter, r *http.Request) {
	s.serveWithFaults(w, r, "", s.peopleMe)
}

func (s *Server) peopleMe(w http.ResponseWriter, r *http.Request) {
	who, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, wirePerson{ID: PersonID(who.email), Emails: []string{who.email}})
}

// getRecording implements Get Recording Details once faults have had their say.
func (s *Server) getRecording(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("recordingId")
	who, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	compliance := who.has(ScopeComplianceMeetingsRead)
	admin := who.has(ScopeAdminRecordingsRead)
	if !compliance && !admin && !who.has(ScopeRecordingsRead) {
		s.writeError(w, r, http.StatusForbidden,
			"Missing required scope: "+ScopeRecordingsRead,
			"The access token does not grant the "+ScopeRecordingsRead+" scope required to retrieve recording details.")
		return
	}

	loc, ok := s.requestLocation(w, r)
	if !ok {
		return
	}

	hostEmail := strings.TrimSpace(r.URL.Query().Get("hostEmail"))
	if hostEmail != "" && !admin && !compliance {
		s.writeError(w, r, http.StatusForbidden,
			"Missing required scope: "+ScopeAdminRecordingsRead,
			"hostEmail may only be used with the "+ScopeAdminRecordingsRead+" scope.")
		return
	}

	st, found := s.lookupRecording(id)
	// The siteUrl header asks for the recording "from that site". The
	// spec says no more; a recording of another site is not found there,
	// which is the most cautious reading.
	site := strings.TrimSpace(r.Header.Get("siteUrl"))
	if !found || site != "" && !strings.EqualFold(site, st.rec.SiteURL) {
		s.writeError(w, r, http.StatusNotFound, msgNotFound)
		return
	}
	if st.rec.Status == RecordingPurged && !compliance {
		s.writeError(w, r, http.StatusGone, msgPurged,
			"The recording has been purged from the recycle bin; only a compliance officer can access it.")
		return
	}

	var visible bool
	switch {
	case hostEmail != "":
		visible = strings.EqualFold(st.host, hostEmail)
	case compliance:
		visible = true
	default:
		visible = strings.EqualFold(st.host, who.email) || st.sharedTo(who.email)
	}
	if !visible {
		// Webex answers 404, not 403, for "exists but not yours".
		s.writeError(w, r, http.StatusNotFound, msgNotFound)
		return
	}
	shareToMe := hostEmail == "" && !strings.EqualFold(st.host, who.email) && st.sharedTo(who.email)
	writeJSON(w, http.StatusOK, s.render(st.rec, shareToMe, loc, s.now(), requestOrigin(r)))
}

// requestLocation reads the timezone header (UTC when absent); for a name
// that is not an IANA zone it answers 400 as Webex does and returns false.
func (s *Server) requestLocation(w http.ResponseWriter, r *http.Request) (*time.Location, bool) {
	tz := strings.TrimSpace(r.Header.Get("timezone"))
	loc, ok := loadLocation(tz)
	if !ok {
		s.writeError(w, r, http.StatusBadRequest,
			"Invalid timezone: the timezone header must be an IANA time zone name.",
			fmt.Sprintf("The timezone %q is invalid.", truncate(tz, maxTimezoneLength)))
	}
	return loc, ok
}

// render builds the answer for rec; origin replaces OriginPlaceholder in
// its temporary links.
func (s *Server) render(rec Recording, shareToMe bool, loc *time.Location, now time.Time, origin string) wireRecording {
	out := wireRecording{
		ID:                 rec.ID,
		MeetingID:          rec.MeetingID,
		ScheduledMeetingID: rec.ScheduledMeetingID,
		MeetingSeriesID:    rec.MeetingSeriesID,
		Topic:              rec.Topic,
		CreateTime:         formatTime(rec.CreateTime, loc),
		TimeRecorded:       formatTime(rec.TimeRecorded, loc),
		SiteURL:            rec.SiteURL,
		DownloadURL:        rec.DownloadURL,
		PlaybackURL:        rec.PlaybackURL,
		Password:           rec.Password,
		Format:             rec.Format,
		ServiceType:        rec.ServiceType,
		DurationSeconds:    rec.DurationSeconds,
		SizeBytes:          rec.SizeBytes,
		ShareToMe:          &shareToMe,
		IntegrationTags:    rec.IntegrationTags,
		Status:             rec.Status,
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

// fillLink replaces the placeholders of one link template with a fresh ticket
// and timestamp, as the real API does on every read. A link to the
// simulator's own origin gets origin, and its ticket is remembered as t so
// the download can be served.
func (s *Server) fillLink(tmpl, origin string, t downloadTicket, now time.Time) string {
	if tmpl == "" {
		return ""
	}
	ticket := newTicket()
	if rest, ok := strings.CutPrefix(tmpl, OriginPlaceholder); ok {
		tmpl = origin + rest
		s.issueTicket(ticket, t, now)
	}
	return strings.NewReplacer(
		TicketPlaceholder, url.QueryEscape(ticket),
		TimestampPlaceholder, strconv.FormatInt(s.nextStamp(now), 10),
	).Replace(tmpl)
}

// requestOrigin is the scheme and host a request came to.
func requestOrigin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// nextStamp returns now in milliseconds, bumped past the previous value so
// every link the simulator hands out carries a distinct timestamp.
func (s *Server) nextStamp(now time.Time) int64 {
	ms := now.UnixMilli()
	for {
		last := s.lastStamp.Load()
		next := max(ms, last+1)
		if s.lastStamp.CompareAndSwap(last, next) {
			return next
		}
	}
}

// newTicket returns a random ticket shaped like the reference's: base64 of
// 40 bytes starting "H2SK" (links carry it URL-escaped).
func newTicket() string {
	b := make([]byte, 40)
	copy(b, "H2SK\x00\x00\x00")
	_, _ = rand.Read(b[7:]) // never fails since Go 1.24
	return base64.StdEncoding.EncodeToString(b)
}

// newTrackingID returns "ROUTER_" plus an uppercase version-4 UUID.
func newTrackingID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("ROUTER_%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// zones caches loaded locations; only valid names are stored, so the cache
// is bounded by the zone database.
var zones sync.Map

func loadLocation(name string) (*time.Location, bool) {
	if name == "" {
		return time.UTC, true
	}
	if len(name) > maxTimezoneLength || name == "Local" {
		return nil, false
	}
	if v, ok := zones.Load(name); ok {
		if loc, ok := v.(*time.Location); ok {
			return loc, true
		}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	zones.Store(name, loc)
	return loc, true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// authenticate resolves the bearer token or writes the 401.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (identity, bool) {
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		s.writeError(w, r, http.StatusUnauthorized, msgNoToken)
		return identity{}, false
	}
	who, ok := s.lookupToken(token)
	if !ok {
		s.writeError(w, r, http.StatusUnauthorized, msgNoToken)
		return identity{}, false
	}
	if who.expired || (!who.expires.IsZero() && !s.now().Before(who.expires)) {
		s.writeError(w, r, http.StatusUnauthorized, msgExpired,
			"The access token has expired. Refresh it or obtain a new one.")
		return identity{}, false
	}
	return who, true
}

func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

func trackingIDOf(r *http.Request) string {
	id, _ := r.Context().Value(trackingKey{}).(string)
	return id
}

// writeError sends a Webex error body. With no descriptions the message is
// repeated as the single description, as Webex does.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int, message string, descriptions ...string) {
	if len(descriptions) == 0 {
		descriptions = []string{message}
	}
	body := wireError{Message: message, TrackingID: trackingIDOf(r)}
	for _, d := range descriptions {
		body.Errors = append(body.Errors, wireErrorDetail{Description: d})
	}
	w.Header().Set(trackingHeader, body.TrackingID)
	writeJSONType(w, status, contentTypeError, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONType(w, status, contentTypeJSON, v)
}

func writeJSONType(w http.ResponseWriter, status int, contentType string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "&" in URLs as in the reference
	if err := enc.Encode(v); err != nil {
		// Only our own wire types reach here; they always encode.
		http.Error(w, "simulator: encoding failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
