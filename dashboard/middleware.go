package dashboard

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
)

// contentSecurityPolicy allows only our own scripts, styles and images: no inline script, no
// inline event handler, no inline style attribute. ECharts sizes its canvas through the CSSOM
// (element.style), which style-src does not restrict; tooltips are our own markup without style
// attributes (see static/app.js).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Next()
}

// logRequests writes one structured log line per request.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	status := c.Writer.Status()
	level := slog.LevelInfo
	if status >= http.StatusInternalServerError {
		level = slog.LevelError
	}
	s.log.LogAttrs(c.Request.Context(), level, "request",
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.String("query", c.Request.URL.RawQuery),
		slog.Int("status", status),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", time.Since(start)),
		slog.String("client", c.ClientIP()),
	)
}

// recoverPanic is called by gin's recovery middleware: it logs the panic with its stack and
// answers 500, so that one bad request never takes the server down.
func (s *Server) recoverPanic(c *gin.Context, rec any) {
	s.log.Error("panic serving request", "path", c.Request.URL.Path, "panic", rec, "stack", string(debug.Stack()))
	if c.Writer.Written() {
		c.Abort()
		return
	}
	s.showError(c, http.StatusInternalServerError, "Something went wrong",
		"The server could not build this page. The problem has been logged.")
}
