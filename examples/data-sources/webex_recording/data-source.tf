data "webex_recording" "allhands" {
  id = "4f914b1dfe3c4d11a61730f18c0f5387"
}

# Pass the links on to whatever syncs or announces the recording.
resource "terraform_data" "recording_sync" {
  input = {
    download_url = data.webex_recording.allhands.download_url
    playback_url = data.webex_recording.allhands.playback_url
  }
}

output "playback_url" {
  value = data.webex_recording.allhands.playback_url
}
