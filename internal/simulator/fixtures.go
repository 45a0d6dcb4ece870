package simulator

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Built-in access tokens, each one kind of caller the provider must cope with.
const (
	UserToken              = "sim-user-token"                // alice, meeting:recordings_read: her own and shared recordings
	AdminToken             = "sim-admin-token"               // admin, meeting:admin_recordings_read too: may use hostEmail
	ComplianceToken        = "sim-compliance-token"          // spark-compliance:meetings_read: every recording, purged too
	NoScopeToken           = "sim-noscope-token"             // valid, without a recordings scope: 403
	ExpiredToken           = "sim-expired-token"             // known but expired: 401
	ServiceAppToken        = "sim-service-app-token"         // service app with group recording access: group endpoints only
	ServiceAppNoGroupToken = "sim-service-app-nogroup-token" // service app without it: 403 there
)

// Scopes the simulator checks.
const (
	ScopeRecordingsRead         = "meeting:recordings_read"        // own and shared recordings
	ScopeAdminRecordingsRead    = "meeting:admin_recordings_read"  // other hosts' through hostEmail
	ScopeComplianceMeetingsRead = "spark-compliance:meetings_read" // every recording, purged ones too
)

// E-mail addresses of the built-in people.
const (
	AliceEmail      = "alice@example.com"      // UserToken's; hosts most fixtures
	BobEmail        = "bob@example.com"        // hosts SharedRecordingID and OtherHostRecordingID; no token
	AdminEmail      = "admin@example.com"      // AdminToken's; hosts nothing
	ComplianceEmail = "compliance@example.com" // ComplianceToken's; hosts nothing
	NoScopeEmail    = "noscope@example.com"    // NoScopeToken's
	// ServiceAppEmail is the identity of both service app tokens.
	ServiceAppEmail = "recordings-service-app@example.com"
)

// Person ids of alice and bob, as the group endpoints' personId takes
// them: Base64 as the People API gives them, or the raw UUID that ends the
// decoded id. PersonID and PersonUUID give those of anyone else.
const (
	AlicePersonUUID = "79f5f1a7-2336-5eb9-ab23-364b221eeaa5"
	AlicePersonID   = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS83OWY1ZjFhNy0yMzM2LTVlYjktYWIyMy0zNjRiMjIxZWVhYTU"
	BobPersonUUID   = "9b186839-eef3-57ca-9497-bcfdd5d06c8a"
	BobPersonID     = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS85YjE4NjgzOS1lZWYzLTU3Y2EtOTQ5Ny1iY2ZkZDVkMDZjOGE"
)

// Fixture recording ids, each exercising one behaviour of the API (the
// others, which examples/ and docs/ name, are in Fixtures). Alice hosts
// them unless told.
const (
	ExampleRecordingID         = "4f914b1dfe3c4d11a61730f18c0f5387" // the reference page's example, field for field
	PreventDownloadRecordingID = "4a9d9d207bbb840c11547f9e5950b331" // prevent downloading: no downloadUrl, no temporary links
	SharedRecordingID          = "68a48b754728fa17178bbc93ebe51335" // bob's, shared with alice: shareToMe for her
	OtherHostRecordingID       = "ec87b6805f7289c999abc8e43e8795f1" // bob's, not shared: 404 for alice, 200 for an admin with hostEmail
	DeletedRecordingID         = "9b399acce108c04babd48de8b289aae4" // in the recycle bin, status deleted
	PurgedRecordingID          = "529aef5b2ba7e5d046ac73fdda403cd0" // purged: 410 except for a compliance officer
	LargeUploadedRecordingID   = "d9e75c3c4d7f3009d58609771c831f23" // UPLOADED, above 4 GiB, no audio or transcript link, no integrationTags
	// AllHandsRecordingID, WeeklySyncRecordingID (newest of the Weekly
	// Sync series) and CustomerCallRecordingID (prevent downloading) are
	// alice's, one hour, two and three days older than New: the default
	// 7-day window finds them, and their links point at the simulator.
	AllHandsRecordingID     = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61"
	WeeklySyncRecordingID   = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f62"
	CustomerCallRecordingID = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f63"
)

