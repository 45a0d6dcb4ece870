# An admin reads a recording of a meeting that someone else hosted on a site
# they manage. The token needs the meeting:admin_recordings_read scope;
# without host_email, Webex only finds recordings the caller hosted or that
# were shared with them.
data "webex_recording" "quarterly_review" {
  id         = "7c1a5e0d2b8f4e3a9d6c0b1f2e3d4c5b"
  host_email = "jane.doe@example.com"

  # Times in the host's zone rather than the provider's default.
  timezone = "America/New_York"
}

output "quarterly_review" {
  value = {
    topic         = data.webex_recording.quarterly_review.topic
    time_recorded = data.webex_recording.quarterly_review.time_recorded
    playback_url  = data.webex_recording.quarterly_review.playback_url
  }
}
