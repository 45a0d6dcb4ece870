//go:build !linux

package main

import (
	"errors"
	"syscall"
	"time"
)

// The harness reads CPU time and peak RSS from /proc.
var errNotLinux = errors.New("the benchmarks read /proc and run on Linux only")

func checkPlatform() error                         { return errNotLinux }
func childAttr() *syscall.SysProcAttr              { return nil }
func processCPU(int, int64) (time.Duration, error) { return 0, errNotLinux }
func peakRSS(int) (int64, error)                   { return 0, errNotLinux }
func cpuModel() string                             { return "unknown" }
func memTotal() string                             { return "unknown" }
func loadAverage() string                          { return "unknown" }
