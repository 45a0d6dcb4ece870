# The passwords of a list are in one sensitive map, by recording id.
data "webex_recordings" "this_week" {}

# Each recording's playback link with its password, for a consumer that
# keeps the sensitive mark: a sensitive output, as here, or a module
# variable declared sensitive. A recording without a password has no
# entry: lookup gives null for it.
output "protected_recordings" {
  sensitive = true
  value = {
    for r in data.webex_recordings.this_week.recordings : r.id => {
      playback_url = r.playback_url
      password     = lookup(data.webex_recordings.this_week.passwords, r.id, null)
    }
  }
}

# Not every consumer keeps the mark: terraform_data takes a sensitive
# input, but its output attribute shows the value in clear text (in
# `terraform show` and wherever it is used). Keep passwords out of such
# resources, or wrap each use in sensitive().
