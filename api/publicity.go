package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/workflows"
)

// publicEntry is one line of the community publicity list: personal data masked.
type publicEntry struct {
	CaseID      string    `json:"case_id"`
	Region      string    `json:"region"`
	Name        string    `json:"name"`
	ResidentID  string    `json:"resident_id"`
	GradeName   string    `json:"grade_name"`
	PublishedAt time.Time `json:"published_at"`
}

// publicityList is open to anyone: the cases in publicity, names and ID numbers masked.
func (s *server) publicityList(c *gin.Context) {
	list, err := s.DB.PublicityList(c.Request.Context(), c.Query("region"))
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	out := make([]publicEntry, len(list))
	for i, p := range list {
		out[i] = publicEntry{CaseID: p.CaseID, Region: p.Region, Name: ltc.MaskName(p.Name),
			ResidentID: forms.ResidentID(p.ResidentID).Masked(), GradeName: p.GradeName, PublishedAt: p.PublishedAt}
	}
	c.JSON(http.StatusOK, gin.H{"publicity": out})
}

// publicObjection lets anyone object to a published conclusion, with a phone
// number to be reached at; the workflow refuses it outside the publicity period.
func (s *server) publicObjection(c *gin.Context) {
	var body publicObjectionBody
	if !s.bind(c, &body) {
		return
	}
	target, err := s.Cases.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	actor := ltc.Actor{ID: "public", Role: ltc.RolePublic}
	_, err = s.Cases.Act(c.Request.Context(), target, c.GetHeader("Idempotency-Key"), workflows.UpdateObject,
		workflows.ObjectionRequest{Actor: actor, Public: true, Reason: body.Reason + "（联系电话 " + body.Contact + "）"})
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"received": true, "message": ltc.Text{Zh: "异议已受理，将安排复评", En: "objection received; a re-assessment will follow"}})
}
