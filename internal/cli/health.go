package cli

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

// runHealth asks the local daemon for /healthz: the container's HEALTHCHECK
// runs the binary itself, since a minimal image has no curl or shell.
func runHealth(e *env) error {
	cfg, _, err := e.loadConfig(false)
	if err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(cfg.HTTP.Listen)
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
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/healthz svarade %s", resp.Status)
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}
