package simulator_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

func groupRecPath(id string) string { return "/v1/group/recordings/" + url.PathEscape(id) }

func TestPersonIDs(t *testing.T) {
	if got := simulator.PersonID(simulator.AliceEmail); got != simulator.AlicePersonID {
		t.Errorf("PersonID(alice) = %s, want AlicePersonID %s", got, simulator.AlicePersonID)
	}
	if got := simulator.PersonUUID("BOB@example.com"); got != simulator.BobPersonUUID {
		t.Errorf("PersonUUID(BOB@example.com) = %s, want BobPersonUUID %s", got, simulator.BobPersonUUID)
	}
	decoded, err := base64.RawStdEncoding.DecodeString(simulator.BobPersonID)
	if err != nil || string(decoded) != "ciscospark://us/PEOPLE/"+simulator.BobPersonUUID {
		t.Errorf("BobPersonID decodes to %q (%v), want the People API shape ending in BobPersonUUID", decoded, err)
	}
	// /people/me gives the same id the group endpoints take.
	_, ts := start(t)
	if m := do(t, ts, req{path: "/v1/people/me", token: simulator.UserToken}).json(t); m["id"] != simulator.AlicePersonID {
		t.Errorf("/people/me id = %v, want AlicePersonID", m["id"])
	}
}

func TestGroupRecordingDetails(t *testing.T) {
	_, ts := start(t)
	get := func(id, token, query string, header map[string]string) response {
		t.Helper()
		path := groupRecPath(id)
		if query != "" {
			path += "?" + query
		}
		return do(t, ts, req{path: path, token: token, header: header})
	}
	byEmail := func(email string) map[string]string { return map[string]string{"hostEmail": email} }

	// Bob's private recording, named by each form of his person id and by
	// the hostEmail header: the whole recording, temporary links included.
	for name, rq := range map[string]struct {
		query  string
		header map[string]string
	}{
		"base64 person id":      {query: "personId=" + simulator.BobPersonID},
		"padded person id":      {query: "personId=" + url.QueryEscape(base64.StdEncoding.EncodeToString([]byte("ciscospark://us/PEOPLE/"+simulator.BobPersonUUID)))},
		"raw uuid":              {query: "personId=" + simulator.BobPersonUUID},
		"upper-case uuid":       {query: "personId=" + strings.ToUpper(simulator.BobPersonUUID)},
		"hostEmail header":      {header: byEmail(simulator.BobEmail)},
		"hostEmail any case":    {header: byEmail("Bob@Example.com")},
		"timezone and personId": {query: "personId=" + simulator.BobPersonUUID, header: map[string]string{"timezone": "Asia/Tokyo"}},
	} {
		r := get(simulator.OtherHostRecordingID, simulator.ServiceAppToken, rq.query, rq.header)
		if r.status != http.StatusOK {
			t.Errorf("%s: status %d: %s", name, r.status, r.body)
			continue
		}
		m := r.json(t)
		if m["id"] != simulator.OtherHostRecordingID || m["shareToMe"] != false || m["temporaryDirectDownloadLinks"] == nil || m["password"] == nil {
			t.Errorf("%s: body %s", name, r.body)
		}
		if _, ok := m["hostEmail"]; ok {
			t.Errorf("%s: hostEmail in the answer, which the spec does not have", name)
		}
	}

	// Not found: another host's recording, one shared with the host by
	// others, deleted and purged ones, a person nobody knows.
	for name, tc := range map[string]struct{ id, person string }{
		"another host's":    {simulator.ExampleRecordingID, simulator.BobPersonID},
		"shared by others":  {simulator.SharedRecordingID, simulator.AlicePersonID},
		"deleted":           {simulator.DeletedRecordingID, simulator.AlicePersonID},
		"purged":            {simulator.PurgedRecordingID, simulator.AlicePersonID},
		"unknown person":    {simulator.ExampleRecordingID, simulator.PersonID("nobody@example.com")},
		"not a person id":   {simulator.ExampleRecordingID, "not-a-person-id"},
		"no such recording": {"0000", simulator.AlicePersonID},
	} {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			assertWebexError(t, get(tc.id, simulator.ServiceAppToken, "personId="+url.QueryEscape(tc.person), nil), http.StatusNotFound, "")
		})
	}
	if r := get(simulator.SharedRecordingID, simulator.ServiceAppToken, "personId="+simulator.BobPersonID, nil); r.status != http.StatusOK {
		t.Errorf("the shared recording read for its host: status %d", r.status)
	}

	// The host named once, the one way or the other.
	assertWebexError(t, get(simulator.ExampleRecordingID, simulator.ServiceAppToken, "", nil), 400, "One of the personId parameter and hostEmail header")
	assertWebexError(t, get(simulator.ExampleRecordingID, simulator.ServiceAppToken, "personId="+simulator.AlicePersonID, byEmail(simulator.AliceEmail)), 400, "not both")
	assertWebexError(t, get(simulator.ExampleRecordingID, simulator.ServiceAppToken, "hostEmail=alice%40example.com", nil), 400, "header")

	// Only a service app with group recording access.
	assertWebexError(t, get(simulator.ExampleRecordingID, simulator.ServiceAppNoGroupToken, "personId="+simulator.AlicePersonID, nil), 403, "group recording access")
	assertWebexError(t, get(simulator.ExampleRecordingID, simulator.AdminToken, "personId="+simulator.AlicePersonID, nil), 403, "group recording access")
	assertWebexError(t, get(simulator.ExampleRecordingID, simulator.ExpiredToken, "personId="+simulator.AlicePersonID, nil), 401, "expired")
	// ... which reads nothing through the other endpoints.
	assertWebexError(t, getRec(t, ts, simulator.ExampleRecordingID, simulator.ServiceAppToken), 403, simulator.ScopeRecordingsRead)
	assertWebexError(t, do(t, ts, req{method: http.MethodPost, path: groupRecPath(simulator.ExampleRecordingID), token: simulator.ServiceAppToken}), 405, "method")
}

