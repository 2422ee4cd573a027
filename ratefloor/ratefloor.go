// Package ratefloor lets a long upload run past the server's read and write
// timeouts as long as it keeps up a minimum rate: the API and the pages
// both stream evidence through it.
package ratefloor

import (
	"io"
	"net/http"
	"time"
)

// An upload may take long, but not idle: the server's read and write
// timeouts are lifted for it and replaced by a floor on its rate, so that a
// client sending a byte a second cannot hold a connection open, and one that
// sends a large video at a fair rate still gets its answer.
const (
	uploadGrace   = 30 * time.Second
	uploadMinRate = 16 << 10 // bytes a second, on average, after the grace
)

// Reader lets r, the body of the request w answers, be read as long as it
// keeps up the minimum rate.
func Reader(w http.ResponseWriter, r io.Reader) io.Reader {
	rc := http.NewResponseController(w)
	start := time.Now()
	m := &rateFloor{r: r, rc: rc, start: start}
	m.extend()
	return m
}

type rateFloor struct {
	r     io.Reader
	rc    *http.ResponseController
	start time.Time
	read  int64
}

func (m *rateFloor) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	m.read += int64(n)
	m.extend()
	return n, err
}

// extend sets the read deadline to when the bytes read so far would have
// taken at the minimum rate, after the grace, and never more than the grace
// from now: a fast start buys no long silence.
func (m *rateFloor) extend() {
	deadline := m.start.Add(uploadGrace + time.Duration(m.read/uploadMinRate)*time.Second)
	if idle := time.Now().Add(uploadGrace); idle.Before(deadline) {
		deadline = idle
	}
	_ = m.rc.SetReadDeadline(deadline)
	_ = m.rc.SetWriteDeadline(deadline.Add(uploadGrace))
}
