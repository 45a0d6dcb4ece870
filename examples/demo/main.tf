# The demo `make demo` applies against the local Webex API simulator.
# WEBEX_BASE_URL and WEBEX_ACCESS_TOKEN come from the environment.

terraform {
  required_providers {
    webex = {
      source = "webex-terraform/webex"
    }
  }
}

provider "webex" {
  timezone = "America/Los_Angeles"
}

data "webex_recording" "allhands" {
  id = "4f914b1dfe3c4d11a61730f18c0f5387"
}

# Stands in for a sync job, a CDN origin or a notification: anything that
# takes the recording's links as input.
resource "terraform_data" "recording_sync" {
  input = {
    topic        = data.webex_recording.allhands.topic
    download_url = data.webex_recording.allhands.download_url
    playback_url = data.webex_recording.allhands.playback_url
  }

  provisioner "local-exec" {
    command = "echo \"recording '${self.input.topic}' arrived: download_url=${self.input.download_url} playback_url=${self.input.playback_url}\""
  }
}

output "download_url" {
  value = terraform_data.recording_sync.output.download_url
}

output "playback_url" {
  value = terraform_data.recording_sync.output.playback_url
}

output "time_recorded" {
  value = data.webex_recording.allhands.time_recorded
}
