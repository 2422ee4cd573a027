package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
)

type publicObjectionBody struct {
	Reason  string `json:"reason" validate:"required,max=1000" zh:"异议理由" en:"reason"`
	Contact string `json:"contact" validate:"required,mobile" zh:"联系电话" en:"contact phone"`
}

// publicityList is open to anyone: the cases in publicity, names and ID numbers masked.
func (s *server) publicityList(c *gin.Context) {
	list, err := s.Cases.PublicityList(c.Request.Context(), c.Query("region"))
	s.answer(c, http.StatusOK, gin.H{"publicity": list}, err)
}

// publicObjection lets anyone object to a published conclusion, with a phone
// number to be reached at; a caseworker checks it before anything follows.
func (s *server) publicObjection(c *gin.Context) {
	var body publicObjectionBody
	if !s.bind(c, &body) {
		return
	}
	err := s.Cases.ObjectPublicly(c.Request.Context(), c.ClientIP(), c.Param("id"), body.Reason, body.Contact)
	s.answer(c, http.StatusAccepted, gin.H{"received": true, "message": ltc.Text{
		Zh: "异议已收到，经办人员将核实后处理", En: "objection received; a caseworker will check it"}}, err)
}

// publicObjections lists a case's public objections with the objectors'
// contacts, for caseworkers.
func (s *server) publicObjections(c *gin.Context) {
	list, err := s.Cases.PublicObjections(c.Request.Context(), principal(c), c.Param("id"))
	s.answer(c, http.StatusOK, gin.H{"objections": list}, err)
}
