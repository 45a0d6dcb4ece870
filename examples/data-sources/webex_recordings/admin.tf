# Every recording of a site in the first quarter, for an admin
# (meeting:admin_recordings_read) or a compliance officer
# (spark-compliance:meetings_read). host_email is not allowed with admin.
# Webex lists at most 30 days at once for admins: the provider reads the
# quarter as four windows and returns one list.
data "webex_recordings" "site_q1" {
  admin    = true
  site_url = "site4-example.webex.com"
  from     = "2025-01-01T00:00:00Z"
  to       = "2025-04-01T00:00:00Z"
}

# Only a compliance officer can list recordings purged from the recycle bin.
data "webex_recordings" "purged_february" {
  admin  = true
  status = "purged"
  from   = "2025-02-01T00:00:00Z"
  to     = "2025-03-01T00:00:00Z"
}

# Who recorded what: the admin list names each recording's host.
output "q1_recordings_by_host" {
  value = {
    for r in data.webex_recordings.site_q1.recordings : r.host_display_name => r.topic...
  }
}