// Values of the recording fields format, serviceType and status.
const (
	FormatMP4      = "MP4"
	FormatARF      = "ARF"      // Webex's own format, for the ARF player
	FormatUploaded = "UPLOADED" // in the spec's recordings, not its format filter

	ServiceMeetingCenter  = "MeetingCenter"
	ServiceEventCenter    = "EventCenter"
	ServiceSupportCenter  = "SupportCenter"
	ServiceTrainingCenter = "TrainingCenter"

	RecordingAvailable = "available"
	RecordingDeleted   = "deleted" // in the recycle bin, still readable
	RecordingPurged    = "purged"  // only compliance officers may read it (others get 410)
)

// Placeholders in DirectLinks templates, replaced on every read with a
// fresh ticket (URL-escaped base64) and millisecond timestamp.
// OriginPlaceholder, starting a template, becomes the scheme and host the
// request came to, and the simulator serves that link (downloads.go).
const (
	TicketPlaceholder    = "{ticket}"
	TimestampPlaceholder = "{timestamp}"
	OriginPlaceholder    = "{origin}"
)

// Recording is a stored recording. Zero values (empty string, zero time, nil
// pointer, nil slice, nil DirectLinks) are left out of the JSON, so tests can
// model absent fields; shareToMe is computed per caller.
type Recording struct {
	ID, MeetingID, ScheduledMeetingID, MeetingSeriesID, Topic string
	CreateTime, TimeRecorded                                  time.Time
	SiteURL, DownloadURL, PlaybackURL, Password               string
	// DirectLinks, when non-nil, yields temporaryDirectDownloadLinks that
	// expire 3 hours after the request.
	DirectLinks                *DirectLinks
	Format, ServiceType        string
	DurationSeconds, SizeBytes *int64
	// IntegrationTags: nil leaves the key out, an empty slice sends [].
	IntegrationTags []string
	Status          string
}

// DirectLinks holds URL templates for temporaryDirectDownloadLinks (see
// the placeholders); an empty one leaves that link out.
type DirectLinks struct {
	Recording, Audio, Transcript string
}

func (r Recording) clone() Recording {
	if r.DirectLinks != nil {
		r.DirectLinks = new(*r.DirectLinks)
	}
	if r.DurationSeconds != nil {
		r.DurationSeconds = new(*r.DurationSeconds)
	}
	if r.SizeBytes != nil {
		r.SizeBytes = new(*r.SizeBytes)
	}
	r.IntegrationTags = slices.Clone(r.IntegrationTags)
	return r
}

type identity struct {
	email   string
	scopes  []string
	expired bool
	expires time.Time // when an issued token stops working; zero for never
	// groupAccess is a service app's group recording access, which an
	// organisation grants to the app rather than as a scope.
	groupAccess bool
}

func (id identity) has(scope string) bool { return slices.Contains(id.scopes, scope) }

type storedRecording struct {
	rec        Recording
	host       string
	sharedWith []string
}

func (s storedRecording) sharedTo(email string) bool {
	return slices.ContainsFunc(s.sharedWith, func(e string) bool { return strings.EqualFold(e, email) })
}

