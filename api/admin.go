package api

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc/enrolment"
)

// maxCSVBytes bounds an enrolment import (200,000 rows fit well within it).
const maxCSVBytes = 64 << 20

// importEnrolments takes the insurance records as CSV (text/csv body), checks
// every row and answers with what was inserted, updated, unchanged and refused
// (line, field and reason). Importing the same file again changes nothing.
func (s *server) importEnrolments(c *gin.Context) {
	body := io.LimitReader(c.Request.Body, maxCSVBytes)
	records, refused, err := enrolment.Parse(body, s.Policies.Known, s.Now())
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	report, err := s.DB.ImportEnrolments(c.Request.Context(), records)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	report.Rows = len(records) + countLines(refused)
	report.Refused = append([]enrolment.RowError{}, refused...)
	s.Log.Info("enrolments imported", "by", principal(c).ID, "report", report.String())
	c.JSON(http.StatusOK, report)
}

// countLines counts the distinct lines among row errors (a row may have several).
func countLines(errs []enrolment.RowError) int {
	n, last := 0, 0
	for _, e := range errs {
		if e.Line != last {
			n, last = n+1, e.Line
		}
	}
	return n
}
