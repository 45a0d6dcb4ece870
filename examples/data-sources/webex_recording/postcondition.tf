# Stop the run before anything consumes a recording that is in the recycle
# bin, or whose download has been turned off.
data "webex_recording" "onboarding" {
  id = "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"

  lifecycle {
    postcondition {
      condition     = self.status == "available"
      error_message = "Recording ${self.id} is ${coalesce(self.status, "in an unknown state")}, not available: restore it from the Webex recycle bin or pick another one."
    }
    postcondition {
      condition     = self.download_url != null
      error_message = "Recording ${self.id} cannot be downloaded: its host has turned on \"prevent downloading\"."
    }
  }
}

resource "terraform_data" "onboarding_archive" {
  input = {
    source     = data.webex_recording.onboarding.download_url
    size_bytes = data.webex_recording.onboarding.size_bytes
  }
}
