package dashboard

import (
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// sendCSV sends a CSV file as a download. The file name is reduced to letters, digits, dots and
// dashes: region codes come from published files.
func sendCSV(c *gin.Context, filename string, body []byte) {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, filename)
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": safe}))
	c.Data(http.StatusOK, "text/csv; charset=utf-8", body)
}
