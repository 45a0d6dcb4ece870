# The newest recording of a meeting series, and what to do when the series
# has none yet.

terraform {
  required_providers {
    webex = {
      source = "webex-terraform/webex"
    }
  }
}

provider "webex" {}

# Lists are newest first, so max_results = 1 reads the latest recording
# with a single request, however long the window.
data "webex_recordings" "weekly_sync" {
  meeting_id  = "f91b6edce9864428af084977b7c68291" # the series' meeting_series_id
  from        = timeadd(plantimestamp(), "-2160h") # 90 days
  to          = plantimestamp()
  max_results = 1
}

locals {
  # one() is null for an empty list: a series without a recording in the
  # window is not an error here.
  latest = one(data.webex_recordings.weekly_sync.recordings)
}

# Say so when there is none, without failing the run.
check "weekly_sync_recorded" {
  assert {
    condition     = local.latest != null
    error_message = "The Weekly Sync series has no recording in the last 90 days."
  }
}

# Publish the latest recording; with none, there is nothing to publish.
resource "terraform_data" "weekly_sync_latest" {
  count = local.latest == null ? 0 : 1

  input = {
    id           = local.latest.id
    topic        = local.latest.topic
    create_time  = local.latest.create_time
    playback_url = local.latest.playback_url
  }
}

output "weekly_sync_latest" {
  value = local.latest == null ? "none yet" : "${local.latest.create_time}: ${local.latest.playback_url}"
}
