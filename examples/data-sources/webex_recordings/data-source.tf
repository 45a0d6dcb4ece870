# The recordings you host or that are shared with you, created in the last
# 7 days: Webex's window when from and to are left out.
data "webex_recordings" "recent" {}

# One meeting series in March 2025, with times in Berlin time.
data "webex_recordings" "weekly_sync" {
  meeting_id = "f91b6edce9864428af084977b7c68291"
  from       = "2025-03-01T00:00:00+01:00"
  to         = "2025-04-01T00:00:00+02:00"
  timezone   = "Europe/Berlin"
}

# Announce every MP4 of the series: its topic and playback link, not its password.
resource "terraform_data" "announce" {
  for_each = {
    for r in data.webex_recordings.weekly_sync.recordings : r.id => {
      topic        = r.topic
      playback_url = r.playback_url
    } if r.format == "MP4"
  }

  input = each.value
}

output "recent_topics" {
  value = data.webex_recordings.recent.recordings[*].topic
}
