package webex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"
)

// Recording formats, service types and statuses that the API documents.
const (
	FormatMP4      = "MP4"
	FormatARF      = "ARF"
	FormatUploaded = "UPLOADED"

	ServiceTypeMeetingCenter  = "MeetingCenter"
	ServiceTypeEventCenter    = "EventCenter"
	ServiceTypeSupportCenter  = "SupportCenter"
	ServiceTypeTrainingCenter = "TrainingCenter"

	StatusAvailable = "available"
	StatusDeleted   = "deleted"
	StatusPurged    = "purged"
)

// Recording is a Webex meeting recording as "Get Recording Details"
// returns it. Strings the API leaves out are empty; numbers, booleans,
// the links object and the tags are nil when left out, because their zero
// values would be real values.
type Recording struct {
	ID                 string `json:"id"`
	MeetingID          string `json:"meetingId"`
	ScheduledMeetingID string `json:"scheduledMeetingId"`
	MeetingSeriesID    string `json:"meetingSeriesId"`
	Topic              string `json:"topic"`
	// CreateTime and TimeRecorded are kept exactly as Webex wrote them,
	// with the offset of the time zone the request asked for.
	CreateTime   string `json:"createTime"`
	TimeRecorded string `json:"timeRecorded"`
	SiteURL      string `json:"siteUrl"`
	// DownloadURL is empty when "prevent downloading" is on.
	DownloadURL string `json:"downloadUrl"`
	PlaybackURL string `json:"playbackUrl"`
	Password    string `json:"password"`
	// TemporaryDirectDownloadLinks is nil when downloading is prevented,
	// and always nil in list responses.
	TemporaryDirectDownloadLinks *TemporaryDirectDownloadLinks `json:"temporaryDirectDownloadLinks"`
	Format                       string                        `json:"format"`
	ServiceType                  string                        `json:"serviceType"`
	DurationSeconds              *int64                        `json:"durationSeconds"`
	SizeBytes                    *int64                        `json:"sizeBytes"`
	ShareToMe                    *bool                         `json:"shareToMe"`
	IntegrationTags              []string                      `json:"integrationTags"`
	Status                       string                        `json:"status"`
	// HostEmail and HostDisplayName appear in the admin list only.
	HostEmail       string `json:"hostEmail"`
	HostDisplayName string `json:"hostDisplayName"`
}

// TemporaryDirectDownloadLinks are direct download links that expire three
// hours after the request. Their "ticket" parameter is a credential.
type TemporaryDirectDownloadLinks struct {
	RecordingDownloadLink  string `json:"recordingDownloadLink"`
	AudioDownloadLink      string `json:"audioDownloadLink"`
	TranscriptDownloadLink string `json:"transcriptDownloadLink"`
	Expiration             string `json:"expiration"`
}

// GetRecordingOptions are the optional inputs of Get Recording Details
// (GET /recordings/{recordingId}) and, with Group, of Get Group Recording
// Details (GET /group/recordings/{recordingId}).
type GetRecordingOptions struct {
	// HostEmail names the recording's host. Without Group, it lets an
	// admin read a recording of a host on a site they manage (the
	// hostEmail query parameter, which needs the
	// meeting:admin_recordings_read scope). With Group, it is the
	// hostEmail header of the group read.
	HostEmail string
	// Group reads through Get Group Recording Details, as a service app
	// with group recording access: the recording of the host that
	// PersonID or HostEmail names (one of them, not both). Webex finds
	// only available recordings that the host was not shared by others.
	Group bool
	// PersonID is the host's Webex person id, Base64 as the People API
	// gives it or the raw UUID (the personId query parameter). Group
	// reads only.
	PersonID string
	// SiteURL is the Webex site to read the recording from, a host name
	// such as example.webex.com (the siteUrl header); empty lets Webex
	// take the site the id implies. Get Group Recording Details has no
	// such header, so it cannot go with Group.
	SiteURL string
	// Timezone is an IANA zone name for the times in the answer; Webex
	// uses UTC when it is empty.
	Timezone string
	// Fresh reads anew: the answer neither comes from nor goes to the
	// answers other reads remember. For reads whose point is links just
	// issued (the ephemeral resource).
	Fresh bool
}

