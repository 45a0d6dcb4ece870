package webex

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// A group read goes to /group/recordings/{id} and names the host by the
// personId query parameter or by the hostEmail header, never the
// hostEmail query parameter of the admin read.
func TestGetRecording_groupRequestShape(t *testing.T) {
	sim, baseURL := startSimulator(t)
	c := newTestClient(t, baseURL, simulator.ServiceAppToken)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		opts       GetRecordingOptions
		query      url.Values
		hostHeader string
	}{
		"person id": {GetRecordingOptions{Group: true, PersonID: simulator.BobPersonID, Timezone: "Asia/Tokyo"},
			url.Values{"personId": {simulator.BobPersonID}}, ""},
		"raw uuid": {GetRecordingOptions{Group: true, PersonID: simulator.BobPersonUUID}, url.Values{"personId": {simulator.BobPersonUUID}}, ""},
		"host email": {GetRecordingOptions{Group: true, HostEmail: simulator.BobEmail, Timezone: "Asia/Tokyo"},
			url.Values{}, simulator.BobEmail},
	} {
		sim.ResetRequests()
		rec, err := c.GetRecording(ctx, simulator.OtherHostRecordingID, tc.opts)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if rec.ID != simulator.OtherHostRecordingID || rec.TemporaryDirectDownloadLinks == nil {
			t.Errorf("%s: got %+v", name, rec)
		}
		reqs := sim.Requests()
		if len(reqs) != 1 {
			t.Fatalf("%s: %d requests, want 1", name, len(reqs))
		}
		r := reqs[0]
		query, _ := url.ParseQuery(r.RawQuery)
		if r.Path != "/v1/group/recordings/"+simulator.OtherHostRecordingID || !reflect.DeepEqual(query, tc.query) ||
			r.Header.Get("hostEmail") != tc.hostHeader || r.Header.Get("timezone") != tc.opts.Timezone || r.Header.Get("siteUrl") != "" {
			t.Errorf("%s: sent %s?%s with hostEmail header %q, timezone %q, siteUrl %q", name, r.Path, r.RawQuery,
				r.Header.Get("hostEmail"), r.Header.Get("timezone"), r.Header.Get("siteUrl"))
		}
	}

	// A token without group access gets Webex's 403.
	noGroup := newTestClient(t, baseURL, simulator.ServiceAppNoGroupToken)
	_, err := noGroup.GetRecording(ctx, simulator.OtherHostRecordingID, GetRecordingOptions{Group: true, PersonID: simulator.BobPersonID})
	if !isStatus(err, http.StatusForbidden) {
		t.Errorf("no group access: err = %v, want 403", err)
	}
}

// siteUrl is a header of Get Recording Details; the simulator finds no
// recording of another site there.
func TestGetRecording_siteURLHeader(t *testing.T) {
	sim, baseURL := startSimulator(t)
	c := newTestClient(t, baseURL, simulator.UserToken)
	rec, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{SiteURL: "site4-example.webex.com"})
	if err != nil || rec.SiteURL != "site4-example.webex.com" {
		t.Fatalf("rec %v, err %v", rec, err)
	}
	r := sim.Requests()[0]
	if r.Header.Get("siteUrl") != "site4-example.webex.com" || r.RawQuery != "" || r.Path != "/v1/recordings/"+simulator.ExampleRecordingID {
		t.Errorf("sent %s?%s with siteUrl header %q", r.Path, r.RawQuery, r.Header.Get("siteUrl"))
	}
	if _, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{SiteURL: "other.webex.com"}); !isStatus(err, http.StatusNotFound) {
		t.Errorf("another site: err = %v, want 404", err)
	}
}

