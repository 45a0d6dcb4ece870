package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// Descriptions of recording attributes, written from Webex's "Get Recording
// Details" reference. Every schema that shows a recording uses them, so the
// data source, the list and the ephemeral resource say the same thing.
const (
	descRecordingID        = "A unique identifier for the recording."
	descMeetingID          = "Unique identifier for the parent ended meeting instance which the recording belongs to."
	descScheduledMeetingID = "Unique identifier for the parent scheduled meeting which the recording belongs to."
	descMeetingSeriesID    = "Unique identifier for the parent meeting series which the recording belongs to."
	descTopic              = "The recording's topic."
	descCreateTime         = "The date and time the recording was created, in ISO 8601 format, kept as Webex returned it with the offset of the requested time zone. " +
		"It is not the time the record button was clicked in the meeting but the time the recording file was generated offline."
	descTimeRecorded = "The date and time the recording started, in ISO 8601 format, kept as Webex returned it with the offset of the requested time zone. " +
		"It indicates when the record button was clicked in the meeting."
	descSiteURL     = "Site URL for the recording."
	descDownloadURL = "The download link for the recording. Null when *prevent downloading* has been turned on for the recording " +
		"(an option viewed and set when editing a recording)."
	descPlaybackURL = "The playback link for the recording."
	descPassword    = "The recording's password. Webex may return it masked (`********`) for some callers. Sensitive: Terraform hides it in plan output; " +
		"the data sources store it in the state, the ephemeral resource never does."
	descTemporaryLinks = "The download links for the MP4, audio and transcript of the recording, without HTML page rendering in a browser or HTTP redirect. " +
		"Null when *prevent downloading* has been turned on for the recording; currently available for Webex Meetings only. " +
		"The links expire 3 hours after each read and differ on every read; their `ticket` parameter is a credential, so the links are sensitive."
	descRecordingDownloadLink  = "The download link for the recording MP4 file. Expires 3 hours after the read. Null when Webex does not return it."
	descAudioDownloadLink      = "The download link for the recording audio file. Expires 3 hours after the read. Null when Webex does not return it."
	descTranscriptDownloadLink = "The download link for the recording transcript file. Expires 3 hours after the read. Null when Webex does not return it."
	descExpiration             = "The date and time when `recording_download_link`, `audio_download_link` and `transcript_download_link` expire, in ISO 8601 format."
	descFormat                 = "The recording file format: `MP4`; `ARF`, a private format of Webex recordings that requires the Cisco ARF recording player; " +
		"or `UPLOADED`, a file uploaded to Webex."
	descServiceType     = "The recording service type: `MeetingCenter`, `EventCenter`, `SupportCenter` or `TrainingCenter`."
	descDurationSeconds = "The duration of the recording in seconds."
	descSizeBytes       = "The size of the recording file in bytes. Recordings can be larger than 4 GiB."
	descShareToMe       = "Whether or not the recording has been shared to the current user."
	descIntegrationTags = "External keys of the parent meeting created by an integration application, such as Zendesk ticket IDs, Jira IDs " +
		"or Salesforce Opportunity IDs. An integration application queries recordings by a key in its own domain."
	descStatus = "The recording status: `available`; `deleted`, moved to the recycle bin; or `purged`, purged from the recycle bin " +
		"(only a compliance officer can read purged recordings)."
)

// Descriptions of the inputs of webex_recording (data source and
// ephemeral resource) and of the attributes only lists have.
const (
	descRecordingHostEmailInput = "Email address of the meeting host. Only used if the user or application calling the API has the " +
		"admin-level scope `meeting:admin_recordings_read`: an admin may name a user of a site they manage, " +
		"and Webex returns the recording details of that user."
	descRecordingTimezoneInput = "[IANA time zone](https://www.iana.org/time-zones) name, such as `America/Los_Angeles`, for the times " +
		"of this read (`create_time`, `time_recorded` and the links' `expiration`). Overrides the provider's `timezone`; " +
		"Webex answers in UTC when neither is set."
	descHostEmail = "Email address of the meeting host, as Webex returns it in lists. Null when Webex leaves it out."
)

// temporaryLinksAttrTypes is the object type of temporary_direct_download_links.
var temporaryLinksAttrTypes = map[string]attr.Type{
	"recording_download_link":  types.StringType,
	"audio_download_link":      types.StringType,
	"transcript_download_link": types.StringType,
	"expiration":               types.StringType,
}

// recordingSummaryModel holds the computed attributes of a recording that
// both Get Recording Details and the lists return.
type recordingSummaryModel struct {
	MeetingID          types.String `tfsdk:"meeting_id"`
	ScheduledMeetingID types.String `tfsdk:"scheduled_meeting_id"`
	MeetingSeriesID    types.String `tfsdk:"meeting_series_id"`
	Topic              types.String `tfsdk:"topic"`
	CreateTime         types.String `tfsdk:"create_time"`
	TimeRecorded       types.String `tfsdk:"time_recorded"`
	SiteURL            types.String `tfsdk:"site_url"`
	DownloadURL        types.String `tfsdk:"download_url"`
	PlaybackURL        types.String `tfsdk:"playback_url"`
	Password           types.String `tfsdk:"password"`
	Format             types.String `tfsdk:"format"`
	ServiceType        types.String `tfsdk:"service_type"`
	DurationSeconds    types.Int64  `tfsdk:"duration_seconds"`
	SizeBytes          types.Int64  `tfsdk:"size_bytes"`
	ShareToMe          types.Bool   `tfsdk:"share_to_me"`
	IntegrationTags    types.List   `tfsdk:"integration_tags"`
	Status             types.String `tfsdk:"status"`
}

