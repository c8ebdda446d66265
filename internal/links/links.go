// Package links builds every address the service hands out, in pages,
// e-mails and on the command line, from the configured base_url: one
// place knows the routes' shapes and how each part is escaped.
package links

import (
	"net/url"
	"strconv"
	"strings"
)

// Links builds addresses under one base URL.
type Links struct {
	origin string // scheme://host[:port]
	prefix string // the base URL's path, without a trailing slash: "" or "/arshjul"
}

// New takes the base URL as the config has it (validated there: http or
// https, a host, no query).
func New(baseURL string) Links {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || u.Host == "" {
		return Links{origin: strings.TrimRight(baseURL, "/")}
	}
	return Links{origin: u.Scheme + "://" + u.Host, prefix: strings.TrimRight(u.EscapedPath(), "/")}
}

// Abs makes a path from one of the methods below a full address, for
// e-mail, the command line and calendar clients.
func (l Links) Abs(path string) string { return l.origin + path }

// Home is the start page.
func (l Links) Home() string { return l.prefix + "/" }

// Static is an embedded asset.
func (l Links) Static(name string) string { return l.prefix + "/static/" + name }

// Feed is a unit's feed, or (scope "all") every unit's, opened by token.
func (l Links) Feed(token, scope string) string {
	return l.prefix + "/feeds/" + url.PathEscape(token) + "/" + url.PathEscape(scope) + ".ics"
}

// PublicFeed is the feed of every public unit's public items.
func (l Links) PublicFeed() string { return l.prefix + "/feeds/public.ics" }

// PublicUnitFeed is the feed of one public unit's public items.
func (l Links) PublicUnitFeed(unitID string) string {
	return l.prefix + "/feeds/public/" + unitID + ".ics"
}

// TokenPage is the start page for a token: a unit's staff, or the admins.
func (l Links) TokenPage(token string) string { return l.prefix + "/t/" + url.PathEscape(token) }

// Wheel is a wheel page: name is a unit, "all" or "public"; token is empty
// for what anyone may see.
func (l Links) Wheel(token, name string) string { return l.wheelBase(token) + url.PathEscape(name) }

// Embed is a unit's wheel made small for a frame on another site; token
// is empty for a public unit.
func (l Links) Embed(token, unit string) string {
	if token == "" {
		return l.prefix + "/embed/" + url.PathEscape(unit)
	}
	return l.prefix + "/embed/" + url.PathEscape(token) + "/" + url.PathEscape(unit)
}

// WheelPicture is the wheel as an SVG file alone.
func (l Links) WheelPicture(token, name string) string { return l.Wheel(token, name) + ".svg" }

// Item is an item's page, within the way in (token or none) it was found.
func (l Links) Item(token, unit, item string) string {
	return l.wheelBase(token) + url.PathEscape(unit) + "/item/" + url.PathEscape(item)
}

func (l Links) wheelBase(token string) string {
	if token == "" {
		return l.prefix + "/wheel/"
	}
	return l.prefix + "/wheel/" + url.PathEscape(token) + "/"
}

// FollowUp is a follow-up's mark-done page; sig is its signed link's
// signature (package linksig).
func (l Links) FollowUp(id, sig string) string {
	segs := strings.Split(id, "/")
	for i := range segs {
		segs[i] = url.PathEscape(segs[i])
	}
	p := l.prefix + "/followups/" + strings.Join(segs, "/")
	if sig != "" {
		p += "?sig=" + url.QueryEscape(sig)
	}
	return p
}

// Overview is the admins' follow-up overview; csv gives the spreadsheet.
func (l Links) Overview(token string, csv bool) string {
	p := l.prefix + "/admin/" + url.PathEscape(token) + "/followups"
	if csv {
		p += ".csv"
	}
	return p
}

// Report is the programme report for the admins (year 0: the whole
// programme; unit "": every unit); csv gives the spreadsheet.
func (l Links) Report(token string, csv bool, year int, unit string) string {
	p := l.prefix + "/admin/" + url.PathEscape(token) + "/report"
	if csv {
		p += ".csv"
	}
	q := url.Values{}
	if year != 0 {
		q.Set("year", strconv.Itoa(year))
	}
	if unit != "" {
		q.Set("unit", unit)
	}
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

// History is a unit's history page (csv: the spreadsheet, for admins).
func (l Links) History(unit string, csv bool) string {
	p := l.prefix + "/history/" + url.PathEscape(unit)
	if csv {
		p += ".csv"
	}
	return p
}

// Edit is a unit's editor page; EditNew its form for a new item;
// EditItem an item's form.
func (l Links) Edit(unit string) string    { return l.prefix + "/edit/" + url.PathEscape(unit) }
func (l Links) EditNew(unit string) string { return l.Edit(unit) + "/new" }

// Workbook is a unit's aktivitetsplan as an Excel workbook; Upload takes
// one back.
func (l Links) Workbook(unit string) string { return l.Edit(unit) + "/aktivitetsplan.xlsx" }
func (l Links) Upload(unit string) string   { return l.Edit(unit) + "/upload" }
func (l Links) EditItem(unit, item string) string {
	return l.Edit(unit) + "/item/" + url.PathEscape(item)
}

// Login is the sign-in page.
func (l Links) Login() string { return l.prefix + "/login" }

// LoginLink is the e-mailed sign-in link: a page with a button.
func (l Links) LoginLink(tok string) string {
	return l.prefix + "/login/link?t=" + url.QueryEscape(tok)
}

// Me is the signed-in person's own page, "Mina aktiviteter"; its feed
// forms post under it.
func (l Links) Me() string { return l.prefix + "/me" }

// MeFeed is where the forms that make and end the personal feed post.
func (l Links) MeFeed() string { return l.Me() + "/feed" }

// Logout is where the sign-out form posts.
func (l Links) Logout() string { return l.prefix + "/logout" }

// Prefix is the base URL's path ("" or "/arshjul"): the cookies' Path.
func (l Links) Prefix() string {
	if l.prefix == "" {
		return "/"
	}
	return l.prefix
}

// Secure reports whether the service is reached over https: its cookies
// are then sent only there.
func (l Links) Secure() bool { return strings.HasPrefix(l.origin, "https://") }

// Webcal is a feed's address for Apple's calendars, which subscribe to
// webcal:// links.
func Webcal(abs string) string {
	for _, p := range []string{"https://", "http://"} {
		if rest, ok := strings.CutPrefix(abs, p); ok {
			return "webcal://" + rest
		}
	}
	return abs
}

// OutlookWeb adds a feed in Outlook on the web with one click.
func OutlookWeb(abs, name string) string {
	return "https://outlook.office.com/calendar/0/addfromweb?url=" + url.QueryEscape(abs) + "&name=" + url.QueryEscape(name)
}
