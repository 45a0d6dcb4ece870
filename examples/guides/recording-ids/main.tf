# Finding the id of a recording: list the recordings around the time it
# was made, then pick it by topic or by its playback link.

terraform {
  required_providers {
    webex = {
      source = "webex-terraform/webex"
    }
  }
}

provider "webex" {}

data "webex_recordings" "last_30_days" {
  from = timeadd(plantimestamp(), "-720h")
  to   = plantimestamp()
}

locals {
  # A playback link as someone sent it to you, taken from a recording's
  # playback_url. Its RCID is not the recording id.
  playback_link = "https://site4-example.webex.com/site4/ldr.php?RCID=c2e4a6b8d0f24a6c8e0b2d4f6a8c0e11"

  # null when no recording of the window has that link.
  id_from_link = one([
    for r in data.webex_recordings.last_30_days.recordings : r.id
    if r.playback_url == local.playback_link
  ])
}

# Every recording of the window, to pick from by topic and time.
output "recordings" {
  value = {
    for r in data.webex_recordings.last_30_days.recordings : r.id => "${r.create_time}  ${r.topic}"
  }
}

output "id_from_playback_link" {
  value = local.id_from_link
}

# Once you know the id, write it down: reading by id needs no window.
data "webex_recording" "all_hands" {
  id = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61"
}
