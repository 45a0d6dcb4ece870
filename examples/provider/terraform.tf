terraform {
  required_providers {
    webex = {
      source  = "webex-terraform/webex"
      version = "~> 0.1"
    }
  }
}
