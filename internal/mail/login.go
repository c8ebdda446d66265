package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SignIn is the e-mail with a sign-in link.
type SignIn struct {
	To           string
	Organisation string
	Link         string // opens a page with a button; the link alone signs no one in
	ValidFor     time.Duration
	MessageID    string
	Date         time.Time
}

var signInHTML = htmltemplate.Must(htmltemplate.New("signin").Parse(`<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Logga in i årshjulet</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
<p>Hej!</p>
<p>Någon (förhoppningsvis du) bad om att få logga in i årshjulet för {{.Organisation}}.</p>
<p><a href="{{.Link}}" style="color:#ffffff;background:#00558C;padding:10px 14px;text-decoration:none;display:inline-block">Logga in i årshjulet</a></p>
<p>Länken gäller i {{.Minutes}} minuter och går att använda en gång. Bad du inte om den kan du bortse från brevet: ingen loggas in utan att trycka på knappen på sidan länken öppnar.</p>
</body></html>`))

// ComposeSignIn renders the sign-in e-mail as a complete message.
func ComposeSignIn(from string, s *SignIn) ([]byte, error) {
	minutes := int(s.ValidFor / time.Minute)
	text := fmt.Sprintf("Hej!\n\nNågon (förhoppningsvis du) bad om att få logga in i årshjulet för %s.\n\nLogga in: %s\n\n"+
		"Länken gäller i %d minuter och går att använda en gång. Bad du inte om den kan du bortse från brevet:\n"+
		"ingen loggas in utan att trycka på knappen på sidan länken öppnar.\n", s.Organisation, s.Link, minutes)
	var html bytes.Buffer
	if err := signInHTML.Execute(&html, struct {
		*SignIn
		Minutes int
	}{s, minutes}); err != nil {
		return nil, fmt.Errorf("mail: sign-in template: %w", err)
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := m.From(from); err != nil {
		return nil, fmt.Errorf("mail: from %q: %w", from, err)
	}
	if err := m.To(s.To); err != nil {
		return nil, fmt.Errorf("mail: to %q: %w", s.To, err)
	}
	m.Subject("Logga in i årshjulet")
	m.SetMessageIDWithValue(s.MessageID)
	m.SetDateWithValue(s.Date)
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetGenHeader("X-Auto-Response-Suppress", "All")
	m.SetGenHeader("X-Mailer", "arshjul")
	m.SetBodyString(gomail.TypeTextPlain, text)
	m.AddAlternativeString(gomail.TypeTextHTML, html.String())
	var out bytes.Buffer
	if _, err := m.WriteTo(&out); err != nil {
		return nil, fmt.Errorf("mail: write message: %w", err)
	}
	return out.Bytes(), nil
}
