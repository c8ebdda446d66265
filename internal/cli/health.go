package cli

import (
	"fmt"
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
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/healthz svarade %s", resp.Status)
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}
