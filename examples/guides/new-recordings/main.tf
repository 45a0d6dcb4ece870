# Terraform does not notice a new recording: it looks when it runs. Run
# this every hour (cron, a CI schedule); each run announces the recordings
# created in the last two hours that no earlier run announced. The hour of
# overlap covers a run that starts late.

terraform {
  required_providers {
    webex = {
      source = "webex-terraform/webex"
    }
  }
}

provider "webex" {}

data "webex_recordings" "new" {
  from = timeadd(plantimestamp(), "-2h")
  to   = plantimestamp()
}

# Created once per recording, so announced once; a recording that leaves
# the window is removed from the state and is not announced again.
resource "terraform_data" "announced" {
  for_each = {
    for r in data.webex_recordings.new.recordings : r.id => r.topic
  }

  input = each.value

  provisioner "local-exec" {
    command = "echo \"new recording: $TOPIC ($RECORDING_ID)\" >> announcements.log"
    environment = {
      TOPIC        = each.value
      RECORDING_ID = each.key
    }
  }
}
