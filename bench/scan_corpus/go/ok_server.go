package main

import (
	"html/template"
	"log"
	"net/http"
	"os"
)

var page = template.Must(template.New("p").Parse(`<h1>Hello {{.}}</h1>`))

func hello(w http.ResponseWriter, r *http.Request) {
	page.Execute(w, r.URL.Query().Get("name"))
}

func main() {
	http.HandleFunc("/hello", hello)
	http.HandleFunc("/favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, "static/favicon.ico")
	})
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	log.Fatal(http.ListenAndServe(addr, nil))
}
