package localinstall

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestRemoveOtherBuilds(t *testing.T) {
	dir := t.TempDir()
	versions := []string{"0.1.0", "0.1.0+aaa", "0.1.0+bbb", "0.1.0-dev", "0.1.1", "0.10.0+ccc"}
	for _, host := range Hosts {
		for _, v := range versions {
			if err := os.MkdirAll(filepath.Join(dir, host, Namespace, Type, v, "linux_amd64"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	removed, err := RemoveOtherBuilds(dir, "0.1.0", "0.1.0+bbb")
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 2*len(Hosts) {
		t.Errorf("removed %v, want 0.1.0 and 0.1.0+aaa under every host", removed)
	}
	for _, host := range Hosts {
		entries, err := os.ReadDir(filepath.Join(dir, host, Namespace, Type))
		if err != nil {
			t.Fatal(err)
		}
		var left []string
		for _, e := range entries {
			left = append(left, e.Name())
		}
		// Other releases and prereleases stay; so does the build kept.
		if want := []string{"0.1.0+bbb", "0.1.0-dev", "0.1.1", "0.10.0+ccc"}; !slices.Equal(left, want) {
			t.Errorf("%s: left %v, want %v", host, left, want)
		}
	}
	if _, err := RemoveOtherBuilds(t.TempDir(), "0.1.0", "0.1.0+bbb"); err != nil {
		t.Errorf("an empty plugin directory: %v", err)
	}
}
