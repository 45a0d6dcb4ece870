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
)

// Recording formats, service types and statuses that the API documents.
const (
	FormatMP4      = "MP4"
	FormatARF      = "ARF"
	FormatUploaded = "UPLOADED" // answers only: the lists filter by MP4 or ARF

	ServiceTypeMeetingCenter  = "MeetingCenter"
	ServiceTypeEventCenter    = "EventCenter"
	ServiceTypeSupportCenter  = "SupportCenter"
	ServiceTypeTrainingCenter = "TrainingCenter"

	StatusAvailable = "available"
	StatusDeleted   = "deleted"
	StatusPurged    = "purged"
)

// Recording is a Webex meeting recording as "Get Recording Details"
// returns it. Strings the API leaves out are empty; numbers, booleans, the
// links and the tags are nil, because their zero values would be values.
// Lists carry no temporary links, and only the admin list the host.
type Recording struct {
	ID                 string `json:"id"`
	MeetingID          string `json:"meetingId"`
	ScheduledMeetingID string `json:"scheduledMeetingId"`
	MeetingSeriesID    string `json:"meetingSeriesId"`
	Topic              string `json:"topic"`
	// CreateTime and TimeRecorded are kept as Webex wrote them, with the
	// offset of the time zone the request asked for.
	CreateTime                   string                        `json:"createTime"`
	TimeRecorded                 string                        `json:"timeRecorded"`
	SiteURL                      string                        `json:"siteUrl"`
	DownloadURL                  string                        `json:"downloadUrl"` // empty when downloading is prevented
	PlaybackURL                  string                        `json:"playbackUrl"`
	Password                     string                        `json:"password"`
	TemporaryDirectDownloadLinks *TemporaryDirectDownloadLinks `json:"temporaryDirectDownloadLinks"`
	Format                       string                        `json:"format"`
	ServiceType                  string                        `json:"serviceType"`
	DurationSeconds              *int64                        `json:"durationSeconds"`
	SizeBytes                    *int64                        `json:"sizeBytes"`
	ShareToMe                    *bool                         `json:"shareToMe"`
	IntegrationTags              []string                      `json:"integrationTags"`
	Status                       string                        `json:"status"`
	HostEmail                    string                        `json:"hostEmail"`
	HostDisplayName              string                        `json:"hostDisplayName"`
}

// TemporaryDirectDownloadLinks expire three hours after the read; their
// "ticket" parameter is a credential.
type TemporaryDirectDownloadLinks struct {
	RecordingDownloadLink  string `json:"recordingDownloadLink"`
	AudioDownloadLink      string `json:"audioDownloadLink"`
	TranscriptDownloadLink string `json:"transcriptDownloadLink"`
	Expiration             string `json:"expiration"`
}

// GetRecordingOptions are the optional inputs of Get Recording Details
// (GET /recordings/{recordingId}) and, with Group, of Get Group Recording
// Details (GET /group/recordings/{recordingId}), read as a service app for
// the host that PersonID (Base64 or the raw UUID) or HostEmail names.
// Without Group, HostEmail lets an admin read another host's recording,
// and SiteURL (a host name) names the site. Timezone is an IANA zone.
type GetRecordingOptions struct {
	HostEmail string
	Group     bool
	PersonID  string
	SiteURL   string
	Timezone  string
	// Fresh reads anew: a request of its own, whose answer is neither
	// shared with nor taken from other reads (the ephemeral resource).
	Fresh bool
}

// rememberedAnswer is a data source read's answer and when it came.
type rememberedAnswer struct {
	rec *Recording
	at  time.Time
}

