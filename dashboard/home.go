package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/report"
)

// showHome sends visitors to the ranking of the UK regions and nations.
func (s *Server) showHome(c *gin.Context) {
	c.Redirect(http.StatusFound, rankingURLFor(report.DefaultIndexQuery(defaultLevel)))
}
