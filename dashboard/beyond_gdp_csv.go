package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/report"
)

// downloadBeyondGDPCSV sends each region's GDP-per-head rank beside its index rank, and the gap,
// as CSV (report.WriteBeyondGDPCSV): exactly the numbers of the beyond-GDP chart and table. It
// takes the same parameters as the index CSV.
func (s *Server) downloadBeyondGDPCSV(c *gin.Context) {
	s.sendIndexViewCSV(c, "placevalue-beyond-gdp-", report.WriteBeyondGDPCSV)
}

// csvQuery reads the index query of a download, which must name its level; a bad parameter
// answers 400 with what was expected, and returns false.
func (s *Server) csvQuery(c *gin.Context) (report.IndexQuery, bool) {
	if _, err := report.ParseLevel(c.Query("level")); err != nil {
		s.showError(c, http.StatusBadRequest, "Unknown level", err.Error())
		return report.IndexQuery{}, false
	}
	q, err := report.ParseIndexQuery(c.Query, data.LevelITL1)
	if err != nil {
		s.showError(c, http.StatusBadRequest, "Bad index options", err.Error())
		return report.IndexQuery{}, false
	}
	return q, true
}
