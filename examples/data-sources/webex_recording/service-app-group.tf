# A service app with group recording access reads a recording of any host
# in the group through Webex's Get Group Recording Details, naming the host
# by Webex person id (Base64, as the People API gives it, or the raw UUID)
# or by email address: one of the two, not both.
data "webex_recording" "by_person_id" {
  id        = "7c1a5e0d2b8f4e3a9d6c0b1f2e3d4c5b"
  group     = true
  person_id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS81NzFhYTEyMS0zOTUxLTUxZmQtYjMxMC1kODA2NmJjY2M1YTM"
}

data "webex_recording" "by_host_email" {
  id         = "7c1a5e0d2b8f4e3a9d6c0b1f2e3d4c5b"
  group      = true
  host_email = "jane.doe@example.com"
}

output "quarterly_review_as_service_app" {
  value = {
    topic        = data.webex_recording.by_person_id.topic
    playback_url = data.webex_recording.by_host_email.playback_url
  }
}
