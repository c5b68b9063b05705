package dashboard

import (
	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/report"
)

// downloadDisparityCSV sends the gap within each country between its top and bottom fifth of
// regions as CSV (report.WriteDisparityCSV): exactly the ranking page's "Disparity within
// countries" table. It takes the same parameters as the index CSV.
func (s *Server) downloadDisparityCSV(c *gin.Context) {
	s.sendIndexViewCSV(c, "placevalue-disparity-", report.WriteDisparityCSV)
}
