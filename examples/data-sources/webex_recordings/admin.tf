# Every recording of a site in one 30-day window, for an admin
# (meeting:admin_recordings_read) or a compliance officer
# (spark-compliance:meetings_read). host_email is not allowed with admin,
# and from and to may be at most 30 days apart.
data "webex_recordings" "site_february" {
  admin    = true
  site_url = "example.webex.com"
  from     = "2025-02-01T00:00:00Z"
  to       = "2025-03-01T00:00:00Z"
}

# Only a compliance officer can list recordings purged from the recycle bin.
data "webex_recordings" "purged_february" {
  admin  = true
  status = "purged"
  from   = "2025-02-01T00:00:00Z"
  to     = "2025-03-01T00:00:00Z"
}

output "february_hosts" {
  value = distinct(data.webex_recordings.site_february.recordings[*].host_email)
}
