//go:build generate

// Package tools holds the `go generate` steps of the repository; `make
// generate` runs them. The tools themselves are pinned in this directory's
// go.mod (its `tool` block) and run with `go tool`, so nothing is
// downloaded but Go modules.
package tools

// Render docs/ from templates/, examples/ and the provider schema. The
// provider is built from the repository root and its schema read with the
// Terraform CLI on PATH.
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name webex --rendered-provider-name Webex
