# Archive the recordings of the last 7 days: each one that can be
# downloaded is fetched once, by the run that first finds it. Run it on a
# schedule; Terraform only looks when it runs.

terraform {
  required_providers {
    webex = {
      source = "webex-terraform/webex"
    }
  }
}

provider "webex" {} # WEBEX_ACCESS_TOKEN (and WEBEX_BASE_URL) from the environment

# The window ends when the plan is made: plantimestamp() is fixed for a
# plan and its apply, where timestamp() would differ between the two.
data "webex_recordings" "window" {
  from = timeadd(plantimestamp(), "-168h")
  to   = plantimestamp()
}

locals {
  # Only what can be downloaded: no download_url means the host turned on
  # "prevent downloading", and Webex gives temporary links for Webex
  # Meetings recordings (MeetingCenter) only.
  downloadable = {
    for r in data.webex_recordings.window.recordings : r.id => r
    if r.download_url != null && r.service_type == "MeetingCenter"
  }
}

# Read each recording again for its temporary links. Ephemeral: the links
# never reach the plan or the state.
ephemeral "webex_recording" "archive" {
  for_each = local.downloadable
  id       = each.key
}

# One resource per recording. Its provisioner runs once, when the resource
# is created; a later run finds it in the state and downloads nothing.
resource "terraform_data" "archive" {
  for_each = local.downloadable

  input = {
    topic       = each.value.topic
    create_time = each.value.create_time
  }

  provisioner "local-exec" {
    # The link goes in the environment, never in the command: Terraform
    # prints the command and its output when it fails.
    command = "mkdir -p recordings && curl --fail --silent --show-error --output \"recordings/$RECORDING_ID.mp4\" \"$DOWNLOAD_LINK\""
    environment = {
      RECORDING_ID  = each.key
      DOWNLOAD_LINK = ephemeral.webex_recording.archive[each.key].temporary_direct_download_links.recording_download_link
    }
  }
}

output "archived" {
  value = { for id, r in terraform_data.archive : id => r.output.topic }
}
