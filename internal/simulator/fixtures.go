package simulator

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Built-in access tokens. Each stands for one kind of caller the provider
// must cope with.
const (
	// UserToken is alice@example.com with meeting:recordings_read: an
	// ordinary user reading own and shared recordings.
	UserToken = "sim-user-token"
	// AdminToken is admin@example.com with meeting:recordings_read and
	// meeting:admin_recordings_read: may use hostEmail.
	AdminToken = "sim-admin-token"
	// ComplianceToken is compliance@example.com with
	// spark-compliance:meetings_read: sees every recording, even purged ones.
	ComplianceToken = "sim-compliance-token"
	// NoScopeToken is a valid token without meeting:recordings_read (403).
	NoScopeToken = "sim-noscope-token"
	// ExpiredToken is a known but expired token (401).
	ExpiredToken = "sim-expired-token"
	// ServiceAppToken is a service app with group recording access: it
	// reads any host's recordings through the group endpoints, naming the
	// host by personId or the hostEmail header, and nothing else.
	ServiceAppToken = "sim-service-app-token"
	// ServiceAppNoGroupToken is a service app without group recording
	// access: the group endpoints answer it 403.
	ServiceAppNoGroupToken = "sim-service-app-nogroup-token"
)

// Scopes the simulator checks.
const (
	// ScopeRecordingsRead lets a user read recordings they host or that are
	// shared with them.
	ScopeRecordingsRead = "meeting:recordings_read"
	// ScopeAdminRecordingsRead lets an admin read other hosts' recordings
	// through hostEmail.
	ScopeAdminRecordingsRead = "meeting:admin_recordings_read"
	// ScopeComplianceMeetingsRead lets a compliance officer read every
	// recording, including purged ones.
	ScopeComplianceMeetingsRead = "spark-compliance:meetings_read"
)

