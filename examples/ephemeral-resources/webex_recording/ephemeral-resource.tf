# Read at every plan and apply; nothing of it reaches the plan or the state.
ephemeral "webex_recording" "allhands" {
  id = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61"
}

# A provisioner's environment accepts ephemeral values: download the MP4
# through its temporary link (valid for 3 hours; its ticket is a credential)
# when the archive is created. Terraform hides the command's output while it
# runs, but prints it if the command fails: never echo the link.
resource "terraform_data" "archive" {
  input = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61"

  provisioner "local-exec" {
    command = "curl --fail --silent --show-error --location --output \"$RECORDING_ID.mp4\" \"$DOWNLOAD_LINK\""
    environment = {
      RECORDING_ID  = self.input
      DOWNLOAD_LINK = ephemeral.webex_recording.allhands.temporary_direct_download_links.recording_download_link
    }
  }
}
