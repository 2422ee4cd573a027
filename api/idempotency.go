package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

// maxKeyLength bounds an Idempotency-Key.
const maxKeyLength = 200

// idempotent answers a retried request (same caller, same route and case,
// same Idempotency-Key) with the first answer; a concurrent duplicate waits
// for it. The key is also the workflow update's id (see cases.Request).
func (s *server) idempotent(c *gin.Context) {
	key, ok := s.idempotencyKey(c)
	if !ok || key == "" {
		return
	}
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, maxJSONBytes+1))
	if err != nil {
		fail(c, s.Log, ltc.Errorf(ltc.EMalformed, "无法读取请求内容", "cannot read the request body"))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.Sum256(body)
	s.rememberAnswer(c, key, hex.EncodeToString(sum[:]))
}

// idempotentStream is idempotent for an upload, whose body is streamed and
// not read twice: the key alone names the request.
func (s *server) idempotentStream(c *gin.Context) {
	if key, ok := s.idempotencyKey(c); ok && key != "" {
		s.rememberAnswer(c, key, "")
	}
}

func (s *server) idempotencyKey(c *gin.Context) (string, bool) {
	key := c.GetHeader("Idempotency-Key")
	for _, r := range key {
		if r < 0x21 || r > 0x7e {
			fail(c, s.Log, ltc.Invalid([]ltc.FieldError{{Field: "Idempotency-Key", Message: ltc.Text{
				Zh: "Idempotency-Key 只能由可见的 ASCII 字符组成", En: "Idempotency-Key must be printable ASCII"}}}))
			return "", false
		}
	}
	if len(key) > maxKeyLength {
		fail(c, s.Log, ltc.Invalid([]ltc.FieldError{{Field: "Idempotency-Key", Message: ltc.Text{
			Zh: "Idempotency-Key 过长（最多 200 个字符）", En: "Idempotency-Key is too long (200 characters at most)"}}}))
		return "", false
	}
	return key, true
}

func (s *server) rememberAnswer(c *gin.Context, key, hash string) {
	k := cases.RequestKey{ActorID: principal(c).ID, Scope: c.Request.Method + " " + c.FullPath(), CaseID: c.Param("id"), Key: key}
	prior, err := s.Cases.BeginRequest(c.Request.Context(), k, hash)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	if prior != nil {
		c.Data(prior.Status, "application/json; charset=utf-8", prior.Body)
		c.Abort()
		return
	}
	rec := &recorder{ResponseWriter: c.Writer}
	c.Writer = rec
	c.Next()
	answer := cases.StoredResponse{RequestHash: hash, Status: c.Writer.Status(), Body: rec.body.Bytes()}
	if err := s.Cases.FinishRequest(context.WithoutCancel(c.Request.Context()), k, answer); err != nil {
		s.Log.Error("idempotency key not stored", "route", c.FullPath(), "err", err)
	}
}

// request is the service's name for this request, for update ids.
func request(c *gin.Context) cases.Request {
	return cases.Request{Key: c.GetHeader("Idempotency-Key"), Scope: c.Request.Method + " " + c.FullPath()}
}

// recorder keeps a copy of the response body.
type recorder struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
