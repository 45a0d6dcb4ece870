# Read at every plan and apply; nothing of it reaches the plan or the state.
ephemeral "webex_recording" "allhands" {
  id = "4f914b1dfe3c4d11a61730f18c0f5387"
}

# A provisioner's environment accepts ephemeral values: download the MP4
# through its temporary link (valid for 3 hours; its ticket is a credential)
# when the archive is created. Terraform suppresses the provisioner's output,
# as the link is sensitive.
resource "terraform_data" "archive" {
  input = "4f914b1dfe3c4d11a61730f18c0f5387"

  provisioner "local-exec" {
    command = "curl --fail --silent --show-error --location --output \"$RECORDING_ID.mp4\" \"$DOWNLOAD_LINK\""
    environment = {
      RECORDING_ID  = self.input
      DOWNLOAD_LINK = ephemeral.webex_recording.allhands.temporary_direct_download_links.recording_download_link
    }
  }
}
