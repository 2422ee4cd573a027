package api

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

const maxJSONBytes = 1 << 20

// decode reads a JSON body strictly: unknown fields and wrong types are
// EMalformed errors naming the field.
func decode(c *gin.Context, v any) error {
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, maxJSONBytes+1))
	if err != nil {
		return ltc.Errorf(ltc.EMalformed, "无法读取请求内容", "cannot read the request body")
	}
	if len(body) > maxJSONBytes {
		return ltc.Errorf(ltc.EMalformed, "请求内容过大", "the request body is too large")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &ltc.Error{Code: ltc.EMalformed, Fields: []ltc.FieldError{forms.JSONFieldError(err)},
			Message: ltc.Text{Zh: "请求内容不是有效的 JSON 或字段类型不对", En: "the body is not valid JSON or a field has the wrong type"}}
	}
	return nil
}

// bind decodes the body into v and checks its validate tags; on any problem it
// answers the request and returns false.
func (s *server) bind(c *gin.Context, v any) bool {
	if err := decode(c, v); err != nil {
		fail(c, s.Log, err)
		return false
	}
	if fields := s.Validator.Struct(v); len(fields) > 0 {
		fail(c, s.Log, ltc.Invalid(fields))
		return false
	}
	return true
}
