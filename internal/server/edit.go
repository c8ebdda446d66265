package server

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// The editor (SPEC: Sign-in and editing). Every action needs a session of
// someone who may edit the unit (checked by the core for each); without a
// session the answer is a 303 to sign in, without the right a 403.

type editItemPage struct {
	Form *app.EditForm
	CSRF string
	Bar  *personBar // who is signed in, with sign-out
	// Restored says the item was just taken back from the history.
	Restored bool
}

// itemPage is an editor's page of form f, with the person's bar.
func (s *Server) itemPage(w http.ResponseWriter, r *http.Request, f *app.EditForm) *editItemPage {
	return &editItemPage{Form: f, CSRF: s.csrfToken(w, r), Bar: s.personOf(w, r)}
}

// personOf is the bar of the person signed in, for a page made for them
// alone; nil when no one is. On the editor's own pages it links to the
// unit's history, not to the page itself.
func (s *Server) personOf(w http.ResponseWriter, r *http.Request) *personBar {
	p, ok, err := s.core.Who(r.Context(), s.session(r))
	if err != nil || !ok {
		return nil
	}
	b := s.personBar(w, r, p)
	b.Edit = ""
	return &b
}

func (s *Server) session(r *http.Request) string {
	return s.cookie(r, sessionCookie)
}

// editFail answers a refused editor request.
func (s *Server) editFail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, app.ErrSignInNeeded) {
		http.Redirect(w, r, s.core.Links().Login(), http.StatusSeeOther)
		return
	}
	if errors.Is(err, app.ErrForbidden) {
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, http.StatusForbidden, "loginlink.html", &LoginPage{Failed: true,
			Error: "Du får inte ändra den här enhetens årshjul. Be enhetens kommunikatör eller administratören om behörighet."})
		return
	}
	s.fail(w, err)
}

// editListPage is the unit's list, with the upload form's csrf token.
type editListPage struct {
	*app.EditList
	CSRF string
	// Removed is the id of what was just removed, for the page to say so.
	Removed string
	Bar     *personBar
}

func (s *Server) handleEdit(w http.ResponseWriter, r *http.Request) {
	l, err := s.core.Edit(r.Context(), s.session(r), r.PathValue("unit"))
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	page := &editListPage{EditList: l, CSRF: s.csrfToken(w, r), Bar: s.personOf(w, r)}
	if id := r.URL.Query().Get("borttagen"); wheel.ValidID(id) == nil {
		page.Removed = id
	}
	s.page(w, "edit.html", page, nil)
}

func (s *Server) handleEditNew(w http.ResponseWriter, r *http.Request) {
	kind, err := choice(r.URL.Query(), "kind", "plan")
	if err != nil {
		s.fail(w, err)
		return
	}
	f, err := s.core.NewItemForm(r.Context(), s.session(r), r.PathValue("unit"), kind == "plan")
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	s.page(w, "edititem.html", s.itemPage(w, r, f), nil)
}

func (s *Server) handleEditItem(w http.ResponseWriter, r *http.Request) {
	f, err := s.core.ItemForm(r.Context(), s.session(r), r.PathValue("unit"), r.PathValue("item"))
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	page := s.itemPage(w, r, f)
	page.Restored = r.URL.Query().Get("aterstalld") == "1"
	s.page(w, "edititem.html", page, nil)
}

// handleEditDelete asks before an item is removed: removing is a button
// on a page of its own, never one beside "Spara".
func (s *Server) handleEditDelete(w http.ResponseWriter, r *http.Request) {
	f, err := s.core.ItemForm(r.Context(), s.session(r), r.PathValue("unit"), r.PathValue("item"))
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	if f.File != "" {
		s.editFail(w, r, app.ErrForbidden)
		return
	}
	s.page(w, "deleteitem.html", s.itemPage(w, r, f), nil)
}

// handleEditPost saves (or, with action=delete, removes) an item: the
// form again with its problems (422), or, when someone else changed the
// item since the form was made (or took a new item's id), with what they
// did (409); stored, back to the list.
func (s *Server) handleEditPost(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	unit, item := r.PathValue("unit"), r.PathValue("item")
	if r.PostForm.Get("action") == "delete" && item != "" {
		f, err := s.core.DeleteItem(r.Context(), s.session(r), unit, item, r.PostForm.Get("version"))
		if err != nil {
			s.editFail(w, r, err)
			return
		}
		if f != nil {
			s.editAgain(w, r, f)
			return
		}
		http.Redirect(w, r, s.core.Links().Edit(unit)+"?borttagen="+url.QueryEscape(item), http.StatusSeeOther)
		return
	}
	fields, lists := editFields(r)
	if r.PostForm.Get("action") == "addrow" {
		f, err := s.core.MoreRows(r.Context(), s.session(r), unit, item, fields, lists)
		if err != nil {
			s.editFail(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, http.StatusOK, "edititem.html", s.itemPage(w, r, f))
		return
	}
	f, err := s.core.SaveItem(r.Context(), s.session(r), unit, item, fields, lists)
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	if f != nil {
		s.editAgain(w, r, f)
		return
	}
	http.Redirect(w, r, s.core.Links().Edit(unit), http.StatusSeeOther)
}

// editAgain shows a refused form again: 409 when it clashed with someone
// else's change, else 422 for its problems.
func (s *Server) editAgain(w http.ResponseWriter, r *http.Request, f *app.EditForm) {
	code := http.StatusUnprocessableEntity
	if f.Conflict != nil || f.Taken {
		code = http.StatusConflict
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, code, "edititem.html", s.itemPage(w, r, f))
}

// maxRows bounds a plan's activity rows read from one form.
const maxRows = 200

// editFields are a posted item's or plan's fields and lists, with every
// activity row it has (rows removed in the page leave gaps in their
// numbers).
func editFields(r *http.Request) (map[string]string, map[string][]string) {
	fields := map[string]string{}
	for _, k := range app.FormKeys() {
		fields[k] = r.PostForm.Get(k)
	}
	lists := map[string][]string{"audiences": r.PostForm["audiences"], "channels": r.PostForm["channels"]}
	for i := 0; i < maxRows; i++ {
		pre := "act" + strconv.Itoa(i) + "_"
		if _, ok := r.PostForm[pre+"title"]; !ok {
			continue
		}
		for _, k := range app.ActivityKeys() {
			fields[pre+k] = r.PostForm.Get(pre + k)
		}
		lists[pre+"channels"] = r.PostForm[pre+"channels"]
	}
	return fields, lists
}
