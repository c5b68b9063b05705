package dashboard

import (
	"bytes"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// serveStatic serves an embedded file by its content-hashed URL. The URL changes whenever the
// file does, so the response may be cached for a year without revalidation.
func (s *Server) serveStatic(c *gin.Context) {
	a, ok := s.assets.byURL[c.Request.URL.Path]
	if !ok {
		c.String(http.StatusNotFound, "not found\n")
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", a.etag)
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, bytes.NewReader(a.body))
}
