package api

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"

	"github.com/changhu/ltc"
)

// maxCodecBytes bounds a codec request (the UI sends a page of history's payloads).
const maxCodecBytes = 8 << 20

// Codec is Temporal's remote codec protocol (POST …/encode and …/decode,
// Payloads as protobuf JSON), so that an operator reads the encrypted
// payloads of a stuck case in the Temporal UI without the key leaving the
// server: an administrator of a region only, every decode in the access log.
type Codec struct {
	// Codec is the payloads' codec (payload.Codec).
	Codec converter.PayloadCodec
	// Namespace is the Temporal namespace whose payloads are ours: a request
	// naming another (X-Namespace) is not.
	Namespace string
	// Origin is the Temporal UI's origin (scheme://host:port) allowed by CORS;
	// empty: no cross-origin use (the CLI's --codec-endpoint still works).
	Origin string
}

func (s *server) codecRoutes(v1 *gin.RouterGroup) {
	g := v1.Group("/codec", s.codecCORS)
	for _, path := range []string{"/encode", "/decode"} {
		g.OPTIONS(path, func(c *gin.Context) { c.Status(http.StatusNoContent) })
		g.POST(path, s.authenticate, withClient, s.codec)
	}
}

// codecCORS lets the Temporal UI's origin call the codec from the browser,
// with the user's Authorization header.
func (s *server) codecCORS(c *gin.Context) {
	if s.Codec.Origin == "" || c.GetHeader("Origin") != s.Codec.Origin {
		return
	}
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", s.Codec.Origin)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Namespace")
	h.Set("Access-Control-Max-Age", "600")
	h.Add("Vary", "Origin")
}

// codec serves one encode or decode with the SDK's handler, over a codec
// that checks and logs, for this request, what it decrypted before it is
// answered.
func (s *server) codec(c *gin.Context) {
	a := principal(c)
	if err := s.Cases.MayUseCodec(a); err != nil {
		fail(c, s.Log, err)
		return
	}
	if s.Codec.Codec == nil {
		fail(c, s.Log, ltc.Errorf(ltc.ENotFound, "没有这个地址", "no such route"))
		return
	}
	if ns := c.GetHeader("X-Namespace"); ns != "" && ns != s.Codec.Namespace {
		fail(c, s.Log, ltc.Errorf(ltc.ENotFound, "不是本系统的命名空间", "not this system's namespace"))
		return
	}
	rc := &requestCodec{inner: s.Codec.Codec, audit: func(decoded []*commonpb.Payload) error {
		return s.Cases.Decoded(c.Request.Context(), a, decoded)
	}}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxCodecBytes)
	w := &bufferedWriter{header: http.Header{}}
	converter.NewPayloadCodecHTTPHandler(rc).ServeHTTP(w, c.Request)
	if rc.refused != nil {
		fail(c, s.Log, rc.refused)
		return
	}
	if w.status != 0 && w.status != http.StatusOK {
		fail(c, s.Log, ltc.Errorf(ltc.EMalformed, "请求内容不是有效的 Payloads（protobuf JSON）", "the body is not Payloads as protobuf JSON"))
		return
	}
	c.Data(http.StatusOK, "application/json", w.body.Bytes())
}

// requestCodec is the payload codec for one request: decoded payloads are
// checked and logged before the SDK's handler answers with them.
type requestCodec struct {
	inner   converter.PayloadCodec
	audit   func([]*commonpb.Payload) error
	refused error
}

func (r *requestCodec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	return r.inner.Encode(payloads)
}

func (r *requestCodec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	decoded, err := r.inner.Decode(payloads)
	if err != nil {
		return nil, err
	}
	if err := r.audit(decoded); err != nil {
		r.refused = err
		return nil, err
	}
	return decoded, nil
}

// bufferedWriter keeps the SDK handler's answer, so that a refusal is
// answered in the API's one error shape instead.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *bufferedWriter) Header() http.Header { return w.header }
func (w *bufferedWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}
func (w *bufferedWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}
