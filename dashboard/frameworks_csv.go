package dashboard

import (
	"bytes"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/report"
)

// downloadFrameworksCSV sends every framework's dimensions and the indicators that count in each
// as CSV (report.WriteFrameworksCSV): the ranking page's "Dimensions and indicators used", for
// every framework and every indicator, loaded or not. It equals `placevalue export frameworks`.
func (s *Server) downloadFrameworksCSV(c *gin.Context) {
	inds, err := s.warehouse.Indicators(c.Request.Context())
	if err != nil {
		s.serverError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := report.WriteFrameworksCSV(&buf, data.Frameworks(), inds); err != nil {
		s.serverError(c, err)
		return
	}
	sendCSV(c, "placevalue-frameworks.csv", buf.Bytes())
}
