package api

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc/forms"
)

// listInstruments gives what a form UI needs: items, options and labels.
func (s *server) listInstruments(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"instruments": s.Catalog.List()})
}

func (s *server) scoreInstrument(c *gin.Context) {
	body, err := readJSON(c)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	f, err := forms.DecodeForm(bytes.NewReader(body))
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	f.Instrument = c.Param("id")
	r, err := s.Catalog.Score(f)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

func (s *server) listRegions(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"regions": s.Policies.Regions()})
}
