package links_test

import (
	"testing"

	"github.com/avesta-kommun/arshjul/internal/links"
)

func TestLinks(t *testing.T) {
	tok := "q3JxW0Xc5pI2p8Cj9dYrTq0bC4vN-eL_"
	for _, c := range []struct{ base, got, want string }{
		{"http://localhost:8080", links.New("http://localhost:8080").Abs(links.New("http://localhost:8080").Feed(tok, "hr")), "http://localhost:8080/feeds/" + tok + "/hr.ics"},
		{"https://x.se/arshjul/", links.New("https://x.se/arshjul/").Wheel("", "vatten-avfall"), "/arshjul/wheel/vatten-avfall"},
		{"https://x.se/arshjul", links.New("https://x.se/arshjul").Abs(links.New("https://x.se/arshjul").PublicFeed()), "https://x.se/arshjul/feeds/public.ics"},
		{"https://x.se", links.New("https://x.se").Item(tok, "hr", "enkät 2026"), "/wheel/" + tok + "/hr/item/enk%C3%A4t%202026"},
		{"https://x.se", links.New("https://x.se").FollowUp("hr/enkat/2026-10-05", "a+b/c"), "/followups/hr/enkat/2026-10-05?sig=a%2Bb%2Fc"},
		{"https://x.se", links.New("https://x.se").Overview(tok, true), "/admin/" + tok + "/followups.csv"},
		{"https://x.se", links.Webcal("https://x.se/feeds/public.ics"), "webcal://x.se/feeds/public.ics"},
		{"https://x.se", links.New("https://x.se").TokenPage(tok), "/t/" + tok},
		{"https://x.se", links.New("https://x.se").WheelPicture(tok, "all"), "/wheel/" + tok + "/all.svg"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %s, want %s", c.base, c.got, c.want)
		}
	}
}
