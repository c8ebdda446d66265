package mail

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	gomail "github.com/wneessen/go-mail"
)

//go:embed templates/digest.txt templates/digest.html
var templateFS embed.FS

var funcs = map[string]any{"join": func(s []string) string { return strings.Join(s, ", ") }}

// Parsed once: a broken template fails the tests and the start, not a run.
var (
	textTemplate = texttemplate.Must(texttemplate.New("digest.txt").Funcs(funcs).ParseFS(templateFS, "templates/digest.txt"))
	htmlTemplate = htmltemplate.Must(htmltemplate.New("digest.html").Funcs(funcs).ParseFS(templateFS, "templates/digest.html"))
)

// MessageID makes a stable Message-ID from what identifies a digest (the
// run and the recipient), on the sender's domain: a message sent again after
// a crash keeps its id, so that mail systems can tell it is the same.
func MessageID(from string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	domain := "arshjul.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 {
		domain = strings.Trim(from[at+1:], "> ")
	}
	return hex.EncodeToString(h.Sum(nil)[:16]) + "@" + domain
}

// AttachmentError lists the .ics files a composed message went without.
// The message itself is good and is returned with it.
type AttachmentError struct{ Errs []error }

func (e *AttachmentError) Error() string {
	return fmt.Sprintf("mail: %d calendar files left out; the first: %v", len(e.Errs), e.Errs[0])
}

// Compose renders d as a complete RFC 5322 message from from. A calendar
// file that cannot be made is left out (with an *AttachmentError beside
// the message) rather than holding back the reminder.
func Compose(from string, d *Digest) ([]byte, error) {
	var skipped []error
	view := struct {
		*Digest
		Subject string
	}{d, d.Subject()}
	var text, html bytes.Buffer
	if err := textTemplate.Execute(&text, view); err != nil {
		return nil, fmt.Errorf("mail: text template: %w", err)
	}
	if err := htmlTemplate.Execute(&html, view); err != nil {
		return nil, fmt.Errorf("mail: html template: %w", err)
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := m.From(from); err != nil {
		return nil, fmt.Errorf("mail: from %q: %w", from, err)
	}
	if err := m.To(d.To); err != nil {
		return nil, fmt.Errorf("mail: to %q: %w", d.To, err)
	}
	m.Subject(view.Subject)
	m.SetMessageIDWithValue(d.MessageID)
	m.SetDateWithValue(d.Date)
	// RFC 3834: automatic mail; and no out-of-office replies from Exchange.
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetBulk()
	m.SetGenHeader("X-Mailer", "arshjul")
	m.SetBodyString(gomail.TypeTextPlain, text.String())
	m.AddAlternativeString(gomail.TypeTextHTML, html.String())
	for _, a := range d.Upcoming[:d.CalendarFiles()] {
		if a.ICS == nil {
			continue
		}
		ics, err := a.ICS()
		if err != nil {
			// The reminder still goes, without this one file.
			skipped = append(skipped, fmt.Errorf("calendar file for %s: %w", a.ID, err))
			continue
		}
		err = m.AttachReader(a.ICSName, bytes.NewReader(ics),
			gomail.WithFileContentType("text/calendar; method=PUBLISH; charset=utf-8"))
		if err != nil {
			return nil, fmt.Errorf("mail: attach %s: %w", a.ICSName, err)
		}
	}
	var out bytes.Buffer
	if _, err := m.WriteTo(&out); err != nil {
		return nil, fmt.Errorf("mail: write message: %w", err)
	}
	if len(skipped) > 0 {
		return out.Bytes(), &AttachmentError{Errs: skipped}
	}
	return out.Bytes(), nil
}
