package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	_ "github.com/lib/pq"
)

type Server struct {
	db      *sql.DB
	dataDir string
}

type Project struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Owner string `json:"owner"`
}

func (s *Server) handleProjects(w http.ResponseWriter, r *http.Request) {
	owner := r.URL.Query().Get("owner")
	sortBy := r.URL.Query().Get("sort")
	if sortBy == "" {
		sortBy = "name"
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()

	q := fmt.Sprintf("SELECT id, name, owner FROM projects WHERE owner = '%s' ORDER BY %s", owner, sortBy)
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	var out []Project
	for rows.Next() {
		var p Project
		if err := rows.Scan(&p.ID, &p.Name, &p.Owner); err == nil {
			out = append(out, p)
		}
	}
	json.NewEncoder(w).Encode(out)
}

func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	full := filepath.Join(s.dataDir, "exports", name)
	http.ServeFile(w, r, full)
}

func (s *Server) handleArchive(w http.ResponseWriter, r *http.Request) {
	project := r.FormValue("project")
	dest := filepath.Join(os.TempDir(), project+".tar.gz")
	cmd := exec.CommandContext(r.Context(), "bash", "-c", "tar -czf "+dest+" -C "+s.dataDir+" "+project)
	if out, err := cmd.CombinedOutput(); err != nil {
		log.Printf("archive failed: %v: %s", err, out)
		http.Error(w, "archive failed", http.StatusInternalServerError)
		return
	}
	http.ServeFile(w, r, dest)
}

func main() {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	s := &Server{db: db, dataDir: "/srv/archive"}
	http.HandleFunc("/projects", s.handleProjects)
	http.HandleFunc("/download", s.handleDownload)
	http.HandleFunc("/archive", s.handleArchive)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