// Validate applies the rules of Get Recording Details and Get Group
// Recording Details that can be checked before any request. A zero field
// is not checked. It returns a *OptionsError.
func (o GetRecordingOptions) Validate() error {
	if err := checkGroupHost(o.Group, o.PersonID, o.HostEmail, "Get Group Recording Details"); err != nil {
		return err
	}
	if o.Group && o.SiteURL != "" {
		return optionsError("SiteURL", "Group", "Get Group Recording Details takes no siteUrl header")
	}
	if o.SiteURL != "" {
		if err := CheckSiteURL(o.SiteURL); err != nil {
			return optionsError("SiteURL", "", "%s", err.Error())
		}
	}
	return nil
}

// checkGroupHost applies the host rules the group list and Get Group
// Recording Details share; endpoint names the one being called.
func checkGroupHost(group bool, personID, hostEmail, endpoint string) error {
	switch {
	case group && personID != "" && hostEmail != "":
		return optionsError("PersonID", "HostEmail", "%s names the host by personId or by the hostEmail header, not both", endpoint)
	case group && personID == "" && hostEmail == "":
		return optionsError("Group", "", "%s needs the host: personId or the hostEmail header", endpoint)
	case !group && personID != "":
		return optionsError("PersonID", "", "personId is a parameter of %s only", endpoint)
	case group && !httpguts.ValidHeaderFieldValue(hostEmail):
		return optionsError("HostEmail", "", "the host email holds characters an HTTP header cannot carry")
	}
	return nil
}

// CheckSiteURL accepts a Webex site as the siteUrl header and parameter
// name one: a host name such as example.webex.com, in any case, with at
// least one dot and no scheme, path, port or query. For a URL or a
// host:port around such a name, its error suggests the name alone.
func CheckSiteURL(site string) error {
	switch {
	case site == "":
		return errors.New("the Webex site is empty; give its host name, such as example.webex.com")
	case isHostName(site):
		return nil
	}
	if host := hostNameIn(site); host != "" {
		return fmt.Errorf("%q is not a Webex site host name; give the host name alone: %q", site, host)
	}
	return fmt.Errorf("%q is not a Webex site host name; give the host name alone, such as example.webex.com, without a scheme, path or port", site)
}

// isHostName reports whether s is a DNS host name with at least two
// labels, the last of them not all digits (so not an IP address).
func isHostName(s string) bool {
	labels := strings.Split(s, ".")
	if len(s) > 253 || len(labels) < 2 {
		return false
	}
	for _, label := range labels {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		if strings.ContainsFunc(label, func(r rune) bool {
			return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '-'
		}) {
			return false
		}
	}
	return strings.IndexFunc(labels[len(labels)-1], func(r rune) bool { return r < '0' || r > '9' }) >= 0
}

// hostNameIn is the host name in a URL or a host:port, such as
// example.webex.com in "https://example.webex.com/", or "" when there is
// none.
func hostNameIn(s string) string {
	raw := strings.TrimSpace(s)
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if host := strings.TrimSuffix(u.Hostname(), "."); isHostName(host) {
		return host
	}
	return ""
}

// rememberedAnswer is a data source read's answer and when it came.
type rememberedAnswer struct {
	rec *Recording
	at  time.Time
}

