package dashboard

import (
	"bytes"
	"errors"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/report"
)

// downloadProfileCSV sends a region's dimension scores and the average they are compared with as
// CSV: exactly the numbers of the region's radar chart, under the same index query (the
// normalisation changes the scores).
func (s *Server) downloadProfileCSV(c *gin.Context) {
	q, ok := s.regionQuery(c)
	if !ok {
		return
	}
	p, err := report.RegionProfile(c.Request.Context(), s.warehouse, c.Param("code"), q.Level, q.Options)
	if errors.Is(err, report.ErrNotFound) {
		s.regionNotFound(c, q.Level)
		return
	}
	if s.notOffered(c, err) {
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := report.WriteProfileCSV(&buf, p); err != nil {
		s.serverError(c, err)
		return
	}
	q.Level = p.Level
	sendCSV(c, "placevalue-profile-"+p.Region.Code+"-"+fileLabel(q)+".csv", buf.Bytes())
}