// Reads that differ in any option that changes the answer never share
// one: each would otherwise get the other's recording, or its error.
func TestGetRecording_everyOptionIsInTheReadKey(t *testing.T) {
	sim, baseURL := startSimulator(t)
	ctx := context.Background()
	user := newTestClient(t, baseURL, simulator.UserToken)
	if _, err := user.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := user.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{SiteURL: "other.webex.com"}); !isStatus(err, http.StatusNotFound) {
		t.Errorf("site_url: err = %v, want the 404 of another site, not the remembered answer", err)
	}

	app := newTestClient(t, baseURL, simulator.ServiceAppToken)
	if _, err := app.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{Group: true, HostEmail: simulator.AliceEmail}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{HostEmail: simulator.AliceEmail}); !isStatus(err, http.StatusForbidden) {
		t.Errorf("group: err = %v, want the 403 of the admin read, not the remembered group answer", err)
	}
	if _, err := app.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{Group: true, PersonID: simulator.AlicePersonID}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{Group: true, PersonID: simulator.BobPersonID}); !isStatus(err, http.StatusNotFound) {
		t.Errorf("person id: err = %v, want the 404 of bob's recordings, not the remembered answer for alice", err)
	}
	if n := len(sim.Requests()); n != 6 {
		t.Errorf("%d requests, want 6: no two of these reads are the same", n)
	}
}

func TestGetRecordingOptions_invalidSendNothing(t *testing.T) {
	sim, baseURL := startSimulator(t)
	c := newTestClient(t, baseURL, simulator.ServiceAppToken)
	cases := []struct {
		name   string
		opts   GetRecordingOptions
		rule   OptionRule
		reason string
	}{
		{"group without host", GetRecordingOptions{Group: true}, RuleGroupNeedsHost, "needs the host"},
		{"group with both", GetRecordingOptions{Group: true, PersonID: simulator.AlicePersonID, HostEmail: simulator.AliceEmail}, RuleGroupHostTwice, "not both"},
		{"person id without group", GetRecordingOptions{PersonID: simulator.AlicePersonID}, RulePersonIDNeedsGroup, "Get Group Recording Details only"},
		{"group with site", GetRecordingOptions{Group: true, PersonID: simulator.AlicePersonID, SiteURL: "example.webex.com"}, RuleSiteURLWithGroup, "no siteUrl"},
		{"host email header", GetRecordingOptions{Group: true, HostEmail: "a@example.com\r\nX: y"}, RuleValue, "HTTP header"},
		{"site url", GetRecordingOptions{SiteURL: "https://example.webex.com/"}, RuleValue, `alone: "example.webex.com"`},
	}
	for _, tc := range cases {
		_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, tc.opts)
		var optErr *OptionsError
		if !errors.As(err, &optErr) || optErr.Rule != tc.rule || !strings.Contains(optErr.Reason, tc.reason) {
			t.Errorf("%s: err = %#v, want an OptionsError of rule %d saying %q", tc.name, err, tc.rule, tc.reason)
		}
	}
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d requests for invalid options, want none", n)
	}
}