func TestListGroupRecordings(t *testing.T) {
	sim, ts := startList(t)
	sim.SetMaxPageSize(5)
	alices := addBatch(t, sim, simulator.RecordingBatch{Count: 12})
	addBatch(t, sim, simulator.RecordingBatch{Count: 3, Host: simulator.BobEmail, SharedWith: []string{simulator.AliceEmail}})
	addBatch(t, sim, simulator.RecordingBatch{Count: 1, Status: simulator.RecordingDeleted})

	// By person id: alice's own available recordings, over three pages,
	// with the fields of the spec's group list.
	items, pages := listAll(t, ts, "/v1/group/recordings?personId="+simulator.AlicePersonID, simulator.ServiceAppToken)
	if !slices.Equal(ids(items), alices) || pages != 3 {
		t.Errorf("by person id: ids %v in %d pages, want alice's %v in 3", ids(items), pages, alices)
	}
	for _, it := range items {
		if it.Password == nil || it.ShareToMe || it.HostEmail != "" || it.TemporaryDirectDownloadLinks != nil {
			t.Errorf("group item %s: password %v, shareToMe %v, hostEmail %q, links %v", it.ID, it.Password, it.ShareToMe, it.HostEmail, it.TemporaryDirectDownloadLinks)
		}
	}

	// By the hostEmail header, which every page needs again.
	var byHeader []listItem
	path := "/v1/group/recordings"
	for path != "" {
		page, next := listPage(t, ts, path, simulator.ServiceAppToken, map[string]string{"hostEmail": simulator.AliceEmail})
		byHeader = append(byHeader, page...)
		path = strings.TrimPrefix(next, ts.URL)
	}
	if !slices.Equal(ids(byHeader), alices) {
		t.Errorf("by hostEmail header: ids %v, want %v", ids(byHeader), alices)
	}
	if items, _ := listPage(t, ts, "/v1/group/recordings?personId="+url.QueryEscape(simulator.PersonID("nobody@example.com")), simulator.ServiceAppToken, nil); len(items) != 0 {
		t.Errorf("unknown person: %d items, want none", len(items))
	}

	person := "personId=" + simulator.AlicePersonID
	cases := []struct {
		name, query, token string
		status             int
		want               string
	}{
		{"no group access", person, simulator.ServiceAppNoGroupToken, 403, "group recording access"},
		{"user token", person, simulator.UserToken, 403, "group recording access"},
		{"no host", "", simulator.ServiceAppToken, 400, "One of the personId parameter and hostEmail header"},
		{"hostEmail query", "hostEmail=alice%40example.com", simulator.ServiceAppToken, 400, "header"},
		{"more than 30 days", person + "&from=2025-02-01T00:00:00Z&to=2025-03-04T00:00:00Z", simulator.ServiceAppToken, 400, "30 days"},
		{"meetingId", person + "&meetingId=x", simulator.ServiceAppToken, 400, "meetingId is not a parameter of List Group Recordings"},
		{"status", person + "&status=available", simulator.ServiceAppToken, 400, "status is not a parameter of List Group Recordings"},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			assertWebexError(t, do(t, ts, req{path: "/v1/group/recordings?" + tc.query, token: tc.token}), tc.status, tc.want)
		})
	}
	if raw := do(t, ts, req{path: "/v1/group/recordings?" + person, token: simulator.ServiceAppToken}).body; bytes.Contains(raw, []byte("hostEmail")) {
		t.Errorf("the group list sends hostEmail, which its spec does not have: %s", raw)
	}
}

// The siteUrl header of Get Recording Details: a recording of another site
// is not found there.
func TestGetRecording_siteURLHeader(t *testing.T) {
	_, ts := start(t)
	for site, want := range map[string]int{
		"":                        http.StatusOK,
		"site4-example.webex.com": http.StatusOK,
		"SITE4-Example.webex.com": http.StatusOK,
		"other-example.webex.com": http.StatusNotFound,
	} {
		header := map[string]string{}
		if site != "" {
			header["siteUrl"] = site
		}
		if r := do(t, ts, req{path: recPath(simulator.ExampleRecordingID), token: simulator.UserToken, header: header}); r.status != want {
			t.Errorf("siteUrl %q: status %d, want %d", site, r.status, want)
		}
	}
}
