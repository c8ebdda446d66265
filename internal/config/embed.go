package config

import (
	"net/url"
	"strings"
)

// embedOrigins reads http.embed_origins: each an origin as a browser
// sends it (scheme, host and port, nothing after), since
// frame-ancestors compares the framing page's origin alone and a path
// would make the admin believe one page is allowed when the whole site is.
func (v *validator) embedOrigins(list []string, line int) []string {
	var out []string
	for _, s := range list {
		u, err := url.Parse(s)
		switch {
		case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Hostname() == "":
			v.add(line, "http.embed_origins: %q är ingen webbplats; skriv t.ex. https://intranat.avesta.se", s)
		case u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(u.Host, " *;,'\""):
			v.add(line, "http.embed_origins: %q ska vara bara webbplatsen, utan sökväg, t.ex. %s://%s", s, u.Scheme, u.Host)
		default:
			out = append(out, u.Scheme+"://"+strings.ToLower(u.Host))
		}
	}
	return out
}

// envSuffix is a unit's id as an environment variable's tail, for the
// example in a message.
func envSuffix(id string) string {
	return strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(id))
}
