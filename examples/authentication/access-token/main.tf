# An access token: a personal access token for a quick try (it lasts 12
# hours), or one that another tool keeps fresh. Keep it out of .tf files:
#
#   export WEBEX_ACCESS_TOKEN="$(cat ~/.config/webex/token)"
provider "webex" {}

data "webex_recording" "allhands" {
  id = "4f914b1dfe3c4d11a61730f18c0f5387"
}
