package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// serve answers /healthz on the configured address and, when its context
// ends (SIGTERM in production), stops cleanly and returns nil.
func TestServeAnswersAndShutsDownGracefully(t *testing.T) {
	cleanEnv(t, "")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg := defaultConfig()
	cfg.DatabaseURL = tempDB(t)
	cfg.Addr = addr
	cfg.LogLevel = "error"
	cfg.ShutdownTimeout = 5 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg) }()

	var body string
	for i := 0; i < 100; i++ {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			body = string(b)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(body, `"status": "ok"`) {
		t.Fatalf("healthz answered %q", body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of its context ending")
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("still answering after shutdown")
	}
}
