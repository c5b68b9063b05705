package dashboard

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/report"
)

type errorPage struct {
	layout
	Status  int
	Message string
}

// showError answers with an error: a page for people, plain text under /api/.
func (s *Server) showError(c *gin.Context, status int, heading, message string) {
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		c.String(status, "%s: %s\n", heading, message)
		return
	}
	s.render(c, status, "error", errorPage{layout: newLayout(heading, report.DefaultIndexQuery(""), false), Status: status, Message: message})
}

// showNotFound is the page for any URL the dashboard does not have.
func (s *Server) showNotFound(c *gin.Context) {
	s.showError(c, http.StatusNotFound, "Page not found", "There is no page at this address.")
}

// serverError logs an unexpected failure, such as a database error, and answers 500 without
// showing its details to the public.
func (s *Server) serverError(c *gin.Context, err error) {
	s.log.Error("serve request", "path", c.Request.URL.Path, "err", err)
	s.showError(c, http.StatusInternalServerError, "Something went wrong",
		"The server could not answer this request. The problem has been logged.")
}

// notOffered answers 400 when err says that the framework asked for has no indicators at the
// region's level, and reports whether it did.
func (s *Server) notOffered(c *gin.Context, err error) bool {
	var fle *report.FrameworkLevelError
	if !errors.As(err, &fle) {
		return false
	}
	s.showError(c, http.StatusBadRequest, "These choices cannot make an index", err.Error()+".")
	return true
}
