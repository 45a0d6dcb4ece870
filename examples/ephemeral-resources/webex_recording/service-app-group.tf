# A service app with group recording access reads a host's recording
# without keeping its links or password: group = true, and the host by
# person_id or host_email.
ephemeral "webex_recording" "allhands_as_service_app" {
  id         = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61"
  group      = true
  host_email = "alice@example.com"
}

resource "terraform_data" "allhands_copy" {
  input = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61"

  provisioner "local-exec" {
    command = "curl --fail --silent --show-error --location --output \"$RECORDING_ID.mp4\" \"$DOWNLOAD_LINK\""
    environment = {
      RECORDING_ID  = self.input
      DOWNLOAD_LINK = ephemeral.webex_recording.allhands_as_service_app.temporary_direct_download_links.recording_download_link
    }
  }
}
