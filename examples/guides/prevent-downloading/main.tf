# Download recordings through the ephemeral resource's temporary link, and
# skip, rather than fail on, those whose host turned on "prevent
# downloading": for them temporary_direct_download_links is null.

terraform {
  required_providers {
    webex = {
      source = "webex-terraform/webex"
    }
  }
}

provider "webex" {}

locals {
  recording_ids = toset([
    "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61", # can be downloaded
    "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f63", # "prevent downloading" is on
  ])
}

ephemeral "webex_recording" "download" {
  for_each = local.recording_ids
  id       = each.key
}

resource "terraform_data" "download" {
  for_each = local.recording_ids
  input    = each.key

  provisioner "local-exec" {
    # Terraform hides this command's output (the environment holds an
    # ephemeral value), so the skip is written to a file.
    command = <<-EOT
      if [ -z "$DOWNLOAD_LINK" ]; then
        echo "downloading is prevented" > "$RECORDING_ID.skipped"
      else
        curl --fail --silent --show-error --output "$RECORDING_ID.mp4" "$DOWNLOAD_LINK"
      fi
    EOT
    environment = {
      RECORDING_ID = each.key
      # Reading an attribute of a null object is an error; try() turns it
      # into "". A missing link alone (audio, transcript) is null: try()
      # covers that too.
      DOWNLOAD_LINK = try(ephemeral.webex_recording.download[each.key].temporary_direct_download_links.recording_download_link, "")
    }
  }
}
