package dashboard

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/report"
)

// downloadIndexCSV sends the ranking of a level as CSV: the same regions and the same rounded
// numbers as the ranking chart, with every dimension's score, GDP per head and its rank, and the
// rank interval under plausible other choices (report.WriteIndexViewCSV). It takes the same
// options as `placevalue export index`: weights, normalisation, aggregation, power, draws.
func (s *Server) downloadIndexCSV(c *gin.Context) {
	q, ok := s.csvQuery(c)
	if !ok {
		return
	}
	v, ok, err := s.indexView(c.Request.Context(), q)
	if err != nil {
		s.serverError(c, err)
		return
	}
	if !ok {
		s.showError(c, http.StatusNotFound, "No data for this level", "no "+q.Level.Title()+" are loaded")
		return
	}
	var buf bytes.Buffer
	if err := report.WriteIndexViewCSV(&buf, v); err != nil {
		s.serverError(c, err)
		return
	}
	sendCSV(c, "placevalue-index-"+string(q.Level)+".csv", buf.Bytes())
}
