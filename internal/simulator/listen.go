package simulator

import (
	"cmp"
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Running is a simulator serving on a real socket, for the standalone
// command and for demo programs that need a live base URL.
type Running struct {
	Sim     *Server // the simulator being served; configure faults on it at will
	Addr    string  // the bound host:port
	BaseURL string  // the URL to give the client, e.g. "http://127.0.0.1:PORT/v1"

	srv  *http.Server
	done chan error
}

// Listen starts a fresh simulator on addr ("127.0.0.1:0" when empty, picking
// a free loopback port) and serves it in the background until Close.
func Listen(addr string) (*Running, error) {
	ln, err := net.Listen("tcp", cmp.Or(addr, "127.0.0.1:0"))
	if err != nil {
		return nil, err
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1" // a wildcard address is reached through loopback
	}
	run := &Running{
		Sim:     New(),
		Addr:    ln.Addr().String(),
		BaseURL: "http://" + net.JoinHostPort(host, port) + PathPrefix,
		done:    make(chan error, 1),
	}
	run.srv = &http.Server{
		Handler:           run.Sim,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      10 * time.Minute, // generous, for latency and hanging token requests
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	go func() {
		err := run.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		run.done <- err
		close(run.done)
	}()
	return run, nil
}

// Done delivers the serve loop's error (nil after Close) once it stops.
func (r *Running) Done() <-chan error { return r.done }

// Shutdown stops accepting connections and waits for active requests until
// ctx ends, then closes the remaining connections.
func (r *Running) Shutdown(ctx context.Context) error {
	err := r.srv.Shutdown(ctx)
	if err != nil {
		_ = r.srv.Close()
	}
	return err
}

// Close shuts the server down gracefully, waiting at most five seconds.
func (r *Running) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return r.Shutdown(ctx)
}
