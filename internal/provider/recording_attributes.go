package provider

import (
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The attributes of a recording are listed once, here, and rendered into
// each schema that shows recordings: the webex_recording data source, the
// webex_recording ephemeral resource and the objects of webex_recordings'
// recordings list. The framework's schema packages have distinct types,
// hence one small renderer per package.

// recordingAttrKind is the Terraform type of a recording attribute.
type recordingAttrKind int

const (
	kindString recordingAttrKind = iota
	kindInt64
	kindBool
	kindStringList
	// kindTemporaryLinks is a single nested object of temporaryLinkAttrs.
	kindTemporaryLinks
)

// recordingAttr is one computed attribute of a recording.
type recordingAttr struct {
	name        string
	description string
	kind        recordingAttrKind
	sensitive   bool
	// detailsOnly marks what only Get Recording Details returns; lists
	// have no temporary links, so their objects leave it out.
	detailsOnly bool
}

// recordingResultAttrs are the attributes of recordingDetailsModel, in
// the order of the Webex reference.
var recordingResultAttrs = []recordingAttr{
	{name: "meeting_id", description: descMeetingID},
	{name: "scheduled_meeting_id", description: descScheduledMeetingID},
	{name: "meeting_series_id", description: descMeetingSeriesID},
	{name: "topic", description: descTopic},
	{name: "create_time", description: descCreateTime},
	{name: "time_recorded", description: descTimeRecorded},
	{name: "site_url", description: descSiteURL},
	{name: "download_url", description: descDownloadURL},
	{name: "playback_url", description: descPlaybackURL},
	{name: "password", description: descPassword, sensitive: true},
	{name: "temporary_direct_download_links", description: descTemporaryLinks, kind: kindTemporaryLinks, detailsOnly: true},
	{name: "format", description: descFormat},
	{name: "service_type", description: descServiceType},
	{name: "duration_seconds", description: descDurationSeconds, kind: kindInt64},
	{name: "size_bytes", description: descSizeBytes, kind: kindInt64},
	{name: "share_to_me", description: descShareToMe, kind: kindBool},
	{name: "integration_tags", description: descIntegrationTags, kind: kindStringList},
	{name: "status", description: descStatus},
}

// temporaryLinkAttrs are the attributes of temporary_direct_download_links
// (temporaryLinksAttrTypes). The links carry a ticket: sensitive.
var temporaryLinkAttrs = []recordingAttr{
	{name: "recording_download_link", description: descRecordingDownloadLink, sensitive: true},
	{name: "audio_download_link", description: descAudioDownloadLink, sensitive: true},
	{name: "transcript_download_link", description: descTranscriptDownloadLink, sensitive: true},
	{name: "expiration", description: descExpiration},
}

// recordingListItemAttrs are the attributes of recordingListItemModel:
// the id and host of each recording, and what lists return of the rest.
var recordingListItemAttrs = func() []recordingAttr {
	attrs := []recordingAttr{
		{name: "id", description: descRecordingID},
		{name: "host_email", description: descHostEmail},
	}
	for _, a := range recordingResultAttrs {
		if !a.detailsOnly {
			attrs = append(attrs, a)
		}
	}
	return attrs
}()

// recordingInput is one argument of webex_recording.
type recordingInput struct {
	name        string
	description string
	required    bool
	validators  []validator.String
}

// recordingLookupInputs are the arguments of webex_recording, data source
// and ephemeral resource alike (RecordingDataSourceModel).
var recordingLookupInputs = []recordingInput{
	{name: "id", description: descRecordingID + " Required.", required: true, validators: []validator.String{recordingIDValidator{}}},
	{name: "host_email", description: descRecordingHostEmailInput, validators: []validator.String{emailValidator{}}},
	{name: "timezone", description: descRecordingTimezoneInput, validators: []validator.String{timezoneValidator{}}},
}

// dataSourceRecordingAttributes renders inputs and computed attributes
// into a data source schema's attribute map.
func dataSourceRecordingAttributes(inputs []recordingInput, attrs []recordingAttr) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(inputs)+len(attrs))
	for _, in := range inputs {
		out[in.name] = dsschema.StringAttribute{
			MarkdownDescription: in.description,
			Required:            in.required,
			Optional:            !in.required,
			Validators:          in.validators,
		}
	}
	for _, a := range attrs {
		out[a.name] = dataSourceComputedAttribute(a)
	}
	return out
}

func dataSourceComputedAttribute(a recordingAttr) dsschema.Attribute {
	switch a.kind {
	case kindInt64:
		return dsschema.Int64Attribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive}
	case kindBool:
		return dsschema.BoolAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive}
	case kindStringList:
		return dsschema.ListAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive, ElementType: types.StringType}
	case kindTemporaryLinks:
		return dsschema.SingleNestedAttribute{
			MarkdownDescription: a.description,
			Computed:            true,
			Sensitive:           a.sensitive,
			Attributes:          dataSourceRecordingAttributes(nil, temporaryLinkAttrs),
		}
	default:
		return dsschema.StringAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive}
	}
}

// ephemeralRecordingAttributes renders inputs and computed attributes
// into an ephemeral resource schema's attribute map.
func ephemeralRecordingAttributes(inputs []recordingInput, attrs []recordingAttr) map[string]ephschema.Attribute {
	out := make(map[string]ephschema.Attribute, len(inputs)+len(attrs))
	for _, in := range inputs {
		out[in.name] = ephschema.StringAttribute{
			MarkdownDescription: in.description,
			Required:            in.required,
			Optional:            !in.required,
			Validators:          in.validators,
		}
	}
	for _, a := range attrs {
		out[a.name] = ephemeralComputedAttribute(a)
	}
	return out
}

func ephemeralComputedAttribute(a recordingAttr) ephschema.Attribute {
	switch a.kind {
	case kindInt64:
		return ephschema.Int64Attribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive}
	case kindBool:
		return ephschema.BoolAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive}
	case kindStringList:
		return ephschema.ListAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive, ElementType: types.StringType}
	case kindTemporaryLinks:
		return ephschema.SingleNestedAttribute{
			MarkdownDescription: a.description,
			Computed:            true,
			Sensitive:           a.sensitive,
			Attributes:          ephemeralRecordingAttributes(nil, temporaryLinkAttrs),
		}
	default:
		return ephschema.StringAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive}
	}
}
