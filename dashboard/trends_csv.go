package dashboard

import (
	"bytes"
	"errors"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/report"
)

// downloadTrendsCSV sends a region's change over time as CSV: exactly the rows of the region
// page's "Change over time" table, with the published confidence intervals they were judged by.
// Trends do not depend on the index query, so the download takes no parameters.
func (s *Server) downloadTrendsCSV(c *gin.Context) {
	r, trends, err := report.RegionTrends(c.Request.Context(), s.warehouse, c.Param("code"))
	if errors.Is(err, report.ErrNotFound) {
		s.regionNotFound(c, "")
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := report.WriteTrendsCSV(&buf, r, trends); err != nil {
		s.serverError(c, err)
		return
	}
	sendCSV(c, "placevalue-trends-"+r.Code+".csv", buf.Bytes())
}
