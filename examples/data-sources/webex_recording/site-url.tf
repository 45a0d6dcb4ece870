# Read the recording from a given Webex site (the siteUrl header) rather
# than from the site its id implies. site_url is a host name alone, without
# https:// or a path; it stays in the state as written.
data "webex_recording" "onboarding_on_site4" {
  id       = "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"
  site_url = "site4-example.webex.com"
}

output "onboarding_playback_url" {
  value = data.webex_recording.onboarding_on_site4.playback_url
}