// GetRecording reads one recording. Identical reads that are not Fresh
// share one request, or an answer less than ReadReuseWindow old.
func (c *Client) GetRecording(ctx context.Context, id string, opts GetRecordingOptions) (*Recording, error) {
	if strings.TrimSpace(id) == "" {
		return nil, fmt.Errorf("%w: the recording id is empty", ErrInvalidID)
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.Fresh {
		return c.getRecording(ctx, id, opts)
	}
	// Every option that changes the answer is in the key.
	key := strings.Join([]string{id, strconv.FormatBool(opts.Group), opts.PersonID, opts.HostEmail, opts.SiteURL, opts.Timezone}, "\x00")
	if a, ok := c.answers.Load(key); ok {
		if a, ok := a.(rememberedAnswer); ok && time.Since(a.at) < ReadReuseWindow {
			return a.rec.clone(), nil
		}
	}
	rec, _, err := c.reads.Do(ctx, key, func(shared context.Context) (*Recording, error) {
		rec, err := c.getRecording(shared, id, opts)
		if err == nil {
			c.answers.Store(key, rememberedAnswer{rec: rec, at: time.Now()})
		}
		return rec, err
	})
	var cancelled *CancelledError
	switch {
	case ctx.Err() != nil && !errors.As(err, &cancelled):
		return nil, &CancelledError{Cause: ctx.Err()}
	case err != nil:
		return nil, err
	}
	return rec.clone(), nil
}

func (c *Client) getRecording(ctx context.Context, id string, opts GetRecordingOptions) (*Recording, error) {
	segments, query, header := []string{"recordings", id}, url.Values{}, http.Header{}
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
	u, err := c.endpoint(query, segments...)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, request{method: http.MethodGet, url: u, header: header})
	if err != nil {
		return nil, err
	}
	var rec Recording
	switch err := decodeJSON(resp, &rec); {
	case err != nil:
		return nil, err
	case rec.ID == "":
		return nil, resp.unusable("the JSON has no recording id, so it is not a recording")
	case rec.ID != id:
		// Never store another recording's links and password under this id.
		return nil, resp.unusable("the answer is recording %q, but recording %q was asked for", resp.server(rec.ID), id)
	}
	return &rec, nil
}

// setIfNotEmpty sets a query's or a header's name, unless value is empty.
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

// decodeJSON is the one place that turns a 2xx body into a value.
func decodeJSON(resp *response, out any) error {
	contentType := resp.Header.Get("Content-Type")
	switch {
	case len(resp.Body) == 0:
		return resp.unusable("the body is empty")
	case !isJSON(contentType):
		html := ""
		if strings.HasPrefix(contentType, "text/html") {
			html = " (an HTML page, perhaps a maintenance or proxy page)"
		}
		return resp.unusable("the body is %s, not application/json%s", describeMediaType(resp.creds, contentType), html)
	}
	err := json.Unmarshal(resp.Body, out)
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input"):
		return resp.unusable("the JSON ends early after %d bytes (truncated)", len(resp.Body))
	case errors.As(err, &syntaxErr):
		return resp.unusable("the JSON is malformed at byte %d: %s", syntaxErr.Offset, resp.server(syntaxErr.Error()))
	case errors.As(err, &typeErr):
		where := "the top level"
		if typeErr.Field != "" {
			where = fmt.Sprintf("field %q", resp.server(typeErr.Field))
		}
		if value, ok := strings.CutPrefix(typeErr.Value, "number "); ok { // a number out of the field's range
			return resp.unusable("the JSON has a number out of range: %s holds %s, out of range for %s", where, resp.server(value), jsonKind(typeErr.Type.Kind().String()))
		}
		return resp.unusable("the JSON has the wrong shape: %s holds a JSON %s where %s was expected", where, resp.server(typeErr.Value), jsonKind(typeErr.Type.Kind().String()))
	}
	return resp.unusable("the JSON could not be decoded: %s", resp.server(err.Error()))
}

// jsonKind names what a Go kind holds, as JSON would.
func jsonKind(goKind string) string {
	switch goKind {
	case "int", "int64", "int32", "uint", "uint64":
		return "a whole number"
	case "float64", "float32":
		return "a number"
	case "bool":
		return "a boolean"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return "a " + goKind
}