// GetRecording reads one recording. Identical reads (same id and options)
// in flight at once share one request, which stops when the last of them
// gives up; a read that is not Fresh also takes an answer that arrived
// less than ReadReuseWindow ago. Options that Validate refuses send
// nothing.
func (c *Client) GetRecording(ctx context.Context, id string, opts GetRecordingOptions) (*Recording, error) {
	if strings.TrimSpace(id) == "" {
		return nil, fmt.Errorf("%w: the recording id is empty", ErrInvalidID)
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	// Every option that changes the answer is in the key.
	key := strings.Join([]string{id, strconv.FormatBool(opts.Group), opts.PersonID, opts.HostEmail, opts.SiteURL,
		opts.Timezone, strconv.FormatBool(opts.Fresh)}, "\x00")
	if !opts.Fresh {
		if a, ok := c.answers.Load(key); ok {
			if a, ok := a.(rememberedAnswer); ok && time.Since(a.at) < ReadReuseWindow {
				return a.rec.clone(), nil
			}
		}
	}
	rec, _, err := c.reads.Do(ctx, key, func(shared context.Context) (*Recording, error) {
		rec, err := c.getRecording(shared, id, opts)
		if err == nil && !opts.Fresh {
			c.answers.Store(key, rememberedAnswer{rec: rec, at: time.Now()})
		}
		return rec, err
	})
	switch {
	case ctx.Err() != nil:
		var cancelled *CancelledError
		if errors.As(err, &cancelled) {
			return nil, err
		}
		return nil, &CancelledError{Cause: ctx.Err()}
	case err != nil:
		return nil, err
	}
	return rec.clone(), nil
}

func (c *Client) getRecording(ctx context.Context, id string, opts GetRecordingOptions) (*Recording, error) {
	segments := []string{"recordings", id}
	query := url.Values{}
	header := http.Header{}
	if opts.Group {
		// The group endpoint names the host by personId or by a header.
		segments = []string{"group", "recordings", id}
		setIfNotEmpty(query, "personId", opts.PersonID)
		setIfNotEmpty(header, "hostEmail", opts.HostEmail)
	} else {
		setIfNotEmpty(query, "hostEmail", opts.HostEmail)
		setIfNotEmpty(header, "siteUrl", opts.SiteURL)
	}
	setIfNotEmpty(header, "timezone", opts.Timezone)
	resp, err := c.get(ctx, segments, query, header)
	if err != nil {
		return nil, err
	}
	var rec Recording
	if err := decodeJSON(resp, &rec); err != nil {
		return nil, err
	}
	switch rec.ID {
	case "":
		return nil, resp.unusable("the JSON has no recording id, so it is not a recording")
	case id:
		c.redactor.learnRecording(&rec)
		return &rec, nil
	}
	// Never store another recording's links and password under this id.
	return nil, resp.unusable("the answer is recording %q, but recording %q was asked for", resp.server(rec.ID), id)
}

// setIfNotEmpty sets name to value in a query or a header, unless value
// is empty.
func setIfNotEmpty[T interface{ Set(key, value string) }](values T, name, value string) {
	if value != "" {
		values.Set(name, value)
	}
}

// clone copies the parts that callers sharing one read could change.
func (r *Recording) clone() *Recording {
	out := *r
	out.IntegrationTags = slices.Clone(r.IntegrationTags)
	if r.TemporaryDirectDownloadLinks != nil {
		links := *r.TemporaryDirectDownloadLinks
		out.TemporaryDirectDownloadLinks = &links
	}
	return &out
}

// decodeJSON is the one place that turns a 2xx body into a value, and
// says plainly what was wrong with a body it cannot use.
func decodeJSON(resp *response, out any) error {
	contentType := resp.Header.Get("Content-Type")
	if len(resp.Body) == 0 {
		return resp.unusable("the body is empty")
	}
	if !isJSONMediaType(contentType) {
		html := ""
		if strings.HasPrefix(contentType, "text/html") {
			html = " (an HTML page, perhaps a maintenance or proxy page)"
		}
		return resp.unusable("the body is %s, not application/json"+html, describeMediaType(resp.redactor, contentType))
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		var syntaxErr *json.SyntaxError
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input"):
			return resp.unusable("the JSON ends early after %d bytes (truncated)", len(resp.Body))
		case errors.As(err, &syntaxErr):
			return resp.unusable("the JSON is malformed at byte %d: %s", syntaxErr.Offset, resp.server(syntaxErr.Error()))
		case errors.As(err, &typeErr) && typeErr.Field == "":
			return resp.unusable("the JSON has the wrong shape: the top level holds a JSON %s where a %s was expected", resp.server(typeErr.Value), jsonKind(typeErr.Type.Kind().String()))
		case errors.As(err, &typeErr):
			return resp.unusable("the JSON has the wrong shape: field %q holds a JSON %s where a %s was expected", resp.server(typeErr.Field), resp.server(typeErr.Value), jsonKind(typeErr.Type.Kind().String()))
		default:
			return resp.unusable("the JSON could not be decoded: %s", resp.server(err.Error()))
		}
	}
	return nil
}

// jsonKind names Go kinds the way the JSON reader of an error expects.
func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "int", "int64", "int32", "float64", "float32", "uint", "uint64":
		return "number"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "struct", "map":
		return "object"
	}
	return goKind
}
