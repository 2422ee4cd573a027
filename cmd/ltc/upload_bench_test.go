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

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// mp4Header makes the content sniffer see an MP4 video.
var mp4Header = []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")

// video is a reader of an MP4 of size bytes, generated as it is read.
type video struct{ size, read int }

func newVideo(size int) *video { return &video{size: size} }

func (v *video) Read(p []byte) (int, error) {
	if v.read >= v.size {
		return 0, io.EOF
	}
	n := min(len(p), v.size-v.read)
	clear(p[:n])
	if v.read == 0 {
		n = copy(p, mp4Header)
	}
	v.read += n
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

// BenchmarkEvidenceUploadMemory: a video of LTC_BENCH_UPLOAD_MIB (default
// 1024) goes to MinIO streamed through the API, against minio-go's PutObject
// of the same bytes straight to MinIO (the throughput to match) and a handler
// that holds the file in memory (the heap not to grow to), in the same run;
// the heap's growth is measured for each. make bench runs it; by hand, with
// the services up:
// LTC_INTEGRATION=1 go test ./cmd/ltc -run '^$' -bench EvidenceUpload -benchtime 2x
func BenchmarkEvidenceUploadMemory(b *testing.B) {
	videoSize := benchScale(b, "LTC_BENCH_UPLOAD_MIB", 1024) << 20
	s := startStack(b, "serve")
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	caseID := created.body["id"].(string)

	b.Run("streamed-through-the-API", func(b *testing.B) {
		b.SetBytes(int64(videoSize))
		var worst float64
		for i := 0; i < b.N; i++ {
			grew := peakHeap(func() {
				pr, pw := io.Pipe()
				mw := multipart.NewWriter(pw)
				go func() {
					part, _ := mw.CreateFormFile("file", "visit.mp4")
					_, err := io.Copy(part, newVideo(videoSize))
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
		b.SetBytes(int64(videoSize))
		var worst float64
		for i := 0; i < b.N; i++ {
			grew := peakHeap(func() {
				data, _ := io.ReadAll(newVideo(videoSize))
				if _, err := store.Put(context.Background(), "bench/held-"+caseID, bytes.NewReader(data), int64(videoSize)); err != nil {
					b.Fatal(err)
				}
			})
			worst = max(worst, grew)
		}
		b.ReportMetric(worst, "peak-heap-MiB")
	})

	b.Run("baseline-minio-PutObject", func(b *testing.B) {
		cfg := loadConfig(s.getenv)
		mc, err := minio.New(cfg.MinioEndpoint, &minio.Options{Creds: credentials.NewStaticV4(cfg.MinioAccessKey, cfg.MinioSecretKey, ""), Secure: cfg.MinioSSL})
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(videoSize))
		var worst float64
		for i := 0; i < b.N; i++ {
			grew := peakHeap(func() {
				_, err := mc.PutObject(context.Background(), cfg.MinioBucket, "bench/direct-"+caseID, newVideo(videoSize), int64(videoSize),
					minio.PutObjectOptions{ContentType: "video/mp4"})
				if err != nil {
					b.Fatal(err)
				}
			})
			worst = max(worst, grew)
		}
		b.ReportMetric(worst, "peak-heap-MiB")
	})
}
