package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
)

// cuttingProxy forwards to the real MinIO but cuts every connection once
// more than limit bytes went towards MinIO: object storage failing mid-upload.
func cuttingProxy(t *testing.T, target string, limit int64) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				server, err := net.Dial("tcp", target)
				if err != nil {
					client.Close()
					return
				}
				var once sync.Once
				cut := func() { once.Do(func() { client.Close(); server.Close() }) }
				go func() { _, _ = io.Copy(client, server); cut() }()
				_, _ = io.Copy(server, io.LimitReader(client, limit))
				cut()
			}()
		}
	}()
	return ln.Addr().String()
}

func TestStorageFailingMidUploadLeavesNothingBehind(t *testing.T) {
	proxy := cuttingProxy(t, os.Getenv("LTC_MINIO_ENDPOINT"), 1<<20)
	s := startStackWith(t, map[string]string{"LTC_MINIO_ENDPOINT": proxy}, "serve")
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	w.id = created.body["id"].(string)

	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{' '}, 12<<20)...)
	r := s.upload(w.id, w.applicant, "大文件.pdf", big)
	if r.status != http.StatusServiceUnavailable || r.body["error"].(map[string]any)["code"] != "unavailable" {
		t.Fatalf("upload through a failing store: %d %s", r.status, r.raw)
	}
	got := s.json("GET", "/api/v1/cases/"+w.id, w.applicant, nil, nil)
	if evs := got.body["evidence"].([]any); len(evs) != 0 {
		t.Fatalf("an evidence row was left behind: %v", evs)
	}
	for _, h := range got.body["history"].([]any) {
		if h.(map[string]any)["action"] == "evidence_added" {
			t.Fatal("the history records a file that was not stored")
		}
	}
}
