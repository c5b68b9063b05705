package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// showHome sends visitors to the ranking of the UK regions and nations.
func (s *Server) showHome(c *gin.Context) {
	c.Redirect(http.StatusFound, rankingURL(defaultLevel))
}
