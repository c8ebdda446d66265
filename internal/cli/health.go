package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// runHealth asks the local daemon for /healthz: the container's HEALTHCHECK
// runs the binary itself, since a minimal image has no curl or shell. It
// needs only the address: ARSHJUL_LISTEN, when neither --config nor
// ARSHJUL_CONFIG names a config, is enough (a container serving the
// example has none), and it reads or writes no database.
func runHealth(e *env) error {
	listen := os.Getenv("ARSHJUL_LISTEN")
	if listen == "" || e.opts.config != "" || os.Getenv("ARSHJUL_CONFIG") != "" {
		cfg, _, err := e.loadConfig(false)
		if err != nil {
			return err
		}
		listen = cfg.HTTP.Listen
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return err
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var doc struct{ Status, Version string }
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&doc); err != nil || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/healthz svarade %s", resp.Status)
	}
	// Degraded is a failure too: the daemon serves the last good state while
	// a file is broken, and the container should say so (unhealthy) until
	// an administrator fixes it.
	if doc.Status != "ok" {
		return fmt.Errorf("/healthz: %s (tjänsten visar senaste fungerande version; felen står i loggen och på /healthz?token=ADMIN)", doc.Status)
	}
	fmt.Fprintln(e.stdout, "ok", doc.Version)
	return nil
}
