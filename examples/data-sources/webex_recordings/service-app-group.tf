# A service app with group recording access lists one host's recordings
# through Webex's List Group Recordings: the host's own recordings in the
# available status, on every site the app manages (or on site_url). Webex
# lists at most 30 days at once; the provider reads the quarter as four
# windows and returns one list. meeting_id and status are not allowed here.
data "webex_recordings" "jane_q2_2024" {
  group      = true
  host_email = "jane.doe@example.com"
  from       = "2024-04-01T00:00:00Z"
  to         = "2024-07-01T00:00:00Z"
}

# By Webex person id (here the raw UUID form), on one site, MP4 only, in
# the last 7 days (Webex's window when from and to are left out).
data "webex_recordings" "alice_recent_mp4" {
  group     = true
  person_id = "79f5f1a7-2336-5eb9-ab23-364b221eeaa5"
  site_url  = "site4-example.webex.com"
  format    = "MP4"
}

output "jane_q2_2024_topics" {
  value = data.webex_recordings.jane_q2_2024.recordings[*].topic
}

output "alice_recent_topics" {
  value = data.webex_recordings.alice_recent_mp4.recordings[*].topic
}
