package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"database/sql"
	"encoding/hex"
	"net/http"
	"os/exec"
	"time"
)

type Store struct{ db *sql.DB }

func (s *Store) UserByName(ctx context.Context, name string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM users WHERE name = $1", name).Scan(&id)
	return id, err
}

func Token() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func Checksum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func GitHead(ctx context.Context, dir string) ([]byte, error) {
	return exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "HEAD").Output()
}

var Client = &http.Client{
	Timeout:   10 * time.Second,
	Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}},
}
