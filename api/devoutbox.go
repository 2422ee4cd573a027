package api

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"
)

// devOutboxPage lists what the development sink received, newest first:
// the phone's last four digits and the text, never the whole number.
var devOutboxPage = template.Must(template.New("outbox").Parse(`<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>开发环境短信发件箱</title>
<h1>开发环境短信发件箱（仅开发环境）</h1>
<table border="1" cellpadding="6"><tr><th>时间</th><th>手机</th><th>模板</th><th>内容</th></tr>
{{range .}}<tr><td>{{.At.Format "2006-01-02 15:04:05"}}</td><td>{{.PhoneTail}}</td><td>{{.Template}}</td><td>{{.Text.Zh}}</td></tr>
{{end}}</table></html>`))

func (s *server) devOutbox(c *gin.Context) {
	messages, err := s.Cases.DevMessages(c.Request.Context())
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(http.StatusOK)
	if err := devOutboxPage.Execute(c.Writer, messages); err != nil {
		s.Log.Error("development outbox page", "err", err)
	}
}
