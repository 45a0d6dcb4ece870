# The five newest recordings of Jira issue SUP-1234's meetings, in the
# recycle bin. Filters combine: every one given must match.
data "webex_recordings" "sup_1234_deleted" {
  integration_tag = "SUP-1234"
  status          = "deleted"
  max_results     = 5
}

# An admin lists one host's recordings (needs meeting:admin_recordings_read).
data "webex_recordings" "hosted_by_alice" {
  host_email = "alice@example.com"
  from       = "2025-03-15T00:00:00Z"
  to         = "2025-03-29T00:00:00Z"
}
