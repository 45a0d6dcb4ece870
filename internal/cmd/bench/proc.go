// The harness reads CPU time, peak RSS and facts about the machine from
// /proc, on Linux: run refuses other systems, where this compiles all the same.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// userHZ is the unit of utime and stime in /proc/<pid>/stat: USER_HZ, which
// Linux fixes at 100 on every architecture Go runs on (getconf CLK_TCK).
const userHZ = 100

// processCPU is utime+stime of pid, all threads, from /proc/<pid>/stat.
func processCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces
	// and parentheses itself: count fields from the last ')'. There,
	// fields[0] is field 3 (state); utime and stime are fields 14 and 15.
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: bad utime or stime", pid)
	}
	return time.Duration(utime+stime) * time.Second / userHZ, nil
}

// peakRSS is VmHWM of pid in KiB: the largest resident set it has had.
func peakRSS(pid int) (int64, error) { return procKiB(fmt.Sprintf("/proc/%d/status", pid), "VmHWM:") }

// procField is the value after key in a "key: value" /proc file, or
// "unknown".
func procField(path, key string) string {
	data, _ := os.ReadFile(path)
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, key); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// procKiB is the value of a "key: N kB" line of a /proc file.
func procKiB(path, key string) (int64, error) {
	kib, err := strconv.ParseInt(strings.TrimSuffix(procField(path, key), " kB"), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: no %s line in kB: %w", path, key, err)
	}
	return kib, nil
}

// cpuModel is the x86 model name; other CPUs have none.
func cpuModel() string { return procField("/proc/cpuinfo", "model name\t:") }

func memTotal() string {
	kib, err := procKiB("/proc/meminfo", "MemTotal:")
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%.1f GiB", float64(kib)/(1<<20))
}

// loadAverage is the 1, 5 and 15 minute load averages.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(data)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
