package provider

import (
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// The attributes of a recording are listed once, in recordingAttrs: each
// row knows its name, description, type, where it shows and how to read
// its value from a webex.Recording (recording_values.go builds the
// values). Every schema that shows recordings (the webex_recording data
// source and ephemeral resource, the objects of webex_recordings'
// recordings list) is rendered here from these rows, so adding an
// attribute means adding a row. The arguments of the blocks are rows too
// (argument), rendered here and read by readArguments.

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

// recordingBlocks says which blocks show an attribute.
type recordingBlocks uint8

const (
	// inDetails: webex_recording, data source and ephemeral resource.
	inDetails recordingBlocks = 1 << iota
	// inList: the objects of webex_recordings' recordings.
	inList
	inBoth = inDetails | inList
)

// recordingAttr is one computed attribute of a recording.
type recordingAttr struct {
	name        string
	description string
	kind        recordingAttrKind
	sensitive   bool
	in          recordingBlocks
	// field points at the attribute's field of a recording (a *string,
	// *int64, *bool or *[]string; for kindTemporaryLinks the links); what
	// Webex left out is null, never "", 0 or false.
	field func(*webex.Recording) any
}

// recordingAttrs are the attributes of a recording, in the order of the
// Webex reference, list-only ones first.
var recordingAttrs = []recordingAttr{
	{name: "id", in: inList, description: descRecordingID,
		field: func(r *webex.Recording) any { return &r.ID }},
	{name: "host_email", in: inList, description: "Email address of the meeting host. Only the admin list (`admin = true`) returns it; null otherwise.",
		field: func(r *webex.Recording) any { return &r.HostEmail }},
	{name: "host_display_name", in: inList, description: "Display name of the meeting host. Only the admin list (`admin = true`) returns it; null otherwise.",
		field: func(r *webex.Recording) any { return &r.HostDisplayName }},
	{name: "meeting_id", in: inBoth, description: "Unique identifier for the parent ended meeting instance which the recording belongs to.",
		field: func(r *webex.Recording) any { return &r.MeetingID }},
	{name: "scheduled_meeting_id", in: inBoth, description: "Unique identifier for the parent scheduled meeting which the recording belongs to.",
		field: func(r *webex.Recording) any { return &r.ScheduledMeetingID }},
	{name: "meeting_series_id", in: inBoth, description: "Unique identifier for the parent meeting series which the recording belongs to.",
		field: func(r *webex.Recording) any { return &r.MeetingSeriesID }},
	{name: "topic", in: inBoth, description: "The recording's topic.",
		field: func(r *webex.Recording) any { return &r.Topic }},
	{name: "create_time", in: inBoth, description: "The date and time the recording was created, in ISO 8601 format, kept as Webex returned it " +
		"with the offset of the requested time zone. It is not the time the record button was clicked in the meeting but the time " +
		"the recording file was generated offline.",
		field: func(r *webex.Recording) any { return &r.CreateTime }},
	{name: "time_recorded", in: inBoth, description: "The date and time the recording started, in ISO 8601 format, kept as Webex returned it " +
		"with the offset of the requested time zone. It indicates when the record button was clicked in the meeting.",
		field: func(r *webex.Recording) any { return &r.TimeRecorded }},
	{name: "site_url", in: inBoth, description: descSiteURL,
		field: func(r *webex.Recording) any { return &r.SiteURL }},
	{name: "download_url", in: inBoth, description: "The download link for the recording. Null when *prevent downloading* has been turned on " +
		"for the recording (an option viewed and set when editing a recording).",
		field: func(r *webex.Recording) any { return &r.DownloadURL }},
	{name: "playback_url", in: inBoth, description: "The playback link for the recording.",
		field: func(r *webex.Recording) any { return &r.PlaybackURL }},
	{name: "password", in: inDetails, sensitive: true, description: "The recording's password. Webex may return it masked (`********`) " +
		"for some callers. Sensitive: Terraform hides it in plan output; the data source stores it in the state, the ephemeral resource never does.",
		field: func(r *webex.Recording) any { return &r.Password }},
	{name: "temporary_direct_download_links", in: inDetails, kind: kindTemporaryLinks, description: "The download links for the MP4, " +
		"audio and transcript of the recording, without HTML page rendering in a browser or HTTP redirect. Null when *prevent downloading* " +
		"has been turned on for the recording; currently available for Webex Meetings only. The links expire 3 hours after each read and " +
		"differ on every read; their `ticket` parameter is a credential, so the links are sensitive.",
		field: func(r *webex.Recording) any { return r.TemporaryDirectDownloadLinks }},
	{name: "format", in: inBoth, description: "The recording file format: `MP4`; `ARF`, a private format of Webex recordings that requires " +
		"the Cisco ARF recording player; or `UPLOADED`, a file uploaded to Webex.",
		field: func(r *webex.Recording) any { return &r.Format }},
	{name: "service_type", in: inBoth, description: "The recording service type: `MeetingCenter`, `EventCenter`, `SupportCenter` or `TrainingCenter`.",
		field: func(r *webex.Recording) any { return &r.ServiceType }},
	{name: "duration_seconds", in: inBoth, kind: kindInt64, description: "The duration of the recording in seconds.",
		field: func(r *webex.Recording) any { return r.DurationSeconds }},
	{name: "size_bytes", in: inBoth, kind: kindInt64, description: "The size of the recording file in bytes. Recordings can be larger than 4 GiB.",
		field: func(r *webex.Recording) any { return r.SizeBytes }},
	{name: "share_to_me", in: inBoth, kind: kindBool, description: "Whether or not the recording has been shared to the current user. " +
		"Null in the admin list, which does not return it.",
		field: func(r *webex.Recording) any { return r.ShareToMe }},
	{name: "integration_tags", in: inBoth, kind: kindStringList, description: "External keys of the parent meeting created by an integration " +
		"application, such as Zendesk ticket IDs, Jira IDs or Salesforce Opportunity IDs. An integration application queries recordings by " +
		"a key in its own domain.",
		field: func(r *webex.Recording) any { return &r.IntegrationTags }},
	{name: "status", in: inBoth, description: "The recording status: `available`; `deleted`, moved to the recycle bin; or `purged`, purged " +
		"from the recycle bin (only a compliance officer can read purged recordings).",
		field: func(r *webex.Recording) any { return &r.Status }},
}

// temporaryLinkAttrs are the attributes of temporary_direct_download_links.
// Their values are read only when the recording has links. The links carry
// a ticket: sensitive.
var temporaryLinkAttrs = []recordingAttr{
	{name: "recording_download_link", in: inDetails, sensitive: true,
		description: "The download link for the recording MP4 file. Expires 3 hours after the read. Null when Webex does not return it.",
		field:       func(r *webex.Recording) any { return &r.TemporaryDirectDownloadLinks.RecordingDownloadLink }},
	{name: "audio_download_link", in: inDetails, sensitive: true,
		description: "The download link for the recording audio file. Expires 3 hours after the read. Null when Webex does not return it.",
		field:       func(r *webex.Recording) any { return &r.TemporaryDirectDownloadLinks.AudioDownloadLink }},
	{name: "transcript_download_link", in: inDetails, sensitive: true,
		description: "The download link for the recording transcript file. Expires 3 hours after the read. Null when Webex does not return it.",
		field:       func(r *webex.Recording) any { return &r.TemporaryDirectDownloadLinks.TranscriptDownloadLink }},
	{name: "expiration", in: inDetails,
		description: "The date and time when `recording_download_link`, `audio_download_link` and `transcript_download_link` expire, in ISO 8601 format.",
		field:       func(r *webex.Recording) any { return &r.TemporaryDirectDownloadLinks.Expiration }},
}

// descRecordingID describes a recording id, as an input and as a result.
const descRecordingID = "A unique identifier for the recording."

// descSiteURL describes the site of a recording, as a result.
const descSiteURL = "Site URL for the recording."

// descPersonID describes a person id argument.
const descPersonID = "Webex person id of the meeting host, sent as Webex's `personId`: Base64 as the People API gives it, such as " +
	"`Y2lzY29zcGFyazovL3VzL1BFT1BMRS9kNDdiMmU3ZC01ZTBmLTRmNjktYWVmNC1lNGZmOTBhZWE3Yzk`, or the raw UUID at the end of the " +
	"decoded id, such as `d47b2e7d-5e0f-4f69-aef4-e4ff90aea7c9`."

// argumentKind is the Terraform type of an argument.
type argumentKind int

const (
	argString argumentKind = iota
	argBool
	argNumber
)

// argument is one argument of a block whose read options are a T: how it
// shows in the schema, and where its value goes.
type argument[T any] struct {
	name        string
	description string
	kind        argumentKind
	required    bool
	// computed marks an argument that is also an attribute of the
	// recording, a row of recordingAttrs of the same name, which it
	// replaces in the schema: Optional and Computed, its configured value
	// kept (blockValue), else the answer's.
	computed         bool
	validators       []validator.String
	numberValidators []validator.Number
	// set puts a configured, known value into the options.
	set func(*T, tftypes.Value) error
}

// argumentSchemas renders arguments into a data source schema's attributes.
func argumentSchemas[T any](args []argument[T]) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(args))
	for _, a := range args {
		switch a.kind {
		case argBool:
			out[a.name] = dsschema.BoolAttribute{MarkdownDescription: a.description, Optional: true}
		case argNumber:
			out[a.name] = dsschema.NumberAttribute{MarkdownDescription: a.description, Optional: true, Validators: a.numberValidators}
		default:
			out[a.name] = dsschema.StringAttribute{MarkdownDescription: a.description, Required: a.required, Optional: !a.required,
				Computed: a.computed, Validators: a.validators}
		}
	}
	return out
}

