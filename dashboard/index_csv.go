package dashboard

import (
	"bytes"
	"io"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/report"
)

// downloadIndexCSV sends the ranking of a level as CSV: the same regions and the same rounded
// numbers as the ranking chart, with every dimension's score, GDP per head and its rank, and the
// rank interval under plausible other choices (report.WriteIndexViewCSV). It takes the same
// options as `placevalue export index`: weights, normalisation, aggregation, power, draws.
func (s *Server) downloadIndexCSV(c *gin.Context) {
	s.sendIndexViewCSV(c, "placevalue-index-", report.WriteIndexViewCSV)
}

// sendIndexViewCSV answers a CSV download of an index view: it reads the query (which must name
// its level), computes the view, and sends what write makes of it as <prefix><label>.csv, the
// label naming the level and the choices (fileLabel).
func (s *Server) sendIndexViewCSV(c *gin.Context, prefix string, write func(io.Writer, report.IndexView) error) {
	q, ok := s.csvQuery(c)
	if !ok {
		return
	}
	v, ok := s.indexView(c, q)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := write(&buf, v); err != nil {
		s.serverError(c, err)
		return
	}
	sendCSV(c, prefix+fileLabel(q)+".csv", buf.Bytes())
}
