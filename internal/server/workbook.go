package server

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// The aktivitetsplan in Excel: the download, and the upload's two steps
// (the checked preview; its confirmation, which alone stores).

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

type uploadPage struct {
	P    *app.UploadPreview
	CSRF string
}

func (s *Server) handleWorkbook(w http.ResponseWriter, r *http.Request) {
	mall, err := choice(r.URL.Query(), "mall", "0", "1")
	if err != nil {
		s.fail(w, err)
		return
	}
	data, name, err := s.core.Workbook(r.Context(), s.session(r), r.PathValue("unit"), mall == "1")
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", xlsxType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	w.Write(data)
}

// handleUpload is the upload form (multipart: a workbook to check and
// preview) or its confirmation (a form naming the checked upload).
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	unit := r.PathValue("unit")
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		if !s.form(w, r) {
			return
		}
		p, err := s.core.ConfirmUpload(r.Context(), s.session(r), unit, r.PostForm.Get("upload"))
		s.uploadAnswer(w, r, p, err)
		return
	}
	if err := s.core.MayEdit(r.Context(), s.session(r), unit); err != nil {
		s.editFail(w, r, err)
		return
	}
	// The workbook and the few fields beside it, in memory: past the limit
	// the answer says so instead of reading on.
	r.Body = http.MaxBytesReader(w, r.Body, app.MaxUpload+64<<10)
	if err := r.ParseMultipartForm(app.MaxUpload + 64<<10); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			s.uploadAnswer(w, r, nil, &app.Invalid{Msg: "Filen är större än 4 MB, långt mer än en aktivitetsplan. Dela upp arbetsboken, eller ta bort bilder och andra blad ur den."})
			return
		}
		http.Error(w, "formuläret kunde inte läsas", http.StatusBadRequest)
		return
	}
	defer r.MultipartForm.RemoveAll()
	if !s.csrfHolds(w, r) {
		return
	}
	f, hdr, err := r.FormFile("workbook")
	if err != nil {
		s.uploadAnswer(w, r, nil, &app.Invalid{Msg: "Välj en arbetsbok (.xlsx) att ladda upp."})
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, app.MaxUpload+1))
	if err != nil {
		s.fail(w, err)
		return
	}
	name := uploadName(hdr.Filename)
	p, err := s.core.PreviewUpload(r.Context(), s.session(r), unit, name, data)
	s.uploadAnswer(w, r, p, err)
}

func (s *Server) uploadAnswer(w http.ResponseWriter, r *http.Request, p *app.UploadPreview, err error) {
	var inv *app.Invalid
	if errors.As(err, &inv) {
		p, err = &app.UploadPreview{Name: "–", EditURL: s.core.Links().Edit(r.PathValue("unit")),
			Problems: []app.UploadRow{{Where: "Arbetsboken", Problems: []app.UploadCell{{Msg: inv.Msg}}}}}, nil
	}
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	code := http.StatusOK
	if len(p.Problems) > 0 {
		code = http.StatusUnprocessableEntity
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, code, "upload.html", &uploadPage{P: p, CSRF: s.csrfToken(w, r)})
}

// uploadName is the uploaded file's name as the preview and the history
// show it: its last part (old Windows browsers sent the whole path), no
// control characters, at most 80 characters.
func uploadName(s string) string {
	s = path.Base(strings.ReplaceAll(s, `\`, "/"))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80])
	}
	if s == "" || s == "." || s == "/" {
		s = "arbetsbok.xlsx"
	}
	return s
}