// recordingSchemas renders the computed attributes of attrs shown in
// blocks into attributes, leaving those already there (computed arguments).
func recordingSchemas(out map[string]dsschema.Attribute, attrs []recordingAttr, blocks recordingBlocks) map[string]dsschema.Attribute {
	for _, a := range attrs {
		if _, ok := out[a.name]; ok || a.in&blocks == 0 {
			continue
		}
		switch a.kind {
		case kindInt64:
			out[a.name] = dsschema.Int64Attribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive}
		case kindBool:
			out[a.name] = dsschema.BoolAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive}
		case kindStringList:
			out[a.name] = dsschema.ListAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive, ElementType: types.StringType}
		case kindTemporaryLinks:
			out[a.name] = dsschema.SingleNestedAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive,
				Attributes: recordingSchemas(map[string]dsschema.Attribute{}, temporaryLinkAttrs, inDetails)}
		default:
			out[a.name] = dsschema.StringAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive}
		}
	}
	return out
}

// ephemeralAttributes copies a data source schema's attributes into the
// ephemeral resource's types: the framework has a type per kind of schema,
// with the same fields, and webex_recording's two schemas are one table.
// TestSchemas_agree fails if a kind is missing here.
func ephemeralAttributes(attrs map[string]dsschema.Attribute) map[string]ephschema.Attribute {
	out := make(map[string]ephschema.Attribute, len(attrs))
	for name, a := range attrs {
		switch a := a.(type) {
		case dsschema.StringAttribute:
			out[name] = ephschema.StringAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators}
		case dsschema.BoolAttribute:
			out[name] = ephschema.BoolAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators}
		case dsschema.Int64Attribute:
			out[name] = ephschema.Int64Attribute{MarkdownDescription: a.MarkdownDescription, Computed: a.Computed, Sensitive: a.Sensitive}
		case dsschema.ListAttribute:
			out[name] = ephschema.ListAttribute{MarkdownDescription: a.MarkdownDescription, Computed: a.Computed,
				Sensitive: a.Sensitive, ElementType: a.ElementType}
		case dsschema.SingleNestedAttribute:
			out[name] = ephschema.SingleNestedAttribute{MarkdownDescription: a.MarkdownDescription, Computed: a.Computed,
				Sensitive: a.Sensitive, Attributes: ephemeralAttributes(a.Attributes)}
		}
	}
	return out
}
