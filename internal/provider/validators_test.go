package provider

import (
	"archive/zip"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateTimeZones = flag.Bool("update-time-zones", false, "rewrite iana_time_zones.txt from the Go toolchain's zoneinfo.zip")

// TestIANATimeZones_matchGo keeps iana_time_zones.txt in step with the
// time zone database of the Go that builds the provider (time/tzdata
// embeds the same zoneinfo.zip). After a Go upgrade, run
// `go test ./internal/provider -run TestIANATimeZones_matchGo -update-time-zones`.
func TestIANATimeZones_matchGo(t *testing.T) {
	goroot, err := exec.CommandContext(t.Context(), "go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	zipPath := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "time", "zoneinfo.zip")
	r, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatalf("reading Go's time zone database: %v", err)
	}
	defer r.Close()
	var want []string
	for _, f := range r.File {
		if f.Name != "Factory" {
			want = append(want, f.Name)
		}
	}
	slices.Sort(want)
	if *updateTimeZones {
		if err := os.WriteFile("iana_time_zones.txt", []byte(strings.Join(want, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := strings.Fields(ianaTimeZoneList); !slices.Equal(got, want) {
		t.Errorf("iana_time_zones.txt (%d names) differs from %s (%d names); rerun with -update-time-zones", len(got), zipPath, len(want))
	}
}

func TestCheckTimezone(t *testing.T) {
	for _, name := range []string{"UTC", "Europe/Berlin", "America/Los_Angeles", "America/Argentina/Buenos_Aires", "US/Pacific", "Etc/GMT+5"} {
		if err := checkTimezone(name); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
	// Files of a zoneinfo directory and mistyped names are no zones,
	// whatever the machine has; where the meaning is plain, the error says
	// which name was meant.
	for name, suggestion := range map[string]string{
		"localtime":           "",
		"posixrules":          "",
		"Factory":             "",
		"Local":               "",
		"Mars/Olympus_Mons":   "",
		"posix/Europe/Berlin": "Europe/Berlin",
		"right/UTC":           "UTC",
		"./UTC":               "UTC",
		"Europe//Berlin":      "Europe/Berlin",
		"europe/berlin":       "Europe/Berlin",
		"Berlin":              "Europe/Berlin",
		"America/New York":    "America/New_York",
	} {
		err := checkTimezone(name)
		switch {
		case err == nil:
			t.Errorf("%q was accepted", name)
		case suggestion != "" && !strings.Contains(err.Error(), `did you mean "`+suggestion+`"?`):
			t.Errorf("%q: %v, want a suggestion of %s", name, err, suggestion)
		case suggestion == "" && strings.Contains(err.Error(), "did you mean"):
			t.Errorf("%q: %v, want no suggestion", name, err)
		}
	}
}
