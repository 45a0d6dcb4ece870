package main

import "syscall"

// childAttr puts children in their own process group, so a Ctrl-C in the
// terminal reaches only the harness, which then stops them in order, and
// kills them should the harness itself die.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
