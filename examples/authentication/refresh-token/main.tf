# For automation: an integration's or service app's refresh token, which
# the provider trades for access tokens itself, when a read first needs
# one and again as they expire. The client id is no secret; the client
# secret and the refresh token belong in the environment (or your CI's
# secret store); `make sim` prints the simulator's:
#
#   export WEBEX_CLIENT_ID=...
#   export WEBEX_CLIENT_SECRET=...
#   export WEBEX_REFRESH_TOKEN=...
provider "webex" {}

data "webex_recordings" "this_week" {}

output "recording_count" {
  value = length(data.webex_recordings.this_week.recordings)
}
