package simulator

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Running is a simulator serving on a real socket, for the standalone
// command and for demo programs that need a live base URL.
type Running struct {
	// Sim is the simulator being served; configure faults on it at will.
	Sim *Server
	// Addr is the bound host:port.
	Addr string
	// BaseURL is the URL to give the client, e.g. "http://127.0.0.1:PORT/v1".
	BaseURL string

	srv  *http.Server
	done chan error
}

// Listen starts a fresh simulator on addr ("127.0.0.1:0" when empty, picking
// a free loopback port) and serves it in the background until Close.
func Listen(addr string) (*Running, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	sim := New()
	run := &Running{
		Sim:     sim,
		Addr:    ln.Addr().String(),
		BaseURL: baseURL(ln.Addr()),
		srv: &http.Server{
			Handler:           sim,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			// Generous, so latency and hanging token requests are not cut short.
			WriteTimeout:   10 * time.Minute,
			IdleTimeout:    2 * time.Minute,
			MaxHeaderBytes: 64 << 10,
		},
		done: make(chan error, 1),
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

// baseURL turns the bound address into a client base URL, replacing a
// wildcard host with loopback.
func baseURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + PathPrefix
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + PathPrefix
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
