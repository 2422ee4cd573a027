package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

const videoSize = 256 << 20

// mp4Header makes the content sniffer see an MP4 video.
var mp4Header = []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")

// video is a reader of an MP4 of n bytes, generated as it is read.
type video struct{ left int }

func (v *video) Read(p []byte) (int, error) {
	if v.left <= 0 {
		return 0, io.EOF
	}
	n := min(len(p), v.left)
	clear(p[:n])
	if v.left == videoSize {
		n = copy(p, mp4Header)
	}
	v.left -= n
	return n, nil
}

// peakHeap runs f and returns how far the heap grew above where it started, in MiB.
func peakHeap(f func()) float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var s runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&s)
				if s.HeapInuse > peak.Load() {
					peak.Store(s.HeapInuse)
				}
			}
		}
	}()
	f()
	close(done)
	return float64(int64(peak.Load())-int64(base)) / (1 << 20)
}

// BenchmarkEvidenceUploadMemory: how much the process's heap grows while a
// 256 MiB video goes to MinIO, streamed through the API, against the baseline
// of a handler that holds the file in memory (measured in the same run).
// Run with the services up: LTC_INTEGRATION=1 go test ./cmd/ltc -run '^$' -bench EvidenceUpload -benchtime 2x
func BenchmarkEvidenceUploadMemory(b *testing.B) {
	s := startStack(b, "serve")
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	caseID := created.body["id"].(string)

	b.Run("streamed-through-the-API", func(b *testing.B) {
		b.SetBytes(videoSize)
		var worst float64
		for i := 0; i < b.N; i++ {
			grew := peakHeap(func() {
				pr, pw := io.Pipe()
				mw := multipart.NewWriter(pw)
				go func() {
					part, _ := mw.CreateFormFile("file", "visit.mp4")
					_, err := io.Copy(part, &video{left: videoSize})
					if err == nil {
						err = mw.Close()
					}
					pw.CloseWithError(err)
				}()
				req, _ := http.NewRequest("POST", s.base+"/api/v1/cases/"+caseID+"/evidence", pr)
				req.Header.Set("Authorization", "Bearer "+w.applicant)
				req.Header.Set("Content-Type", mw.FormDataContentType())
				resp, err := http.DefaultClient.Do(req)
				if err != nil || resp.StatusCode != http.StatusCreated {
					b.Fatalf("upload: %v %v", err, resp)
				}
				resp.Body.Close()
			})
			worst = max(worst, grew)
		}
		b.ReportMetric(worst, "peak-heap-MiB")
	})

	b.Run("baseline-held-in-memory", func(b *testing.B) {
		store, err := openEvidence(loadConfig(s.getenv))
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(videoSize)
		var worst float64
		for i := 0; i < b.N; i++ {
			grew := peakHeap(func() {
				data, _ := io.ReadAll(&video{left: videoSize})
				if _, err := store.Put(context.Background(), "bench/held-"+caseID, bytes.NewReader(data), videoSize); err != nil {
					b.Fatal(err)
				}
			})
			worst = max(worst, grew)
		}
		b.ReportMetric(worst, "peak-heap-MiB")
	})
}
