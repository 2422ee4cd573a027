package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

// letter is the conclusion letter (评估结论书), as JSON for now.
type letter struct {
	CaseID           string          `json:"case_id"`
	Region           ltc.Text        `json:"region"`
	PolicyVersion    string          `json:"policy_version"`
	Name             string          `json:"name"`
	ResidentID       string          `json:"resident_id"`
	Grade            int             `json:"grade"`
	GradeName        string          `json:"grade_name"`
	Instrument       string          `json:"instrument"`
	Qualifies        bool            `json:"qualifies"`
	DecidedAt        time.Time       `json:"decided_at"`
	ValidUntil       *time.Time      `json:"valid_until,omitempty"`
	BenefitsFrom     *time.Time      `json:"benefits_from,omitempty"`
	Reasons          []ltc.Text      `json:"reasons,omitempty"`
	BenefitStatement json.RawMessage `json:"benefit_statement,omitempty"`
	Notice           ltc.Text        `json:"notice"`
}

// decisionLetter gives the letter of the conclusion in force; 404 before one exists.
func (s *server) decisionLetter(c *gin.Context) {
	got, err := s.visibleCase(c, principal(c))
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	d := got.Decision
	if d == nil {
		fail(c, s.Log, ltc.Errorf(ltc.ENotFound, "尚未作出评估结论", "there is no conclusion yet"))
		return
	}
	name, residentID, err := s.DB.PersonOf(c.Request.Context(), got.ID)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	region := ltc.Text{Zh: got.Region, En: got.Region}
	if p, err := s.Policies.Latest(got.Region); err == nil {
		region = p.Name
	}
	l := letter{CaseID: got.ID, Region: region, PolicyVersion: got.PolicyVersion, Name: name,
		ResidentID: forms.ResidentID(residentID).Masked(), Grade: d.Grade, GradeName: d.GradeName,
		Instrument: d.Instrument + "@" + d.InstrumentVersion, Qualifies: d.Qualifies, DecidedAt: d.DecidedAt,
		Reasons: d.Reasons, BenefitStatement: d.Statement, Notice: ltc.Text{
			Zh: "评估结论有效期内，如身体状况发生变化，可申请状态变化评估；住院期间待遇暂停，出院后恢复。",
			En: "While the conclusion is valid, a change of condition may be reported for a new assessment; benefits pause during hospital stays."}}
	if !d.ValidUntil.IsZero() {
		l.ValidUntil, l.BenefitsFrom = &d.ValidUntil, &d.BenefitsFrom
	}
	c.JSON(http.StatusOK, l)
}

// downloadEvidence answers with a short-lived link to one file of a case the caller may see.
func (s *server) downloadEvidence(c *gin.Context) {
	got, err := s.visibleCase(c, principal(c))
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	url, expires, err := s.Cases.EvidenceURL(c.Request.Context(), got, c.Param("evidence"))
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"url": url, "expires_at": expires})
}
