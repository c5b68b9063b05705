package dashboard

import (
	"bytes"

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
	v, ok := s.indexView(c, q)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := report.WriteIndexViewCSV(&buf, v); err != nil {
		s.serverError(c, err)
		return
	}
	sendCSV(c, "placevalue-index-"+string(q.Level)+".csv", buf.Bytes())
}
