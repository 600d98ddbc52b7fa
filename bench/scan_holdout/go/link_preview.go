package preview

import (
	"crypto/sha1"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"regexp"
	"time"
)

var titleRe = regexp.MustCompile(`(?is)<title>(.*?)</title>`)

var client = &http.Client{
	Timeout: 8 * time.Second,
	Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	},
}

var cardTmpl = template.Must(template.New("card").Parse(
	`<div class="card"><a href="{{.URL}}">{{.Title}}</a><p>{{.Snippet}}</p></div>`))

type Card struct {
	URL     string
	Title   template.HTML
	Snippet string
}

// PreviewHandler renders a link card for ?url=...
func PreviewHandler(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	resp, err := client.Get(target)
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))

	title := target
	if m := titleRe.FindSubmatch(body); m != nil {
		title = string(m[1])
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("ETag", cacheKey(target))
	cardTmpl.Execute(w, Card{URL: target, Title: template.HTML(title), Snippet: fmt.Sprintf("%d bytes", len(body))})
}

// cacheKey is a short ETag for the rendered card (not a security boundary).
func cacheKey(u string) string {
	h := sha1.New()
	h.Write([]byte("card-v1:" + u))
	return hex.EncodeToString(h.Sum(nil))
}
