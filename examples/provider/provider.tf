# The token is best left out of the configuration: set WEBEX_ACCESS_TOKEN.
provider "webex" {
  # Optional: times in this zone instead of UTC.
  timezone = "Europe/Berlin"

  # Webex for Government (FedRAMP):
  # base_url = "https://api-usgov.webex.com/v1"

  # Ride out rate limits and bad minutes longer than the defaults.
  max_retries     = 10
  request_timeout = "30s"
  retry_timeout   = "10m"
}
