# Read the recording's links from a given Webex site (a host name alone),
# rather than from the site its id implies.
ephemeral "webex_recording" "allhands_on_site4" {
  id       = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61"
  site_url = "site4-example.webex.com"
}

resource "terraform_data" "allhands_from_site4" {
  input = "b7d9f1a3c5e74b8d9f0a1c2e3b4d5f61"

  provisioner "local-exec" {
    command = "curl --fail --silent --show-error --location --output \"$RECORDING_ID.mp4\" \"$DOWNLOAD_LINK\""
    environment = {
      RECORDING_ID  = self.input
      DOWNLOAD_LINK = ephemeral.webex_recording.allhands_on_site4.temporary_direct_download_links.recording_download_link
    }
  }
}