func TestCheckSiteURL(t *testing.T) {
	for _, ok := range []string{"example.webex.com", "Site4-Example.WEBEX.com", "a.b", "cisco.webex.com"} {
		if err := CheckSiteURL(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for bad, want := range map[string]string{
		"":                                 "empty",
		"https://example.webex.com/":       `give the host name alone: "example.webex.com"`,
		"example.webex.com/site4":          `alone: "example.webex.com"`,
		"example.webex.com:443":            `alone: "example.webex.com"`,
		"example.webex.com.":               `alone: "example.webex.com"`,
		" example.webex.com":               `alone: "example.webex.com"`,
		"https://example.webex.com?x=1":    `alone: "example.webex.com"`,
		"localhost":                        "such as example.webex.com",
		"10.1.2.3":                         "such as example.webex.com",
		"exa mple.webex.com":               "such as example.webex.com",
		"-example.webex.com":               "such as example.webex.com",
		"example..webex.com":               "such as example.webex.com",
		"example.webex.com\r\nX-Evil: yes": `not a Webex site host name`,
	} {
		err := CheckSiteURL(bad)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want one saying %q", bad, err, want)
		}
	}
}

// The group list: /group/recordings, the host by personId or by a
// hostEmail header on every page, never the hostEmail query parameter.
func TestListRecordings_group(t *testing.T) {
	sim, baseURL, alices := startListSimulator(t, 12)
	sim.SetMaxPageSize(5)
	if _, err := sim.AddGeneratedRecordings(simulator.RecordingBatch{Count: 2, Host: simulator.BobEmail, SharedWith: []string{simulator.AliceEmail}}); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, baseURL, simulator.ServiceAppToken)
	for name, opts := range map[string]ListRecordingsOptions{
		"person id":  {Group: true, PersonID: simulator.AlicePersonID, Timezone: "UTC"},
		"host email": {Group: true, HostEmail: simulator.AliceEmail, Timezone: "UTC"},
	} {
		sim.ResetRequests()
		recs, err := c.ListRecordings(context.Background(), opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := recordingIDs(recs); !slices.Equal(got, alices) || recs[0].Password == "" || recs[0].ShareToMe == nil || *recs[0].ShareToMe {
			t.Errorf("%s: ids %v (password %q, shareToMe %v), want alice's own %v", name, got, recs[0].Password, recs[0].ShareToMe, alices)
		}
		reqs := sim.Requests()
		if len(reqs) != 3 {
			t.Errorf("%s: %d requests, want 3 pages", name, len(reqs))
		}
		for _, r := range reqs {
			q, _ := url.ParseQuery(r.RawQuery)
			if r.Path != "/v1/group/recordings" || q.Get("personId") != opts.PersonID || q.Has("hostEmail") ||
				r.Header.Get("hostEmail") != opts.HostEmail || r.Status != http.StatusOK {
				t.Errorf("%s: sent %s?%s with hostEmail header %q: %d", name, r.Path, r.RawQuery, r.Header.Get("hostEmail"), r.Status)
			}
		}
	}
}

// A 65-day group span is read as three windows the group list accepts,
// newest first, as the admin list's is.
func TestListRecordings_groupSplitsLongSpans(t *testing.T) {
	sim, baseURL, _ := startListSimulator(t, 0)
	day := 24 * time.Hour
	from, to := listClock.Add(-65*day), listClock
	ids, err := sim.AddGeneratedRecordings(simulator.RecordingBatch{Count: 13, Newest: to.Add(-time.Hour), Spacing: 5 * day})
	if err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, baseURL, simulator.ServiceAppToken)
	recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{Group: true, PersonID: simulator.AlicePersonUUID, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if got := recordingIDs(recs); !slices.Equal(got, ids) {
		t.Errorf("ids = %v\nwant %v", got, ids)
	}
	checkSplitWindows(t, sim.Requests(), to, "/v1/group/recordings", simulator.AlicePersonUUID)
}

func TestListRecordings_invalidGroupOptionsSendNothing(t *testing.T) {
	sim, baseURL, _ := startListSimulator(t, 0)
	c := newTestClient(t, baseURL, simulator.ServiceAppToken)
	person := simulator.AlicePersonID
	cases := []struct {
		name string
		opts ListRecordingsOptions
		rule OptionRule
	}{
		{"admin and group", ListRecordingsOptions{Admin: true, Group: true, PersonID: person}, RuleGroupWithAdmin},
		{"group without host", ListRecordingsOptions{Group: true}, RuleGroupNeedsHost},
		{"group with both", ListRecordingsOptions{Group: true, PersonID: person, HostEmail: simulator.AliceEmail}, RuleGroupHostTwice},
		{"person id without group", ListRecordingsOptions{PersonID: person}, RulePersonIDNeedsGroup},
		{"group with meeting id", ListRecordingsOptions{Group: true, PersonID: person, MeetingID: "series"}, RuleMeetingIDWithGroup},
		{"group with status", ListRecordingsOptions{Group: true, PersonID: person, Status: StatusAvailable}, RuleStatusWithGroup},
		{"group with purged", ListRecordingsOptions{Group: true, PersonID: person, Status: StatusPurged}, RuleStatusWithGroup},
		{"admin with host", ListRecordingsOptions{Admin: true, HostEmail: simulator.AliceEmail}, RuleHostEmailWithAdmin},
	}
	for _, tc := range cases {
		_, err := c.ListRecordings(context.Background(), tc.opts)
		var optErr *OptionsError
		if !errors.As(err, &optErr) || optErr.Rule != tc.rule {
			t.Errorf("%s: err = %#v, want an OptionsError of rule %d", tc.name, err, tc.rule)
		}
	}
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d requests for invalid options, want none", n)
	}
}
