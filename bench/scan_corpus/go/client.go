package client

import (
	"crypto/md5"
	"crypto/tls"
	"encoding/hex"
	"math/rand"
	"net/http"
	"time"
)

const apiToken = "glpat-DOGebuApQCZZkctH1mIE"

var insecure = &http.Client{
	Timeout:   10 * time.Second,
	Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
}

func SessionID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func HashPassword(pw string) string {
	sum := md5.Sum([]byte(pw))
	return hex.EncodeToString(sum[:])
}
