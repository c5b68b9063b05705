package dashboard

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/placevalue/placevalue/data"
	"github.com/placevalue/placevalue/metrics"
	"github.com/placevalue/placevalue/report"
)

// weightField prefixes the name of the form control of a dimension's weight: w_income,
// w_life_satisfaction. The ranking page's form sends one per dimension it shows; the handler
// turns them into the weights parameter and redirects to the canonical URL, so that every view
// has one shareable address, with or without JavaScript.
const weightField = "w_"

// formWeights reports whether the request carries weight form fields and, if so, returns the
// weights parameter they make: the request's own weights parameter (which keeps dimensions the
// form does not show), with each dimension the form sent set to its value.
func formWeights(c *gin.Context) (weights string, submitted bool, err error) {
	framework := data.DefaultFramework()
	if id := c.Query("framework"); id != "" {
		// An unknown framework is reported by ParseIndexQuery, with the canonical message.
		if framework, err = data.FrameworkByID(id); err != nil {
			return "", false, nil
		}
	}
	given := map[string]string{}
	for name, vals := range c.Request.URL.Query() {
		id, ok := strings.CutPrefix(name, weightField)
		if !ok {
			continue
		}
		if _, known := framework.Dimension(id); !known {
			return "", true, fmt.Errorf("weights: unknown dimension %q of the %s framework in the form field %s", id, framework.ID, name)
		}
		given[id] = strings.TrimSpace(vals[0])
	}
	if len(given) == 0 {
		return "", false, nil
	}
	base := metrics.Weights(nil)
	if s := c.Query("weights"); s != "" {
		// A wrong weights parameter is reported by ParseIndexQuery, with the canonical message.
		q, err := report.ParseIndexQuery(func(name string) string {
			switch name {
			case "weights":
				return s
			case "framework":
				return framework.ID
			}
			return ""
		}, "")
		if err != nil {
			return "", true, err
		}
		base = q.Options.Weights
	}
	var parts []string
	for _, d := range framework.Dimensions {
		v, ok := given[d.ID]
		switch {
		case ok && v == "":
			return "", true, fmt.Errorf("weights: no weight given for %s, expected a number from 0 to 5", d.ID)
		case ok:
			parts = append(parts, d.ID+"="+v)
		default:
			parts = append(parts, fmt.Sprintf("%s=%g", d.ID, base.Of(d.ID)))
		}
	}
	return strings.Join(parts, ","), true, nil
}

// parseQuery reads the index query of a request: level, framework, weights (or the form's w_ fields),
// normalisation, aggregation, power and draws. submitted is true when the request came from the
// weights form, whose URL is not the canonical one.
func parseQuery(c *gin.Context, defaultLevel data.Level) (q report.IndexQuery, submitted bool, err error) {
	weights, submitted, err := formWeights(c)
	if err != nil {
		return q, submitted, err
	}
	q, err = report.ParseIndexQuery(func(name string) string {
		if name == "weights" && submitted {
			return weights
		}
		return c.Query(name)
	}, defaultLevel)
	return q, submitted, err
}

// fileLabel names a download after the query behind it, so that two downloads made with other
// choices can be told apart: the level, then each choice that is not the default, the weights
// last, as "lad_uk-local_rank_outliers-winsorise_weights-income5-jobs3". A label too long for a
// file name is cut (in the weights) and ends in a digest of the whole query instead.
func fileLabel(q report.IndexQuery) string {
	v := q.Values()
	parts := []string{string(q.Level)}
	for _, name := range []string{"framework", "normalisation", "outliers", "aggregation", "power", "draws", "weights"} {
		val := v.Get(name)
		switch {
		case val == "":
			continue
		case name == "weights":
			val = "weights-" + strings.NewReplacer("=", "", ",", "-").Replace(val)
		case name == "outliers":
			val = "outliers-" + val
		case name == "power", name == "draws":
			val = name + val // power-2.5 is a power of −2.5
		}
		parts = append(parts, val)
	}
	label := strings.Join(parts, "_")
	const most = 100
	if len(label) > most {
		sum := sha256.Sum256([]byte(q.Encode()))
		label = label[:most-9] + "-" + hex.EncodeToString(sum[:4])
	}
	return label
}

// The dashboard's URLs for a query: the query's own parameters, canonical (defaults left out).

func rankingURLFor(q report.IndexQuery) string { return "/ranking?" + q.Encode() }

func indexCSVURLFor(q report.IndexQuery) string { return "/api/v1/index.csv?" + q.Encode() }

func beyondGDPURL(q report.IndexQuery) string { return "/beyond-gdp?" + q.Encode() }

func beyondGDPCSVURL(q report.IndexQuery) string { return "/api/v1/beyond-gdp.csv?" + q.Encode() }

func disparityCSVURL(q report.IndexQuery) string { return "/api/v1/disparity.csv?" + q.Encode() }

func regionURLFor(code string, q report.IndexQuery) string {
	u := "/region/" + url.PathEscape(code)
	if e := q.Encode(); e != "" {
		u += "?" + e
	}
	return u
}

func profileCSVURLFor(code string, q report.IndexQuery) string {
	return "/api/v1/regions/" + url.PathEscape(code) + "/profile.csv?" + q.Encode()
}

// trendsCSVURL is the download of a region's change over time, which no index choice changes.
func trendsCSVURL(code string) string {
	return "/api/v1/regions/" + url.PathEscape(code) + "/trends.csv"
}

// withLevel is the query at another level, with the same choices; where the query's framework
// has no indicators at that level, on the default framework with equal weights.
func withLevel(q report.IndexQuery, l data.Level) report.IndexQuery {
	q.Level = l
	if !q.Framework().HasLevel(l) {
		q = withFramework(q, data.DefaultFramework())
	}
	return q
}

// frameworkLinks are the frameworks offered at the query's level, each as the same page (urlFor)
// on that framework; choosing one resets the weights.
func frameworkLinks(q report.IndexQuery, urlFor func(report.IndexQuery) string) []levelLink {
	var links []levelLink
	for _, f := range data.Frameworks() {
		if f.HasLevel(q.Level) {
			links = append(links, levelLink{Title: f.Name, URL: urlFor(withFramework(q, f)), Current: f == q.Framework()})
		}
	}
	return links
}

// withFramework is the query on another framework, with equal weights (one framework's weights
// name dimensions another does not have) and the same other choices.
func withFramework(q report.IndexQuery, f *data.Framework) report.IndexQuery {
	if f != q.Framework() {
		q.Options.Framework, q.Options.Weights = f, nil
	}
	return q
}
