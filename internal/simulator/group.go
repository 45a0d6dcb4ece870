package simulator

import (
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// Get Group Recording Details and List Group Recordings (served by lists.go):
// a service app with group recording access (ServiceAppToken) reads the
// available recordings of the host that the personId query parameter or the
// hostEmail header names, not those shared with the host by others.

// personIDPrefix starts a decoded Webex person id; the UUID follows.
const personIDPrefix = "ciscospark://us/PEOPLE/"

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// PersonUUID is the raw UUID of the person with this email, the same for
// every simulator: derived from the address, case aside.
func PersonUUID(email string) string {
	sum := sha1.Sum([]byte("webex simulator person " + strings.ToLower(email)))
	sum[6] = sum[6]&0x0f | 0x50 // a name-based (version 5) UUID
	sum[8] = sum[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// PersonID is the Webex person id of the person with this email, Base64
// without padding as the People API gives it.
func PersonID(email string) string {
	return base64.RawStdEncoding.EncodeToString([]byte(personIDPrefix + PersonUUID(email)))
}

// personEmail is the email of the person a personId names, in either form
// Webex takes, among the people the simulator knows: the tokens' and the
// recordings' hosts.
func (s *Server) personEmail(personID string) (string, bool) {
	uuid := strings.ToLower(personID)
	if !uuidPattern.MatchString(uuid) {
		uuid = ""
		for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
			decoded, err := enc.DecodeString(strings.TrimRight(personID, "="))
			if id, ok := strings.CutPrefix(string(decoded), personIDPrefix); err == nil && ok && uuidPattern.MatchString(id) {
				uuid = strings.ToLower(id)
			}
		}
	}
	if uuid == "" {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, who := range s.tokens {
		if PersonUUID(who.email) == uuid {
			return who.email, true
		}
	}
	for _, st := range s.recordings {
		if PersonUUID(st.host) == uuid {
			return st.host, true
		}
	}
	return "", false
}

// groupAccess answers 403 unless who is a service app with group
// recording access.
func (s *Server) groupAccess(w http.ResponseWriter, who identity) bool {
	if !who.groupAccess {
		s.writeError(w, http.StatusForbidden, "The service app does not have group recording access.",
			"Group recordings can only be read by a service app that has group recording access.")
	}
	return who.groupAccess
}

// groupHost is the host a group request names by the hostEmail header or
// the personId parameter (known false for a person id of nobody known). It
// answers 400 for no host, for both ways (the spec asks for one, silent on
// both: refusing is the cautious reading) and for a hostEmail parameter.
func (s *Server) groupHost(w http.ResponseWriter, r *http.Request) (host string, known, ok bool) {
	personID := strings.TrimSpace(r.URL.Query().Get("personId"))
	hostEmail := strings.TrimSpace(r.Header.Get("hostEmail"))
	switch {
	case r.URL.Query().Has("hostEmail"):
		s.writeError(w, http.StatusBadRequest, "hostEmail is a request header of the group recording endpoints, not a query parameter.")
	case personID == "" && hostEmail == "":
		s.writeError(w, http.StatusBadRequest, "One of the personId parameter and hostEmail header must be specified.")
	case personID != "" && hostEmail != "":
		s.writeError(w, http.StatusBadRequest, "Specify the personId parameter or the hostEmail header, not both.")
	case hostEmail != "":
		return hostEmail, true, true
	default:
		host, known = s.personEmail(personID)
		return host, known, true
	}
	return "", false, false
}

// handleGetGroupRecording serves Get Group Recording Details.
func (s *Server) handleGetGroupRecording(w http.ResponseWriter, r *http.Request) {
	s.serveWithFaults(w, r, r.PathValue("recordingId"), func(w http.ResponseWriter, r *http.Request) {
		who, ok := s.authenticate(w, r)
		if !ok || !s.groupAccess(w, who) {
			return
		}
		loc, ok := s.location(w, r.Header.Get("timezone"))
		if !ok {
			return
		}
		host, known, ok := s.groupHost(w, r)
		if !ok {
			return
		}
		st, found := s.lookupRecording(r.PathValue("recordingId"))
		if !found || !known || !strings.EqualFold(st.host, host) || st.rec.Status != RecordingAvailable {
			s.writeError(w, http.StatusNotFound, msgNotFound)
			return
		}
		// The host's own recording: never shared to them by others.
		writeJSON(w, http.StatusOK, s.render(st.rec, false, loc, requestOrigin(r)))
	})
}
