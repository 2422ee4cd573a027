// Package servicetest lets integration tests use the real services that
// `make test` starts (PostgreSQL, MinIO, Temporal). Without LTC_INTEGRATION=1
// they skip, saying how to run them; with it, a missing service fails.
package servicetest

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/changhu/ltc/forms"
)

// Require skips the test unless the services are meant to be there.
func Require(t testing.TB) {
	t.Helper()
	if os.Getenv("LTC_INTEGRATION") != "1" {
		t.Skip("integration test: run `make test`, which starts PostgreSQL, MinIO and Temporal on loopback " +
			"(or set LTC_INTEGRATION=1 with LTC_DATABASE_URL, LTC_MINIO_*, LTC_TEMPORAL_ADDRESS pointing at running services)")
	}
}

// Getenv is the environment with overrides, for run(ctx, args, getenv, stdout).
func Getenv(overrides map[string]string) func(string) string {
	return func(key string) string {
		if v, ok := overrides[key]; ok {
			return v
		}
		return os.Getenv(key)
	}
}

// FreeAddr returns a loopback address with a port free right now.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// WaitReady polls url until it answers 200, failing the test after timeout.
func WaitReady(t testing.TB, url string, timeout time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for ctx.Err() == nil {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s was not ready within %s", url, timeout)
}

// NewResidentID returns a random valid resident ID number of someone born on
// a day of 1940–1959 (some seven million numbers), so that every test applies
// for a new person. The check character is found by asking forms, not by
// computing it again here.
func NewResidentID(t testing.TB) string {
	t.Helper()
	day, _ := rand.Int(rand.Reader, big.NewInt(20*365))
	seq, _ := rand.Int(rand.Reader, big.NewInt(1000))
	born := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(day.Int64()))
	prefix := fmt.Sprintf("320106%s%03d", born.Format("20060102"), seq.Int64())
	for _, c := range "0123456789X" {
		if id, ok := forms.ParseResidentID(prefix+string(c), time.Now()); ok {
			handedOut.Lock()
			handedOut.ids = append(handedOut.ids, string(id))
			handedOut.Unlock()
			return string(id)
		}
	}
	t.Fatalf("no check character makes %s valid", prefix)
	return ""
}

// handedOut are the resident ID numbers NewResidentID gave this process's
// tests, which a log check searches the logs for.
var handedOut struct {
	sync.Mutex
	ids []string
}

// ResidentIDs are the resident ID numbers NewResidentID has handed out.
func ResidentIDs() []string {
	handedOut.Lock()
	defer handedOut.Unlock()
	return slices.Clone(handedOut.ids)
}
