# The token is best left out of the configuration: set WEBEX_ACCESS_TOKEN.
provider "webex" {
  # Optional: times in this zone instead of UTC.
  timezone = "Europe/Berlin"

  # Webex for Government (FedRAMP):
  # base_url = "https://api-usgov.webex.com/v1"

  # Ride out rate limits and bad minutes longer than the defaults
  # (10 retries, 30s an attempt, 5m a read).
  max_retries     = 20
  request_timeout = "60s"
  retry_timeout   = "15m"
}
