package dashboard

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
)

// static holds our stylesheet, script and icon, and vendor/echarts.min.js, which `make build`
// copies from the npm package. vendor/ is not committed, so the directory is embedded as a whole
// (not file by file) and the package compiles without it; New refuses to start instead.
//
//go:embed static
var staticFS embed.FS

// echartsAsset is the ECharts build every chart page loads.
const echartsAsset = "vendor/echarts.min.js"

// asset is one static file, served under a name that carries a hash of its content so that
// browsers may cache it for a year: a changed file gets a new URL.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

type assets struct {
	byURL map[string]*asset // "/static/app.3f2a1c9e0b7d.js" -> file
	urls  map[string]string // "app.js" -> "/static/app.3f2a1c9e0b7d.js"
}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{byURL: map[string]*asset{}, urls: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:6])
		ext := path.Ext(name)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hash + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a.urls[name] = url
		a.byURL[url] = &asset{body: body, contentType: ctype, etag: `"` + hash + `"`}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dashboard: read static files: %w", err)
	}
	if _, ok := a.urls[echartsAsset]; !ok {
		return nil, errors.New("dashboard: static/" + echartsAsset + " is not embedded in this binary: " +
			"run make build (it installs echarts from npm and copies it into dashboard/static/vendor before compiling)")
	}
	return a, nil
}

// url is the content-hashed URL of a static file, for templates.
func (a *assets) url(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return u, nil
}
