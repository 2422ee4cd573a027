package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/postgres"
)

// idempotent answers a retried request (same caller, same Idempotency-Key)
// with the first answer, so that a retried submit is the same case.
func (s *server) idempotent(c *gin.Context) {
	key := c.GetHeader("Idempotency-Key")
	if key == "" {
		return
	}
	if len(key) > 200 {
		fail(c, s.Log, ltc.Errorf(ltc.EMalformed, "Idempotency-Key 过长", "Idempotency-Key is too long"))
		return
	}
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, maxJSONBytes+1))
	if err != nil {
		fail(c, s.Log, ltc.Errorf(ltc.EMalformed, "无法读取请求内容", "cannot read the request body"))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	actor := principal(c).Actor
	prior, err := s.DB.IdempotentResponse(c.Request.Context(), actor.ID, key)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	if prior != nil {
		if prior.RequestHash != hash {
			fail(c, s.Log, ltc.Errorf(ltc.EConflict, "该 Idempotency-Key 已用于另一个请求", "this Idempotency-Key was used for a different request"))
			return
		}
		c.Data(prior.Status, "application/json; charset=utf-8", prior.Body)
		c.Abort()
		return
	}
	rec := &recorder{ResponseWriter: c.Writer}
	c.Writer = rec
	c.Next()
	if status := c.Writer.Status(); status < 500 {
		err := s.DB.SaveIdempotentResponse(c.Request.Context(), actor, key,
			postgres.StoredResponse{RequestHash: hash, Status: status, Body: rec.body.Bytes()})
		if err != nil {
			s.Log.Error("idempotency key not stored", "route", c.FullPath(), "err", err)
		}
	}
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
