package ratefloor

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// A body sent at a fair rate for longer than the server's read timeout is
// read whole through the floor, and cut off without it.
func TestAFairUploadOutlastsTheReadTimeout(t *testing.T) {
	for _, floor := range []bool{true, false} {
		got := make(chan int64, 1)
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var body io.Reader = r.Body
			if floor {
				body = Reader(w, r.Body)
			}
			n, _ := io.Copy(io.Discard, body)
			got <- n
		}))
		srv.Config.ReadTimeout = time.Second
		srv.Start()
		pr, pw := io.Pipe()
		go func() { // 64 KiB a tenth of a second for two seconds: 640 KiB/s, well above the floor
			for range 20 {
				time.Sleep(100 * time.Millisecond)
				if _, err := pw.Write(bytes.Repeat([]byte("x"), 64<<10)); err != nil {
					return
				}
			}
			pw.Close()
		}()
		resp, err := http.Post(srv.URL, "application/octet-stream", pr)
		if err == nil {
			resp.Body.Close()
		}
		n := <-got
		srv.Close()
		if whole := n == 20*64<<10; whole != floor {
			t.Errorf("with the floor %v: read %d bytes", floor, n)
		}
	}
}
