package data

// Dimension is one of the OECD's eleven well-being topics.
type Dimension struct {
	ID   string // snake_case id used in URLs, CSV columns and the catalogue files
	Name string
}

// Dimensions are the OECD Regional Well-Being topics, in the OECD's order.
var Dimensions = []Dimension{
	{"income", "Income"},
	{"jobs", "Jobs"},
	{"housing", "Housing"},
	{"education", "Education"},
	{"health", "Health"},
	{"environment", "Environment"},
	{"safety", "Safety"},
	{"civic_engagement", "Civic engagement"},
	{"access_to_services", "Access to services"},
	{"community", "Community"},
	{"life_satisfaction", "Life satisfaction"},
}

// DimensionByID finds a dimension by its id.
func DimensionByID(id string) (Dimension, bool) {
	for _, d := range Dimensions {
		if d.ID == id {
			return d, true
		}
	}
	return Dimension{}, false
}

// DimensionByName finds a dimension by its published name ("Civic engagement"), ignoring case.
func DimensionByName(name string) (Dimension, bool) {
	for _, d := range Dimensions {
		if equalFold(d.Name, name) {
			return d, true
		}
	}
	return Dimension{}, false
}
