// Package api is the HTTP API (gin) for every role: applicants, caseworkers,
// assessors, the committee and the public. Its handlers bind the request,
// call the service layer (cases) and answer; who may do what is the
// permission table's, asked by the service.
package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// Check is a readiness check of one dependency.
type Check struct {
	Name string
	Run  func(context.Context) error
}

// Deps is what the API stands on.
type Deps struct {
	Cases     *cases.Service
	Catalog   *forms.Catalog
	Policies  *policy.Registry
	Tokens    *auth.Tokens
	Validator *forms.Validator
	Log       *slog.Logger
	Ready     []Check
	Now       func() time.Time
	// DevOutbox serves the development outbox page: what the development
	// sink received, sign-in codes included. Never in production.
	DevOutbox bool
	// TrustedProxies are the addresses of the proxies whose X-Forwarded-For
	// names the client (for rate limits); none: the connection's address.
	TrustedProxies []string
	// Codec serves Temporal's remote codec protocol for administrators.
	Codec Codec
}

type server struct{ Deps }

// Handlers are the API and, apart, its metrics: metrics are served on their
// own listener, out of the public's reach. NotFound answers an unknown API
// route, for whoever mounts more on the engine and takes its NoRoute over.
type Handlers struct {
	API      *gin.Engine
	Metrics  http.Handler
	NotFound gin.HandlerFunc
}

// New returns the API's handlers.
func New(d Deps) (*Handlers, error) {
	gin.SetMode(gin.ReleaseMode)
	s := &server{d}
	m := newMetrics()
	r := gin.New()
	if err := r.SetTrustedProxies(d.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	r.Use(gin.CustomRecovery(func(c *gin.Context, recovered any) {
		fail(c, s.Log, fmt.Errorf("panic: %v", recovered)) // a bug: logged, and a 500 in the one error shape
	}), s.logRequests, m.observe, securityHeaders, s.cleanQuery)
	r.HandleMethodNotAllowed = true
	notFound := func(c *gin.Context) { fail(c, s.Log, ltc.Errorf(ltc.ENotFound, "没有这个地址", "no such route")) }
	r.NoRoute(notFound)
	r.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, errorBody{Error: errorPayload{Status: http.StatusMethodNotAllowed,
			Code: "method_not_allowed", Message: ltc.Text{Zh: "不支持此请求方法", En: "method not allowed"}}})
	})
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", s.ready)
	r.GET("/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml; charset=utf-8", openAPI) })

	v1 := r.Group("/api/v1")
	v1.GET("/instruments", s.listInstruments)
	v1.POST("/instruments/:id/score", s.scoreInstrument)
	v1.GET("/regions", s.listRegions)
	v1.GET("/publicity", s.publicityList)
	v1.POST("/publicity/:id/objections", s.publicObjection)
	v1.GET("/letters/:code", s.verifyLetter)

	s.codecRoutes(v1)
	authed := v1.Group("", s.authenticate, withClient)
	authed.POST("/cases", s.idempotent, s.createCase)
	authed.GET("/cases", s.listCases)
	authed.GET("/cases/:id", s.getCase)
	authed.GET("/cases/:id/decision", s.decisionLetter)
	authed.GET("/cases/:id/decision.pdf", s.decisionPDF)
	authed.GET("/cases/:id/evidence/:evidence", s.downloadEvidence)
	authed.GET("/cases/:id/public-objections", s.publicObjections)
	authed.GET("/assignments", s.myAssignments)
	authed.POST("/cases/:id/evidence", s.idempotentStream, s.addEvidence)
	authed.PUT("/cases/:id/assessment", s.idempotent, s.submitAssessment)
	s.actionRoutes(authed.Group("", s.idempotent))
	admin := authed.Group("/admin")
	admin.POST("/enrolments", s.importEnrolments)
	admin.PUT("/calendars/:year", s.saveCalendar)
	admin.PUT("/roster", s.saveRoster)
	admin.PUT("/income-figures/:year", s.saveIncomeFigure)
	admin.GET("/dead-letters", s.deadLetters)
	admin.POST("/dead-letters/:message/retry", s.retryDeadLetter)
	admin.GET("/evidence-check", s.evidenceCheck)
	admin.GET("/access-log", s.accessLog)
	if d.DevOutbox {
		r.GET("/dev/outbox", s.devOutbox)
	}
	return &Handlers{API: r, Metrics: m.handler(), NotFound: notFound}, nil
}

func (s *server) logRequests(c *gin.Context) {
	c.Next()
	// The route pattern, never the path: paths carry case ids and queries may carry names.
	s.Log.Info("http", "method", c.Request.Method, "route", c.FullPath(), "status", c.Writer.Status())
}

func (s *server) ready(c *gin.Context) {
	status, checks := http.StatusOK, gin.H{}
	for _, check := range s.Ready {
		if err := check.Run(c.Request.Context()); err != nil {
			s.Log.Warn("not ready", "dependency", check.Name, "err", err)
			status, checks[check.Name] = http.StatusServiceUnavailable, "unavailable"
			continue
		}
		checks[check.Name] = "ok"
	}
	c.JSON(status, gin.H{"checks": checks})
}

// answer writes a service call's result, or its error in the one error shape.
func (s *server) answer(c *gin.Context, status int, v any, err error) {
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.JSON(status, v)
}
