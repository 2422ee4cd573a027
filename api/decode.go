package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

const maxJSONBytes = 1 << 20

// readJSON reads a JSON body: it must say it is JSON, fit the size limit, be
// valid UTF-8, and hold no text that cannot be stored (NUL, control and
// reordering characters), each such text named by its field.
func readJSON(c *gin.Context) ([]byte, error) {
	if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt != "application/json" {
		return nil, ltc.Errorf(ltc.EUnsupported, "请求内容须为 JSON（Content-Type: application/json）", "the body must be JSON (Content-Type: application/json)")
	}
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, maxJSONBytes+1))
	if err != nil {
		return nil, ltc.Errorf(ltc.EMalformed, "无法读取请求内容", "cannot read the request body")
	}
	if len(body) > maxJSONBytes {
		return nil, ltc.Errorf(ltc.EMalformed, "请求内容过大", "the request body is too large")
	}
	if !utf8.Valid(body) {
		return nil, ltc.Errorf(ltc.EMalformed, "请求内容不是有效的 UTF-8 文本", "the body is not valid UTF-8")
	}
	if fields := uncleanStrings(body); len(fields) > 0 {
		return nil, ltc.Invalid(fields)
	}
	return body, nil
}

// decode reads a JSON body strictly into v: one object, no unknown fields,
// the right types; every problem is an EMalformed error naming the field.
func decode(c *gin.Context, v any) error {
	body, err := readJSON(c)
	if err != nil {
		return err
	}
	return decodeBytes(body, v)
}

func decodeBytes(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &ltc.Error{Code: ltc.EMalformed, Fields: []ltc.FieldError{forms.JSONFieldError(err)},
			Message: ltc.Text{Zh: "请求内容不是有效的 JSON 或字段类型不对", En: "the body is not valid JSON or a field has the wrong type"}}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return ltc.Errorf(ltc.EMalformed, "JSON 之后还有多余的内容", "there is more after the JSON value")
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

// maxUncleanListed bounds the fields an answer names; a body of thousands of
// bad strings is not answered with thousands of errors.
const maxUncleanListed = 20

// uncleanStrings walks a JSON document and names every key or string value
// CleanText refuses, by its path (person.name, items.3).
func uncleanStrings(body []byte) []ltc.FieldError {
	dec := json.NewDecoder(bytes.NewReader(body))
	var out []ltc.FieldError
	var path []string
	var inArray []int // per open container: -1 for an object, else the next index
	expectKey := false
	for len(out) < maxUncleanListed {
		tok, err := dec.Token()
		if err != nil {
			return out // the decoder reports malformed JSON itself
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if n := len(inArray); n > 0 && inArray[n-1] >= 0 {
					path[n-1] = strconv.Itoa(inArray[n-1])
				}
				idx := -1
				if t == '[' {
					idx = 0
				}
				inArray = append(inArray, idx)
				path = append(path, "")
				expectKey = t == '{'
				continue
			default:
				inArray, path = inArray[:len(inArray)-1], path[:len(path)-1]
				expectKey = false // a key comes next only in an object, said below; after the top level, none
			}
		case string:
			if expectKey {
				path[len(path)-1] = t
				if !ltc.CleanText(t) {
					out = append(out, ltc.UncleanText(joinPath(path)))
				}
				expectKey = false
				continue
			}
			if len(inArray) > 0 && inArray[len(inArray)-1] >= 0 {
				path[len(path)-1] = strconv.Itoa(inArray[len(inArray)-1])
			}
			if !ltc.CleanText(t) {
				out = append(out, ltc.UncleanText(joinPath(path)))
			}
		}
		if n := len(inArray); n > 0 {
			if inArray[n-1] >= 0 {
				inArray[n-1]++
			} else {
				expectKey = true
			}
		}
	}
	return out
}

func joinPath(path []string) string {
	var parts []string
	for _, p := range path {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ".")
}