// E-mail addresses of the built-in people.
const (
	// AliceEmail is the UserToken's person and host of most fixtures.
	AliceEmail = "alice@example.com"
	// BobEmail hosts SharedRecordingID and OtherHostRecordingID; no token.
	BobEmail = "bob@example.com"
	// AdminEmail is the AdminToken's person; hosts nothing.
	AdminEmail = "admin@example.com"
	// ComplianceEmail is the ComplianceToken's person; hosts nothing.
	ComplianceEmail = "compliance@example.com"
	// NoScopeEmail is the NoScopeToken's person.
	NoScopeEmail = "noscope@example.com"
	// JaneEmail hosts QuarterlyReviewRecordingID, the recording an admin
	// reads with host_email in the docs; no token.
	JaneEmail = "jane.doe@example.com"
	// ServiceAppEmail is the identity of ServiceAppToken and
	// ServiceAppNoGroupToken; it hosts nothing.
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

// hostDisplayName is the display name the admin list gives a host:
// "Alice Example" for alice@example.com.
func hostDisplayName(email string) string {
	local, _, _ := strings.Cut(email, "@")
	if local == "" {
		return ""
	}
	return strings.ToUpper(local[:1]) + local[1:] + " Example"
}

// Fixture recording ids, each exercising one behaviour of the API.
const (
	// ExampleRecordingID is the example from the Get Recording Details page,
	// field for field (hosted by alice).
	ExampleRecordingID = "4f914b1dfe3c4d11a61730f18c0f5387"
	// PreventDownloadRecordingID is an MP4 with "prevent downloading" on: no
	// downloadUrl and no temporaryDirectDownloadLinks (alice).
	PreventDownloadRecordingID = "4a9d9d207bbb840c11547f9e5950b331"
	// SharedRecordingID is hosted by bob and shared with alice, so alice
	// sees shareToMe true.
	SharedRecordingID = "68a48b754728fa17178bbc93ebe51335"
	// OtherHostRecordingID is hosted by bob and not shared: 404 for alice,
	// 200 for an admin with hostEmail=bob@example.com.
	OtherHostRecordingID = "ec87b6805f7289c999abc8e43e8795f1"
	// DeletedRecordingID sits in the recycle bin: status "deleted", 200 (alice).
	DeletedRecordingID = "9b399acce108c04babd48de8b289aae4"
	// PurgedRecordingID has status "purged": 410 for everyone except a
	// compliance officer (alice).
	PurgedRecordingID = "529aef5b2ba7e5d046ac73fdda403cd0"
	// LargeUploadedRecordingID is an UPLOADED recording above 4 GiB whose
	// temporary links lack audio and transcript, and which has no
	// integrationTags (alice).
	LargeUploadedRecordingID = "d9e75c3c4d7f3009d58609771c831f23"

	// The recordings below are the ones examples/ and docs/ name, so that
	// every example applies against the simulator as written.

	// OnboardingRecordingID is an available, downloadable MP4 (alice).
	OnboardingRecordingID = "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"
	// QuarterlyReviewRecordingID is hosted by jane.doe@example.com and
	// shared with nobody: an admin reads it with hostEmail.
	QuarterlyReviewRecordingID = "7c1a5e0d2b8f4e3a9d6c0b1f2e3d4c5b"
	// WeeklySyncSeriesID is the reference example's meeting series. Besides
	// ExampleRecordingID it holds two "Weekly Sync" recordings of March
	// 2025 and two recent ones.
	WeeklySyncSeriesID = "f91b6edce9864428af084977b7c68291"
	// WeeklySyncMarch17RecordingID and WeeklySyncMarch24RecordingID are
	// MP4s of WeeklySyncSeriesID from March 2025 (alice).
	WeeklySyncMarch17RecordingID = "a3c5e7f9b1d34f6a8c0e2b4d6f8a0c21"
	WeeklySyncMarch24RecordingID = "a3c5e7f9b1d34f6a8c0e2b4d6f8a0c22"

	// The recent recordings: dated relative to the simulator clock when New
	// runs, so that the default 7-day window of the list endpoints finds
	// some. Their temporary links point at the simulator itself (see
	// OriginPlaceholder), which serves a small file for them.

	// AllHandsRecordingID is an MP4 created an hour before New (alice).
	AllHandsRecordingID = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61"
	// WeeklySyncRecordingID is the newest recording of WeeklySyncSeriesID,
	// created two days before New (alice).
	WeeklySyncRecordingID = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f62"
	// CustomerCallRecordingID has "prevent downloading" on, like
	// PreventDownloadRecordingID, and was created three days before New
	// (alice).
	CustomerCallRecordingID = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f63"
	// WeeklySyncEarlierRecordingID is the Weekly Sync nine days before New,
	// outside the default 7-day window (alice).
	WeeklySyncEarlierRecordingID = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f64"
)

// Values of the recording "format" field.
const (
	FormatMP4      = "MP4"      // plain MP4 file
	FormatARF      = "ARF"      // Webex's private format, needs the ARF player
	FormatUploaded = "UPLOADED" // uploaded by a user; absent from the page, present in the spec
)

// Values of the recording "serviceType" field.
const (
	ServiceMeetingCenter  = "MeetingCenter"  // Webex Meetings
	ServiceEventCenter    = "EventCenter"    // Webex Events
	ServiceSupportCenter  = "SupportCenter"  // Webex Support
	ServiceTrainingCenter = "TrainingCenter" // Webex Training
)

// Values of the recording "status" field.
const (
	RecordingAvailable = "available" // normal
	RecordingDeleted   = "deleted"   // in the recycle bin, still readable
	RecordingPurged    = "purged"    // gone; only compliance officers may read it (others get 410)
)

// Placeholders inside DirectLinks templates, replaced on every read with a
// fresh ticket (URL-escaped base64) and a fresh millisecond timestamp.
//
// OriginPlaceholder, at the start of a template, is replaced with the
// scheme and host the request came to ("http://127.0.0.1:PORT"). Such a
// link is served by the simulator itself (see downloads.go): the file for a
// ticket it issued, until the link expires.
const (
	TicketPlaceholder    = "{ticket}"
	TimestampPlaceholder = "{timestamp}"
	OriginPlaceholder    = "{origin}"
)

// Recording is a stored recording. Zero values (empty string, zero time, nil
// pointer, nil slice, nil DirectLinks) are left out of the JSON, so tests can
// model absent fields; shareToMe is computed per caller.
type Recording struct {
	ID                 string
	MeetingID          string
	ScheduledMeetingID string
	MeetingSeriesID    string
	Topic              string
	CreateTime         time.Time
	TimeRecorded       time.Time
	SiteURL            string
	DownloadURL        string
	PlaybackURL        string
	Password           string
	// DirectLinks, when non-nil, yields temporaryDirectDownloadLinks with an
	// expiration 3 hours after the request.
	DirectLinks     *DirectLinks
	Format          string
	ServiceType     string
	DurationSeconds *int64
	SizeBytes       *int64
	// IntegrationTags: nil leaves the key out, an empty slice sends [].
	IntegrationTags []string
	Status          string
}

// DirectLinks holds URL templates for temporaryDirectDownloadLinks. Each may
// contain TicketPlaceholder and TimestampPlaceholder; an empty template
// leaves that link out of the response.
type DirectLinks struct {
	Recording  string
	Audio      string
	Transcript string
}

// Int64 returns a pointer to v, for Recording.DurationSeconds and SizeBytes.
func Int64(v int64) *int64 { return &v }

func (r Recording) clone() Recording {
	if r.DirectLinks != nil {
		l := *r.DirectLinks
		r.DirectLinks = &l
	}
	if r.DurationSeconds != nil {
		r.DurationSeconds = Int64(*r.DurationSeconds)
	}
	if r.SizeBytes != nil {
		r.SizeBytes = Int64(*r.SizeBytes)
	}
	r.IntegrationTags = slices.Clone(r.IntegrationTags)
	return r
}

var errEmpty = errors.New("simulator: empty value")

type identity struct {
	email   string
	scopes  []string
	expired bool
	// expires is when an issued token stops working; zero for never.
	expires time.Time
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

// AddRecording stores (or replaces) a recording hosted by host and shared
// with the given people. The recording is copied.
func (s *Server) AddRecording(r Recording, host string, sharedWith ...string) error {
	if r.ID == "" {
		return fmt.Errorf("%w: recording id", errEmpty)
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

func (s *Server) lookupToken(token string) (identity, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.tokens[token]
	return id, ok
}

func (s *Server) lookupRecording(id string) (storedRecording, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.recordings[id]
	if ok {
		st.rec = st.rec.clone()
	}
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
		DirectLinks: nbrLinks("site4-example.webex.com",
			"siteid=2062842&recordid=305462&confid=137735449369118342&language=en_US&userid=3516472&serviceRecordID=305492",
			true, true),
		Format:          FormatARF,
		ServiceType:     ServiceMeetingCenter,
		DurationSeconds: Int64(18416),
		SizeBytes:       Int64(168103),
		IntegrationTags: []string{
			"dbaeceebea5c4a63ac9d5ef1edfe36b9",
			"85e1d6319aa94c0583a6891280e3437d",
			"27226d1311b947f3a68d6bdf8e4e19a1",
		},
		Status: RecordingAvailable,
	}
}

// nbrLinks builds link templates in the shape of the reference's
// MultiThreadDownloadServlet / downloadMedia.do URLs.
func nbrLinks(site, query string, audio, transcript bool) *DirectLinks {
	base := "https://" + site + "/nbr/"
	tail := "&ticket=" + TicketPlaceholder + "&timestamp=" + TimestampPlaceholder + "&islogin=yes&isprevent=no&ispwd=yes"
	l := &DirectLinks{Recording: base + "MultiThreadDownloadServlet?" + query + tail}
	if audio {
		l.Audio = base + "downloadMedia.do?" + query + tail + "&mediaType=1"
	}
	if transcript {
		l.Transcript = base + "downloadMedia.do?" + query + tail + "&mediaType=2"
	}
	return l
}

// fixture derives a recording from a meeting series id and a few specifics.
func fixture(id, series, topic string, created time.Time, recordID string) Recording {
	const site = "site4-example.webex.com"
	return Recording{
		ID:                 id,
		MeetingID:          series + "_I_1666418499796" + recordID,
		ScheduledMeetingID: series + "_" + created.Add(-30*time.Minute).Format("20060102T150405Z"),
		MeetingSeriesID:    series,
		Topic:              topic,
		CreateTime:         created,
		TimeRecorded:       created.Add(-6 * time.Minute),
		SiteURL:            site,
		DownloadURL:        "https://" + site + "/site4/lsr.php?RCID=" + series,
		PlaybackURL:        "https://" + site + "/site4/ldr.php?RCID=" + id,
		Password:           "Pa55w0rd!",
		DirectLinks: nbrLinks(site,
			"siteid=2062842&recordid="+recordID+"&confid=137735449369118342&language=en_US&userid=3516472&serviceRecordID="+recordID,
			true, true),
		Format:          FormatMP4,
		ServiceType:     ServiceMeetingCenter,
		DurationSeconds: Int64(1800),
		SizeBytes:       Int64(52428800),
		IntegrationTags: []string{"JIRA-1234"},
		Status:          RecordingAvailable,
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

	day := func(m time.Month, d, h int) time.Time { return time.Date(2024, m, d, h, 30, 0, 0, time.UTC) }

	prevent := fixture(PreventDownloadRecordingID, "0b7e8c4f2a6d4e1f9c3b5a7d9e1f3a5c",
		"Prevent Download Review", day(time.March, 4, 15), "410001")
	prevent.DownloadURL = ""
	prevent.DirectLinks = nil

	shared := fixture(SharedRecordingID, "1c8f9d5a3b7e4f2a8d4c6b8e0f2a4b6d",
		"Bob's Design Review", day(time.March, 5, 16), "410002")

	other := fixture(OtherHostRecordingID, "2d9a0e6b4c8f4a3b9e5d7c9f1a3b5c7e",
		"Bob's Private Sync", day(time.March, 6, 9), "410003")

	deleted := fixture(DeletedRecordingID, "3e0b1f7c5d9a4b4c8f6e8d0a2b4c6d8f",
		"Recycled Standup", day(time.March, 7, 10), "410004")
	deleted.Status = RecordingDeleted

	purged := fixture(PurgedRecordingID, "4f1c2a8d6e0b4c5d9a7f9e1b3c5d7e9a",
		"Purged All Hands", day(time.January, 8, 11), "410005")
	purged.Status = RecordingPurged

	large := fixture(LargeUploadedRecordingID, "5a2d3b9e7f1c4d6e8b8a0f2c4d6e8f0b",
		"Uploaded Training Video", day(time.April, 9, 12), "410006")
	large.Format = FormatUploaded
	large.SizeBytes = Int64(6442450944) // 6 GiB, beyond 32 bits
	large.DurationSeconds = Int64(36000)
	large.DirectLinks.Audio = ""
	large.DirectLinks.Transcript = ""
	large.IntegrationTags = nil

	onboarding := fixture(OnboardingRecordingID, "6b3e4c0f8a2d4e7f9c9b1a3d5e7f9a1c",
		"New Hire Onboarding", day(time.April, 15, 9), "410007")

	quarterly := fixture(QuarterlyReviewRecordingID, "7c4f5d1a9b3e4f8a8d0c2b4e6f8a0b2d",
		"Quarterly Review", day(time.May, 2, 14), "410008")

	march := func(id string, d int, recordID string) Recording {
		return fixture(id, WeeklySyncSeriesID, "Weekly Sync", time.Date(2025, time.March, d, 9, 40, 0, 0, time.UTC), recordID)
	}

	// The recent ones. Whole minutes, so the table webexsim prints and the
	// answers agree.
	now := s.now().UTC().Truncate(time.Minute)
	// Their playback links carry an RCID that is not the recording id, as
	// in the reference's example, and their temporary links point at the
	// simulator's own origin, so a download can be tried without Webex.
	recent := func(id, series, topic string, age time.Duration, recordID, rcid string) Recording {
		r := fixture(id, series, topic, now.Add(-age), recordID)
		r.PlaybackURL = "https://" + r.SiteURL + "/site4/ldr.php?RCID=" + rcid
		for _, link := range []*string{&r.DirectLinks.Recording, &r.DirectLinks.Audio, &r.DirectLinks.Transcript} {
			*link = OriginPlaceholder + strings.TrimPrefix(*link, "https://"+r.SiteURL)
		}
		return r
	}
	allHands := recent(AllHandsRecordingID, "8d5a6e2b0c4f4a9b8e1d3c5f7a9b1c3e", "All Hands", time.Hour,
		"410011", "c2e4a6b8d0f24a6c8e0b2d4f6a8c0e11")
	weekly := recent(WeeklySyncRecordingID, WeeklySyncSeriesID, "Weekly Sync", 2*24*time.Hour,
		"410012", "c2e4a6b8d0f24a6c8e0b2d4f6a8c0e12")
	customerCall := recent(CustomerCallRecordingID, "9e6b7f3c1d5a4b0c9f2e4d6a8b0c2d4f", "Customer Call", 3*24*time.Hour,
		"410013", "c2e4a6b8d0f24a6c8e0b2d4f6a8c0e13")
	customerCall.DownloadURL = ""
	customerCall.DirectLinks = nil
	weeklyEarlier := recent(WeeklySyncEarlierRecordingID, WeeklySyncSeriesID, "Weekly Sync", 9*24*time.Hour,
		"410014", "c2e4a6b8d0f24a6c8e0b2d4f6a8c0e14")

	// Each note says what its recording is there for, for the table
	// webexsim prints (Fixtures).
	s.fixtureNotes = make(map[string]string)
	for _, f := range []struct {
		rec    Recording
		host   string
		shared []string
		note   string
	}{
		{ExampleRecording(), AliceEmail, nil, "the API reference's example, field for field (ARF)"},
		{prevent, AliceEmail, nil, "prevent downloading: no download_url, no temporary links"},
		{shared, BobEmail, []string{AliceEmail}, "bob's, shared with alice: share_to_me = true"},
		{other, BobEmail, nil, "bob's, not shared: 404 for alice, an admin reads it with host_email"},
		{deleted, AliceEmail, nil, "in the recycle bin: status deleted"},
		{purged, AliceEmail, nil, "purged: 410, except for the compliance token"},
		{large, AliceEmail, nil, "UPLOADED, 6 GiB, no audio or transcript link, no integration tags"},
		{onboarding, AliceEmail, nil, "available MP4 with a download_url (postcondition example)"},
		{quarterly, JaneEmail, nil, "jane's, not shared: an admin reads it with host_email"},
		{march(WeeklySyncMarch17RecordingID, 17, "410009"), AliceEmail, nil, "Weekly Sync series, March 2025"},
		{march(WeeklySyncMarch24RecordingID, 24, "410010"), AliceEmail, nil, "Weekly Sync series, March 2025"},
		{allHands, AliceEmail, nil, "an hour old; temporary links served by the simulator"},
		{weekly, AliceEmail, nil, "2 days old, newest of the Weekly Sync series; links served by the simulator"},
		{customerCall, AliceEmail, nil, "3 days old; prevent downloading: no download_url, no temporary links"},
		{weeklyEarlier, AliceEmail, nil, "9 days old, outside the default 7-day window; links served by the simulator"},
	} {
		s.recordings[f.rec.ID] = storedRecording{rec: f.rec, host: f.host, sharedWith: f.shared}
		s.fixtureNotes[f.rec.ID] = f.note
	}
}

// Fixture describes one built-in recording, for people trying the
// simulator by hand.
type Fixture struct {
	ID         string
	Host       string
	Topic      string
	CreateTime time.Time
	Status     string
	// Note says what is special about it.
	Note string
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