// recordingDetailsModel holds the computed attributes of one recording
// read with Get Recording Details: the summary plus the temporary links.
type recordingDetailsModel struct {
	recordingSummaryModel
	TemporaryDirectDownloadLinks types.Object `tfsdk:"temporary_direct_download_links"`
}

// recordingListItemModel is one element of webex_recordings' recordings.
type recordingListItemModel struct {
	ID        types.String `tfsdk:"id"`
	HostEmail types.String `tfsdk:"host_email"`
	recordingSummaryModel
}

// attributeValues adds the summary's values to values, by attribute name.
// Reads hand Terraform an object built from these rather than the struct:
// the framework's struct reflection costs more CPU than the rest of a read.
func (m recordingSummaryModel) attributeValues(values map[string]attr.Value) {
	values["meeting_id"] = m.MeetingID
	values["scheduled_meeting_id"] = m.ScheduledMeetingID
	values["meeting_series_id"] = m.MeetingSeriesID
	values["topic"] = m.Topic
	values["create_time"] = m.CreateTime
	values["time_recorded"] = m.TimeRecorded
	values["site_url"] = m.SiteURL
	values["download_url"] = m.DownloadURL
	values["playback_url"] = m.PlaybackURL
	values["password"] = m.Password
	values["format"] = m.Format
	values["service_type"] = m.ServiceType
	values["duration_seconds"] = m.DurationSeconds
	values["size_bytes"] = m.SizeBytes
	values["share_to_me"] = m.ShareToMe
	values["integration_tags"] = m.IntegrationTags
	values["status"] = m.Status
}

// attributeValues adds the details' values to values, by attribute name.
func (m recordingDetailsModel) attributeValues(values map[string]attr.Value) {
	m.recordingSummaryModel.attributeValues(values)
	values["temporary_direct_download_links"] = m.TemporaryDirectDownloadLinks
}

// newRecordingSummaryModel maps what every answer has. What Webex leaves
// out becomes null, never "" or 0.
func newRecordingSummaryModel(rec *webex.Recording) recordingSummaryModel {
	return recordingSummaryModel{
		MeetingID:          nullableString(rec.MeetingID),
		ScheduledMeetingID: nullableString(rec.ScheduledMeetingID),
		MeetingSeriesID:    nullableString(rec.MeetingSeriesID),
		Topic:              nullableString(rec.Topic),
		CreateTime:         nullableString(rec.CreateTime),
		TimeRecorded:       nullableString(rec.TimeRecorded),
		SiteURL:            nullableString(rec.SiteURL),
		DownloadURL:        nullableString(rec.DownloadURL),
		PlaybackURL:        nullableString(rec.PlaybackURL),
		Password:           nullableString(rec.Password),
		Format:             nullableString(rec.Format),
		ServiceType:        nullableString(rec.ServiceType),
		DurationSeconds:    types.Int64PointerValue(rec.DurationSeconds),
		SizeBytes:          types.Int64PointerValue(rec.SizeBytes),
		ShareToMe:          types.BoolPointerValue(rec.ShareToMe),
		IntegrationTags:    stringList(rec.IntegrationTags),
		Status:             nullableString(rec.Status),
	}
}

// newRecordingDetailsModel maps a recording read with Get Recording
// Details to Terraform values.
func newRecordingDetailsModel(rec *webex.Recording) recordingDetailsModel {
	return recordingDetailsModel{
		recordingSummaryModel:        newRecordingSummaryModel(rec),
		TemporaryDirectDownloadLinks: temporaryLinksValue(rec.TemporaryDirectDownloadLinks),
	}
}

// newRecordingListItemModel maps a recording from a list.
func newRecordingListItemModel(rec *webex.Recording) recordingListItemModel {
	return recordingListItemModel{
		ID:                    types.StringValue(rec.ID),
		HostEmail:             nullableString(rec.HostEmail),
		recordingSummaryModel: newRecordingSummaryModel(rec),
	}
}

func nullableString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func stringList(values []string) types.List {
	if values == nil {
		return types.ListNull(types.StringType)
	}
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	// Cannot fail: every element is a known string of the element type.
	list, _ := types.ListValue(types.StringType, elems)
	return list
}

func temporaryLinksValue(links *webex.TemporaryDirectDownloadLinks) types.Object {
	if links == nil {
		return types.ObjectNull(temporaryLinksAttrTypes)
	}
	// Cannot fail: the values match temporaryLinksAttrTypes.
	obj, _ := types.ObjectValue(temporaryLinksAttrTypes, map[string]attr.Value{
		"recording_download_link":  nullableString(links.RecordingDownloadLink),
		"audio_download_link":      nullableString(links.AudioDownloadLink),
		"transcript_download_link": nullableString(links.TranscriptDownloadLink),
		"expiration":               nullableString(links.Expiration),
	})
	return obj
}
