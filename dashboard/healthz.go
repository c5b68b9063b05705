package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// showHealth answers 200 "ok" while the warehouse answers queries, for load balancers and
// uptime checks.
func (s *Server) showHealth(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	if _, err := s.warehouse.Empty(c.Request.Context()); err != nil {
		s.log.Error("health check", "err", err)
		c.String(http.StatusServiceUnavailable, "warehouse unavailable\n")
		return
	}
	c.String(http.StatusOK, "ok")
}