// AddRecording stores (or replaces) a copy of r, hosted by host and shared
// with the given people.
func (s *Server) AddRecording(r Recording, host string, sharedWith ...string) error {
	if r.ID == "" {
		return fmt.Errorf("simulator: empty value: recording id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recordings[r.ID] = storedRecording{rec: r.clone(), host: host, sharedWith: slices.Clone(sharedWith)}
	s.newestFirst = nil
	return nil
}

// UpdateRecording changes a stored recording in place (to simulate drift made
// outside Terraform). fn must not keep the pointer; changes to ID are ignored.
func (s *Server) UpdateRecording(id string, fn func(r *Recording)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.recordings[id]
	if !ok {
		return fmt.Errorf("simulator: no recording %q", id)
	}
	rec := st.rec.clone()
	fn(&rec)
	rec.ID = id
	st.rec = rec.clone()
	s.recordings[id] = st
	s.newestFirst = nil
	return nil
}

func (s *Server) lookupRecording(id string) (storedRecording, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.recordings[id]
	st.rec = st.rec.clone()
	return st, ok
}

// ExampleRecording returns the reference page's example recording (the
// ExampleRecordingID fixture), a convenient base for new test recordings.
func ExampleRecording() Recording {
	return Recording{
		ID:                 ExampleRecordingID,
		MeetingID:          "f91b6edce9864428af084977b7c68291_I_166641849979635652",
		ScheduledMeetingID: "f91b6edce9864428af084977b7c68291_20200713T121500Z",
		MeetingSeriesID:    "f91b6edce9864428af084977b7c68291",
		Topic:              "Example Topic",
		CreateTime:         time.Date(2020, 7, 13, 17, 11, 35, 0, time.UTC),
		TimeRecorded:       time.Date(2020, 7, 13, 17, 5, 35, 0, time.UTC),
		SiteURL:            "site4-example.webex.com",
		DownloadURL:        "https://site4-example.webex.com/site4/lsr.php?RCID=b91990e37417bda24986e46cf43345ab",
		PlaybackURL:        "https://site4-example.webex.com/site4/ldr.php?RCID=69201a61d1d94a84aca18817261d1a73",
		Password:           "BgJep@43",
		DirectLinks:        nbrLinks("siteid=2062842&recordid=305462&confid=137735449369118342&language=en_US&userid=3516472&serviceRecordID=305492"),
		Format:             FormatARF,
		ServiceType:        ServiceMeetingCenter,
		DurationSeconds:    new(int64(18416)),
		SizeBytes:          new(int64(168103)),
		IntegrationTags:    []string{"dbaeceebea5c4a63ac9d5ef1edfe36b9", "85e1d6319aa94c0583a6891280e3437d", "27226d1311b947f3a68d6bdf8e4e19a1"},
		Status:             RecordingAvailable,
	}
}

// nbrLinks builds link templates in the shape of the reference's
// MultiThreadDownloadServlet and downloadMedia.do URLs.
func nbrLinks(query string) *DirectLinks {
	base := "https://site4-example.webex.com/nbr/"
	tail := "&ticket=" + TicketPlaceholder + "&timestamp=" + TimestampPlaceholder + "&islogin=yes&isprevent=no&ispwd=yes"
	return &DirectLinks{
		Recording:  base + "MultiThreadDownloadServlet?" + query + tail,
		Audio:      base + "downloadMedia.do?" + query + tail + "&mediaType=1",
		Transcript: base + "downloadMedia.do?" + query + tail + "&mediaType=2",
	}
}

// fixture derives a recording from a meeting series id and a few specifics.
func fixture(id, series, topic string, created time.Time, recordID string) Recording {
	const site = "https://site4-example.webex.com/site4/"
	return Recording{
		ID: id, MeetingID: series + "_I_1666418499796" + recordID, MeetingSeriesID: series, Topic: topic,
		CreateTime: created, TimeRecorded: created.Add(-6 * time.Minute), SiteURL: "site4-example.webex.com",
		DownloadURL: site + "lsr.php?RCID=" + series, PlaybackURL: site + "ldr.php?RCID=" + id, Password: "Pa55w0rd!",
		Format: FormatMP4, ServiceType: ServiceMeetingCenter, DurationSeconds: new(int64(1800)), SizeBytes: new(int64(52428800)),
		IntegrationTags: []string{"JIRA-1234"}, Status: RecordingAvailable,
		ScheduledMeetingID: series + "_" + created.Add(-30*time.Minute).Format("20060102T150405Z"),
		DirectLinks:        nbrLinks("siteid=2062842&recordid=" + recordID + "&confid=137735449369118342&language=en_US&userid=3516472&serviceRecordID=" + recordID),
	}
}

func (s *Server) installDefaults() {
	s.tokens[UserToken] = identity{email: AliceEmail, scopes: []string{ScopeRecordingsRead}}
	s.tokens[AdminToken] = identity{email: AdminEmail, scopes: []string{ScopeRecordingsRead, ScopeAdminRecordingsRead}}
	s.tokens[ComplianceToken] = identity{email: ComplianceEmail, scopes: []string{ScopeComplianceMeetingsRead}}
	s.tokens[NoScopeToken] = identity{email: NoScopeEmail, scopes: []string{"spark:people_read"}}
	s.tokens[ExpiredToken] = identity{email: AliceEmail, scopes: []string{ScopeRecordingsRead}, expired: true}
	s.tokens[ServiceAppToken] = identity{email: ServiceAppEmail, groupAccess: true}
	s.tokens[ServiceAppNoGroupToken] = identity{email: ServiceAppEmail}

	const weeklySync = "f91b6edce9864428af084977b7c68291" // the reference example's series
	day := func(m time.Month, d, h int) time.Time { return time.Date(2024, m, d, h, 30, 0, 0, time.UTC) }
	march := func(d int) time.Time { return time.Date(2025, time.March, d, 9, 40, 0, 0, time.UTC) }
	// The recent ones are whole minutes, so the table webexsim prints and
	// the answers agree.
	now := s.now().UTC().Truncate(time.Minute)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	noDownload := func(r *Recording) { r.DownloadURL, r.DirectLinks = "", nil }
	// The recent ones' playback links carry an RCID that is not the
	// recording id, as in the reference's example, and their temporary
	// links point at the simulator's own origin.
	recent := func(rcid string) func(*Recording) {
		return func(r *Recording) {
			r.PlaybackURL = "https://" + r.SiteURL + "/site4/ldr.php?RCID=c2e4a6b8d0f24a6c8e0b2d4f6a8c0e" + rcid
			for _, link := range []*string{&r.DirectLinks.Recording, &r.DirectLinks.Audio, &r.DirectLinks.Transcript} {
				*link = OriginPlaceholder + strings.TrimPrefix(*link, "https://"+r.SiteURL)
			}
		}
	}
	s.fixtureNotes = make(map[string]string)
	// Each note says what its recording is there for, for the table
	// webexsim prints (Fixtures).
	for i, f := range []struct {
		id, series, topic string
		created           time.Time
		host              string
		mod               func(*Recording)
		note              string
	}{
		{PreventDownloadRecordingID, "0b7e8c4f2a6d4e1f9c3b5a7d9e1f3a5c", "Prevent Download Review", day(time.March, 4, 15), AliceEmail,
			noDownload, "prevent downloading: no download_url, no temporary links"},
		{SharedRecordingID, "1c8f9d5a3b7e4f2a8d4c6b8e0f2a4b6d", "Bob's Design Review", day(time.March, 5, 16), BobEmail,
			nil, "bob's, shared with alice: share_to_me = true"},
		{OtherHostRecordingID, "2d9a0e6b4c8f4a3b9e5d7c9f1a3b5c7e", "Bob's Private Sync", day(time.March, 6, 9), BobEmail,
			nil, "bob's, not shared: 404 for alice, an admin reads it with host_email"},
		{DeletedRecordingID, "3e0b1f7c5d9a4b4c8f6e8d0a2b4c6d8f", "Recycled Standup", day(time.March, 7, 10), AliceEmail,
			func(r *Recording) { r.Status = RecordingDeleted }, "in the recycle bin: status deleted"},
		{PurgedRecordingID, "4f1c2a8d6e0b4c5d9a7f9e1b3c5d7e9a", "Purged All Hands", day(time.January, 8, 11), AliceEmail,
			func(r *Recording) { r.Status = RecordingPurged }, "purged: 410, except for the compliance token"},
		{LargeUploadedRecordingID, "5a2d3b9e7f1c4d6e8b8a0f2c4d6e8f0b", "Uploaded Training Video", day(time.April, 9, 12), AliceEmail,
			func(r *Recording) {
				r.Format, r.SizeBytes, r.DurationSeconds = FormatUploaded, new(int64(6442450944)), new(int64(36000)) // 6 GiB, beyond 32 bits
				r.DirectLinks.Audio, r.DirectLinks.Transcript, r.IntegrationTags = "", "", nil
			}, "UPLOADED, 6 GiB, no audio or transcript link, no integration tags"},
		// The recordings examples/ and docs/ name, so that every example
		// applies against the simulator as written.
		{"0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a", "6b3e4c0f8a2d4e7f9c9b1a3d5e7f9a1c", "New Hire Onboarding", day(time.April, 15, 9), AliceEmail,
			nil, "available MP4 with a download_url (postcondition example)"},
		{"7c1a5e0d2b8f4e3a9d6c0b1f2e3d4c5b", "7c4f5d1a9b3e4f8a8d0c2b4e6f8a0b2d", "Quarterly Review", day(time.May, 2, 14), "jane.doe@example.com",
			nil, "jane's, not shared: an admin reads it with host_email"},
		{"a3c5e7f9b1d34f6a8c0e2b4d6f8a0c21", weeklySync, "Weekly Sync", march(17), AliceEmail, nil, "Weekly Sync series, March 2025"},
		{"a3c5e7f9b1d34f6a8c0e2b4d6f8a0c22", weeklySync, "Weekly Sync", march(24), AliceEmail, nil, "Weekly Sync series, March 2025"},
		{AllHandsRecordingID, "8d5a6e2b0c4f4a9b8e1d3c5f7a9b1c3e", "All Hands", ago(time.Hour), AliceEmail,
			recent("11"), "an hour old; temporary links served by the simulator"},
		{WeeklySyncRecordingID, weeklySync, "Weekly Sync", ago(48 * time.Hour), AliceEmail,
			recent("12"), "2 days old, newest of the Weekly Sync series; links served by the simulator"},
		{CustomerCallRecordingID, "9e6b7f3c1d5a4b0c9f2e4d6a8b0c2d4f", "Customer Call", ago(72 * time.Hour), AliceEmail,
			func(r *Recording) { recent("13")(r); noDownload(r) }, "3 days old; prevent downloading: no download_url, no temporary links"},
		{"b7d9f1a3c5e74b8d9f0a1c2e3b4d5f64", weeklySync, "Weekly Sync", ago(9 * 24 * time.Hour), AliceEmail,
			recent("14"), "9 days old, outside the default 7-day window; links served by the simulator"},
	} {
		rec := fixture(f.id, f.series, f.topic, f.created, fmt.Sprintf("4100%02d", i+1))
		if f.mod != nil {
			f.mod(&rec)
		}
		s.recordings[f.id] = storedRecording{rec: rec, host: f.host}
		s.fixtureNotes[f.id] = f.note
	}
	shared := s.recordings[SharedRecordingID]
	shared.sharedWith = []string{AliceEmail}
	s.recordings[SharedRecordingID] = shared
	s.recordings[ExampleRecordingID] = storedRecording{rec: ExampleRecording(), host: AliceEmail}
	s.fixtureNotes[ExampleRecordingID] = "the API reference's example, field for field (ARF)"
}

// Fixture describes one built-in recording, for people trying the
// simulator by hand.
type Fixture struct {
	ID, Host, Topic, Status string
	CreateTime              time.Time
	Note                    string // what is special about it
}

// Fixtures lists the built-in recordings that are still stored, newest
// first.
func (s *Server) Fixtures() []Fixture {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Fixture
	for _, st := range s.byNewestLocked() {
		if note, ok := s.fixtureNotes[st.rec.ID]; ok {
			out = append(out, Fixture{ID: st.rec.ID, Host: st.host, Topic: st.rec.Topic,
				CreateTime: st.rec.CreateTime, Status: st.rec.Status, Note: note})
		}
	}
	return out
}
