package provider

import (
	"fmt"
	"maps"
	"math/big"
	"slices"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// The attributes of a recording are listed once, here: each row knows its
// name, description, type, where it appears and how to read its value from
// a webex.Recording. Every schema that shows recordings (the webex_recording
// data source and ephemeral resource, the objects of webex_recordings'
// recordings list) and every value written for them is built from these
// rows, so adding an attribute means adding a row.
//
// Values are built as Terraform values (tftypes) directly: the framework's
// struct reflection costs about ten times as much CPU, and its own value
// types are converted two or three times over on the way to Terraform. At
// the size of a large list, that was most of a read.

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
	// inDetails: webex_recording, data source and ephemeral resource (Get
	// Recording Details).
	inDetails recordingBlocks = 1 << iota
	// inList: the objects of webex_recordings' recordings (the lists).
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
	// value reads the attribute; what Webex left out is null, never "",
	// 0 or false.
	value func(*webex.Recording) tftypes.Value
}

// recordingAttrs are the attributes of a recording, in the order of the
// Webex reference, list-only ones first.
var recordingAttrs = []recordingAttr{
	{name: "id", in: inList, description: descRecordingID,
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.ID) }},
	{name: "host_email", in: inList, description: "Email address of the meeting host. Only the admin list (`admin = true`) returns it; null otherwise.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.HostEmail) }},
	{name: "host_display_name", in: inList, description: "Display name of the meeting host. Only the admin list (`admin = true`) returns it; null otherwise.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.HostDisplayName) }},
	{name: "meeting_id", in: inBoth, description: "Unique identifier for the parent ended meeting instance which the recording belongs to.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.MeetingID) }},
	{name: "scheduled_meeting_id", in: inBoth, description: "Unique identifier for the parent scheduled meeting which the recording belongs to.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.ScheduledMeetingID) }},
	{name: "meeting_series_id", in: inBoth, description: "Unique identifier for the parent meeting series which the recording belongs to.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.MeetingSeriesID) }},
	{name: "topic", in: inBoth, description: "The recording's topic.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.Topic) }},
	{name: "create_time", in: inBoth, description: "The date and time the recording was created, in ISO 8601 format, kept as Webex returned it " +
		"with the offset of the requested time zone. It is not the time the record button was clicked in the meeting but the time " +
		"the recording file was generated offline.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.CreateTime) }},
	{name: "time_recorded", in: inBoth, description: "The date and time the recording started, in ISO 8601 format, kept as Webex returned it " +
		"with the offset of the requested time zone. It indicates when the record button was clicked in the meeting.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.TimeRecorded) }},
	{name: "site_url", in: inBoth, description: descSiteURL,
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.SiteURL) }},
	{name: "download_url", in: inBoth, description: "The download link for the recording. Null when *prevent downloading* has been turned on " +
		"for the recording (an option viewed and set when editing a recording).",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.DownloadURL) }},
	{name: "playback_url", in: inBoth, description: "The playback link for the recording.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.PlaybackURL) }},
	{name: "password", in: inDetails, sensitive: true, description: "The recording's password. Webex may return it masked (`********`) " +
		"for some callers. Sensitive: Terraform hides it in plan output; the data source stores it in the state, the ephemeral resource never does.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.Password) }},
	{name: "temporary_direct_download_links", in: inDetails, kind: kindTemporaryLinks, description: "The download links for the MP4, " +
		"audio and transcript of the recording, without HTML page rendering in a browser or HTTP redirect. Null when *prevent downloading* " +
		"has been turned on for the recording; currently available for Webex Meetings only. The links expire 3 hours after each read and " +
		"differ on every read; their `ticket` parameter is a credential, so the links are sensitive.",
		value: temporaryLinksValue},
	{name: "format", in: inBoth, description: "The recording file format: `MP4`; `ARF`, a private format of Webex recordings that requires " +
		"the Cisco ARF recording player; or `UPLOADED`, a file uploaded to Webex.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.Format) }},
	{name: "service_type", in: inBoth, description: "The recording service type: `MeetingCenter`, `EventCenter`, `SupportCenter` or `TrainingCenter`.",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.ServiceType) }},
	{name: "duration_seconds", in: inBoth, kind: kindInt64, description: "The duration of the recording in seconds.",
		value: func(r *webex.Recording) tftypes.Value { return tfInt64(r.DurationSeconds) }},
	{name: "size_bytes", in: inBoth, kind: kindInt64, description: "The size of the recording file in bytes. Recordings can be larger than 4 GiB.",
		value: func(r *webex.Recording) tftypes.Value { return tfInt64(r.SizeBytes) }},
	{name: "share_to_me", in: inBoth, kind: kindBool, description: "Whether or not the recording has been shared to the current user. " +
		"Null in the admin list, which does not return it.",
		value: func(r *webex.Recording) tftypes.Value { return tfBool(r.ShareToMe) }},
	{name: "integration_tags", in: inBoth, kind: kindStringList, description: "External keys of the parent meeting created by an integration " +
		"application, such as Zendesk ticket IDs, Jira IDs or Salesforce Opportunity IDs. An integration application queries recordings by " +
		"a key in its own domain.",
		value: func(r *webex.Recording) tftypes.Value { return tfStringList(r.IntegrationTags) }},
	{name: "status", in: inBoth, description: "The recording status: `available`; `deleted`, moved to the recycle bin; or `purged`, purged " +
		"from the recycle bin (only a compliance officer can read purged recordings).",
		value: func(r *webex.Recording) tftypes.Value { return tfString(r.Status) }},
}

// temporaryLinkAttrs are the attributes of temporary_direct_download_links.
// Their values are read only when the recording has links. The links carry
// a ticket: sensitive.
var temporaryLinkAttrs = []recordingAttr{
	{name: "recording_download_link", in: inDetails, sensitive: true,
		description: "The download link for the recording MP4 file. Expires 3 hours after the read. Null when Webex does not return it.",
		value: func(r *webex.Recording) tftypes.Value {
			return tfString(r.TemporaryDirectDownloadLinks.RecordingDownloadLink)
		}},
	{name: "audio_download_link", in: inDetails, sensitive: true,
		description: "The download link for the recording audio file. Expires 3 hours after the read. Null when Webex does not return it.",
		value: func(r *webex.Recording) tftypes.Value {
			return tfString(r.TemporaryDirectDownloadLinks.AudioDownloadLink)
		}},
	{name: "transcript_download_link", in: inDetails, sensitive: true,
		description: "The download link for the recording transcript file. Expires 3 hours after the read. Null when Webex does not return it.",
		value: func(r *webex.Recording) tftypes.Value {
			return tfString(r.TemporaryDirectDownloadLinks.TranscriptDownloadLink)
		}},
	{name: "expiration", in: inDetails,
		description: "The date and time when `recording_download_link`, `audio_download_link` and `transcript_download_link` expire, in ISO 8601 format.",
		value:       func(r *webex.Recording) tftypes.Value { return tfString(r.TemporaryDirectDownloadLinks.Expiration) }},
}

// descRecordingID describes a recording id, as an input and as a result.
const descRecordingID = "A unique identifier for the recording."

// descSiteURL describes the site of a recording, as a result.
const descSiteURL = "Site URL for the recording."

// recordingInputKind is the Terraform type of an argument.
type recordingInputKind int

const (
	inputString recordingInputKind = iota
	inputBool
)

// recordingInput is one argument of webex_recording.
type recordingInput struct {
	name        string
	description string
	kind        recordingInputKind
	required    bool
	// computed marks an argument that is also an attribute of the
	// recording, a row of recordingAttrs of the same name, which it
	// replaces in the schema: Optional and Computed, its configured value
	// kept (blockValue), else the answer's.
	computed   bool
	validators []validator.String
	// set puts a configured, known value into the lookup.
	set func(l *recordingLookup, v tftypes.Value) error
}

// recordingLookup is what a webex_recording block reads, from its
// arguments: the id and the options of the read.
type recordingLookup struct {
	id   string
	opts webex.GetRecordingOptions
	// unknown names the arguments whose value is not known yet.
	unknown []string
}

// recordingLookupInputs are the arguments of webex_recording, data source
// and ephemeral resource alike. Each knows its place in the lookup; the
// rules that tie them together are the client's
// (webex.GetRecordingOptions.Validate, see recordingArgumentsValidator).
var recordingLookupInputs = []recordingInput{
	{name: "id", description: descRecordingID + " Required.", required: true, validators: []validator.String{recordingIDValidator},
		set: input(func(l *recordingLookup, s string) { l.id = s })},
	{name: "group", kind: inputBool, description: "Set to `true` to read Webex's *Get Group Recording Details* " +
		"(`GET /group/recordings/{recordingId}`) instead of *Get Recording Details*, as a service app with group recording access: " +
		"the recording of the host that `person_id` or `host_email` names (one of them is required, not both). Webex finds only the " +
		"host's own recordings in the `available` status, not those shared with the host by others. `site_url` is not allowed with it. " +
		"Defaults to `false`.",
		set: input(func(l *recordingLookup, b bool) { l.opts.Group = b })},
	{name: "person_id", description: descPersonID + " Only allowed with `group = true`, and not with `host_email`.",
		validators: []validator.String{personIDValidator},
		set:        input(func(l *recordingLookup, s string) { l.opts.PersonID = s })},
	{name: "host_email", description: "Email address of the meeting host. Without `group`, only used if the user or application calling " +
		"the API has the admin-level scope `meeting:admin_recordings_read`: an admin may name a user of a site they manage, " +
		"and Webex returns the recording details of that user. With `group = true`, it names the host of the group read " +
		"(sent as Webex's `hostEmail` header), instead of `person_id`.",
		validators: []validator.String{emailValidator},
		set:        input(func(l *recordingLookup, s string) { l.opts.HostEmail = s })},
	{name: "site_url", computed: true, description: "The Webex site to read the recording from, as a host name such as " +
		"`example.webex.com` (without `https://`, a path or a port), sent as Webex's `siteUrl` header; without it, Webex reads the " +
		"recording from the site its id implies. Not allowed with `group`. The attribute keeps the value as written; when it is " +
		"not set, it holds the recording's site as Webex returned it.",
		validators: []validator.String{siteURLValidator},
		set:        input(func(l *recordingLookup, s string) { l.opts.SiteURL = s })},
	{name: "timezone", description: "[IANA time zone](https://www.iana.org/time-zones) name, such as `America/Los_Angeles`, for the times " +
		"of this read (`create_time`, `time_recorded` and the links' `expiration`). Overrides the provider's `timezone`; " +
		"Webex answers in UTC when neither is set.",
		validators: []validator.String{timezoneValidator},
		set:        input(func(l *recordingLookup, s string) { l.opts.Timezone = s })},
}

// descPersonID describes a person id argument.
const descPersonID = "Webex person id of the meeting host, sent as Webex's `personId`: Base64 as the People API gives it, such as " +
	"`Y2lzY29zcGFyazovL3VzL1BFT1BMRS9kNDdiMmU3ZC01ZTBmLTRmNjktYWVmNC1lNGZmOTBhZWE3Yzk`, or the raw UUID at the end of the " +
	"decoded id, such as `d47b2e7d-5e0f-4f69-aef4-e4ff90aea7c9`."

// input is the set of a string or a bool argument.
func input[T string | bool](set func(l *recordingLookup, v T)) func(*recordingLookup, tftypes.Value) error {
	return func(l *recordingLookup, v tftypes.Value) error {
		var x T
		if err := v.As(&x); err != nil {
			return err
		}
		set(l, x)
		return nil
	}
}

// recordingLookupFrom reads the arguments of a webex_recording block from
// its configuration. Null arguments are left zero; unknown ones too, and
// named in unknown.
func recordingLookupFrom(config tftypes.Value) (recordingLookup, diag.Diagnostics) {
	var l recordingLookup
	var diags diag.Diagnostics
	var values map[string]tftypes.Value
	if err := config.As(&values); err != nil {
		diags.AddError("Unexpected configuration value",
			fmt.Sprintf("The configuration is not an object (%s). This is a bug in the provider; please report it.", err))
		return l, diags
	}
	for _, in := range recordingLookupInputs {
		v := values[in.name]
		switch {
		case !v.IsKnown():
			l.unknown = append(l.unknown, in.name)
		case v.IsNull():
		default:
			if err := in.set(&l, v); err != nil {
				diags.AddError("Unexpected configuration value",
					fmt.Sprintf("The argument %s does not fit its type (%s). This is a bug in the provider; please report it.", in.name, err))
			}
		}
	}
	return l, diags
}

// isUnknown reports whether any of the arguments names is not known yet.
func (l recordingLookup) isUnknown(names ...string) bool {
	return slices.ContainsFunc(names, func(name string) bool { return slices.Contains(l.unknown, name) })
}

// computedInputs are the names of the inputs that take the place of a
// computed attribute of the same name.
func computedInputs(inputs []recordingInput) map[string]bool {
	names := map[string]bool{}
	for _, in := range inputs {
		if in.computed {
			names[in.name] = true
		}
	}
	return names
}

// tfType is the Terraform type of a's values.
func (a recordingAttr) tfType() tftypes.Type {
	switch a.kind {
	case kindInt64:
		return tftypes.Number
	case kindBool:
		return tftypes.Bool
	case kindStringList:
		return tftypes.List{ElementType: tftypes.String}
	case kindTemporaryLinks:
		return recordingObjectType(temporaryLinkAttrs, inDetails)
	default:
		return tftypes.String
	}
}

// recordingObjectType is the object type of the attributes of attrs shown
// in blocks.
func recordingObjectType(attrs []recordingAttr, blocks recordingBlocks) tftypes.Object {
	attrTypes := make(map[string]tftypes.Type, len(attrs))
	for _, a := range attrs {
		if a.in&blocks != 0 {
			attrTypes[a.name] = a.tfType()
		}
	}
	return tftypes.Object{AttributeTypes: attrTypes}
}

var (
	// temporaryLinksType is the object type of temporary_direct_download_links.
	temporaryLinksType = recordingObjectType(temporaryLinkAttrs, inDetails)
	// recordingListItemType is the object type of webex_recordings' recordings.
	recordingListItemType = recordingObjectType(recordingAttrs, inList)
)

// recordingValue is rec as a value of objectType: the attributes of attrs
// shown in blocks.
func recordingValue(objectType tftypes.Object, attrs []recordingAttr, blocks recordingBlocks, rec *webex.Recording) tftypes.Value {
	values := make(map[string]tftypes.Value, len(objectType.AttributeTypes))
	setRecordingValues(values, attrs, blocks, rec)
	return tftypes.NewValue(objectType, values)
}

// setRecordingValues sets rec's values of the attributes of attrs shown in
// blocks.
func setRecordingValues(values map[string]tftypes.Value, attrs []recordingAttr, blocks recordingBlocks, rec *webex.Recording) {
	for _, a := range attrs {
		if a.in&blocks != 0 {
			values[a.name] = a.value(rec)
		}
	}
}

// recordingListValue is recs as the value of webex_recordings' recordings.
func recordingListValue(recs []webex.Recording) tftypes.Value {
	elems := make([]tftypes.Value, len(recs))
	for i := range recs {
		elems[i] = recordingValue(recordingListItemType, recordingAttrs, inList, &recs[i])
	}
	return tftypes.NewValue(tftypes.List{ElementType: recordingListItemType}, elems)
}

// buildValue runs build and turns a panic of tftypes.NewValue, which only
// a row whose value does not fit its kind could cause, into a diagnostic.
func buildValue(build func() tftypes.Value) (v tftypes.Value, diags diag.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			diags.AddError("Recording value does not fit its schema",
				fmt.Sprintf("Building the recording's Terraform value failed: %v. This is a bug in the provider; please report it.", r))
		}
	}()
	return build(), diags
}

func temporaryLinksValue(rec *webex.Recording) tftypes.Value {
	if rec.TemporaryDirectDownloadLinks == nil {
		return tftypes.NewValue(temporaryLinksType, nil)
	}
	return recordingValue(temporaryLinksType, temporaryLinkAttrs, inDetails, rec)
}

// tfString is s, or null when Webex left it out.
func tfString(s string) tftypes.Value {
	if s == "" {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, s)
}

func tfInt64(n *int64) tftypes.Value {
	if n == nil {
		return tftypes.NewValue(tftypes.Number, nil)
	}
	return tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(*n))
}

func tfBool(b *bool) tftypes.Value {
	if b == nil {
		return tftypes.NewValue(tftypes.Bool, nil)
	}
	return tftypes.NewValue(tftypes.Bool, *b)
}

func tfStringList(values []string) tftypes.Value {
	listType := tftypes.List{ElementType: tftypes.String}
	if values == nil {
		return tftypes.NewValue(listType, nil)
	}
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(listType, elems)
}

// blockValue is a block's value: its configuration, which holds the
// arguments as the user wrote them and null for every computed attribute,
// with the computed attributes that set adds. It is the value a read hands
// Terraform as state or as the ephemeral result. Terraform wants every
// configured value back unchanged, so an argument that is also computed
// (site_url) keeps what the configuration says; set fills it only when it
// is not set.
func blockValue(config tftypes.Value, set func(values map[string]tftypes.Value)) (tftypes.Value, diag.Diagnostics) {
	var configured map[string]tftypes.Value
	if err := config.As(&configured); err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unexpected configuration value",
			fmt.Sprintf("The configuration is not an object (%s). This is a bug in the provider; please report it.", err))
		return tftypes.Value{}, diags
	}
	// As hands out the configuration's own map, which the framework still
	// uses after the read: never change it.
	values := maps.Clone(configured)
	return buildValue(func() tftypes.Value {
		set(values)
		for name, v := range configured {
			if !v.IsNull() {
				values[name] = v
			}
		}
		return tftypes.NewValue(config.Type(), values)
	})
}

// dataSourceRecordingAttributes renders inputs and the computed attributes
// of attrs shown in blocks into a data source schema's attribute map.
func dataSourceRecordingAttributes(inputs []recordingInput, attrs []recordingAttr, blocks recordingBlocks) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(inputs)+len(attrs))
	for _, in := range inputs {
		if in.kind == inputBool {
			out[in.name] = dsschema.BoolAttribute{MarkdownDescription: in.description, Optional: true}
			continue
		}
		out[in.name] = dsschema.StringAttribute{
			MarkdownDescription: in.description,
			Required:            in.required,
			Optional:            !in.required,
			Computed:            in.computed,
			Validators:          in.validators,
		}
	}
	replaced := computedInputs(inputs)
	for _, a := range attrs {
		if a.in&blocks != 0 && !replaced[a.name] {
			out[a.name] = dataSourceComputedAttribute(a)
		}
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
			Attributes:          dataSourceRecordingAttributes(nil, temporaryLinkAttrs, inDetails),
		}
	default:
		return dsschema.StringAttribute{MarkdownDescription: a.description, Computed: true, Sensitive: a.sensitive}
	}
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
