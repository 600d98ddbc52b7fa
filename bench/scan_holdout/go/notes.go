package notes

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"html/template"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

var page = template.Must(template.New("note").Parse(
	`<h1>{{.Title}}</h1><div class="body">{{.Body}}</div>`))

type Store struct {
	DB      *sql.DB
	FileDir string
}

type Note struct {
	Title string
	Body  string
}

func NewID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func (s *Store) Show(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	var n Note
	err := s.DB.QueryRowContext(ctx, "SELECT title, body FROM notes WHERE id = $1 AND owner = $2",
		r.URL.Query().Get("id"), r.Header.Get("X-User")).Scan(&n.Title, &n.Body)
	if errors.Is(err, sql.ErrNoRows) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, "lookup failed", http.StatusInternalServerError)
		return
	}
	_ = page.Execute(w, n)
}

func (s *Store) Attachment(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(filepath.Clean("/" + r.URL.Query().Get("name")))
	full := filepath.Join(s.FileDir, name)
	if !strings.HasPrefix(full, filepath.Clean(s.FileDir)+string(filepath.Separator)) {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	http.ServeFile(w, r, full)
}

func (s *Store) ExportPDF(ctx context.Context, htmlPath, outPath string) error {
	cmd := exec.CommandContext(ctx, "wkhtmltopdf", "--quiet", "--", htmlPath, outPath)
	return cmd.Run()
}
