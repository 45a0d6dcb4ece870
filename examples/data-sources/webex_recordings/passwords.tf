# The passwords of a list are in one sensitive map, by recording id.
data "webex_recordings" "this_week" {}

# Hand each recording's password on beside its playback link. The map is
# sensitive, and so is every value taken from it. A recording without a
# password has no entry: lookup gives null for it.
resource "terraform_data" "protected" {
  for_each = {
    for r in data.webex_recordings.this_week.recordings : r.id => r.playback_url
  }

  input = {
    playback_url = each.value
    password     = lookup(data.webex_recordings.this_week.passwords, each.key, null)
  }
}
