//go:build !linux

package main

import "syscall"

// childAttr is never called: run refuses systems other than Linux.
func childAttr() *syscall.SysProcAttr { return nil }
