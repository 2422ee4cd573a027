package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// evidenceCheck is the last integrity check of the stored evidence, with what
// it found wrong on the administrator's region's cases.
func (s *server) evidenceCheck(c *gin.Context) {
	report, err := s.Cases.EvidenceCheck(c.Request.Context(), principal(c))
	s.answer(c, http.StatusOK, report, err)
}
