package main

import (
	"archive/zip"
	"bytes"
	"context"
	"debug/buildinfo"
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// modulePath is the module the provider binary must be built from.
const modulePath = "github.com/webex-terraform/terraform-provider-webex"

// checkZip checks that the archive opens and holds the provider binary at
// its root as a non-empty, executable file.
func checkZip(path, binaryName string) error {
	r, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer r.Close()
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
		if f.Name != binaryName {
			continue
		}
		switch {
		case !f.Mode().IsRegular():
			return fmt.Errorf("%s is not a regular file", f.Name)
		case f.UncompressedSize64 == 0:
			return fmt.Errorf("%s is empty", f.Name)
		case !strings.HasSuffix(f.Name, ".exe") && f.Mode().Perm()&0o111 == 0:
			return fmt.Errorf("%s is not executable (mode %v)", f.Name, f.Mode())
		}
		return nil
	}
	return fmt.Errorf("holds no %s at its root (it holds %s)", binaryName, strings.Join(names, ", "))
}

// checkBinary checks the linux/amd64 provider binary: built from this
// module, static and trimmed, and carrying version in main.version.
//
// The provider prints nothing for -version, and `go version -m` does not
// show the -ldflags of a -trimpath build (the go command leaves them out,
// golang.org/issue/52372), so the version is found in the binary itself:
// a string header (pointer, length) in its data that points at the bytes
// of the version. That is what `-X main.version=<version>` leaves; without
// it main.version is "dev" and no such header exists.
func checkBinary(path, version string) (string, error) {
	info, err := buildinfo.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("not a Go binary with build information: %w", err)
	}
	if info.Main.Path != modulePath {
		return "", fmt.Errorf("built from module %q, want %q", info.Main.Path, modulePath)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	for key, want := range map[string]string{"GOOS": "linux", "GOARCH": "amd64", "CGO_ENABLED": "0", "-trimpath": "true"} {
		if settings[key] != want {
			return "", fmt.Errorf("build setting %s=%q, want %q", key, settings[key], want)
		}
	}
	// Recorded only for builds without -trimpath; check it when it is there.
	if ldflags, ok := settings["-ldflags"]; ok && !strings.Contains(ldflags, "-X main.version="+version) {
		return "", fmt.Errorf("-ldflags %q do not set main.version to %s", ldflags, version)
	}

	found, err := hasStringValue(path, version)
	if err != nil {
		return "", err
	}
	if !found {
		return "", fmt.Errorf("no string in the binary holds the version %q: the release ldflags must set it with -X main.version={{ .Version }}", version)
	}
	detail := fmt.Sprintf("%s built with %s, CGO_ENABLED=0, -trimpath; main.version is %q", info.Main.Path, info.GoVersion, version)

	// Where the binary can run, make sure it does: a provider started
	// outside Terraform says it is a plugin and exits.
	if runtime.GOOS == "linux" && runtime.GOARCH == "amd64" {
		if err := runsAsPlugin(path); err != nil {
			return "", err
		}
		detail += "; it starts and says it is a plugin"
	}
	return detail, nil
}

// hasStringValue reports whether the ELF file holds a Go string header
// (8-byte pointer, 8-byte length, little-endian) for exactly value.
func hasStringValue(path, value string) (bool, error) {
	f, err := elf.Open(path)
	if err != nil {
		return false, fmt.Errorf("not an ELF binary: %w", err)
	}
	defer f.Close()
	if f.Class != elf.ELFCLASS64 || f.ByteOrder != binary.LittleEndian {
		return false, errors.New("not a 64-bit little-endian ELF binary")
	}
	type section struct {
		addr uint64
		data []byte
	}
	var sections []section
	for _, s := range f.Sections {
		if s.Type != elf.SHT_PROGBITS || s.Flags&elf.SHF_ALLOC == 0 {
			continue
		}
		data, err := s.Data()
		if err != nil {
			return false, fmt.Errorf("reading section %s: %w", s.Name, err)
		}
		sections = append(sections, section{s.Addr, data})
	}
	// Every address at which the value's bytes start.
	addrs := map[uint64]bool{}
	needle := []byte(value)
	for _, s := range sections {
		for off := 0; ; {
			i := bytes.Index(s.data[off:], needle)
			if i < 0 {
				break
			}
			addrs[s.addr+uint64(off+i)] = true
			off += i + 1
		}
	}
	if len(addrs) == 0 {
		return false, nil
	}
	// A pointer-aligned header pointing at one of them with the value's length.
	for _, s := range sections {
		start := (8 - s.addr%8) % 8
		for i := start; i+16 <= uint64(len(s.data)); i += 8 {
			ptr := binary.LittleEndian.Uint64(s.data[i:])
			if addrs[ptr] && binary.LittleEndian.Uint64(s.data[i+8:]) == uint64(len(value)) {
				return true, nil
			}
		}
	}
	return false, nil
}

// runsAsPlugin starts the binary outside Terraform; the plugin library
// refuses with a message and a non-zero exit.
func runsAsPlugin(path string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return errors.New("did not exit within 30s when started outside Terraform")
	}
	// It exits non-zero by design; any other failure means it did not run.
	if _, exited := errors.AsType[*exec.ExitError](err); err != nil && !exited {
		return fmt.Errorf("does not start: %w", err)
	}
	if !bytes.Contains(out, []byte("plugin")) {
		return fmt.Errorf("started outside Terraform, it said %q; want the plugin library's refusal", out)
	}
	return nil
}
