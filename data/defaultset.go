package data

import (
	"embed"
	"io/fs"
	"slices"
)

// The default dataset is what `placevalue serve` loads on a machine with no database yet: small
// cuts of the publishers' own files, in their own layouts and with their real figures, made by
// tools/mkdefault (see default/README.md for what each holds and the licences).
//
//go:embed default
var defaultFS embed.FS

// defaultFileNames are the data files of the default dataset, in the order they are loaded.
var defaultFileNames = []string{
	"oecd-regional-wellbeing-2025-extract.xlsx",
	"ons-regional-gdp-itl-2023-extract.xlsx",
	"ons-subnational-indicators-2024-03-extract.xlsx",
	"202105-ofcom-fixed-laua-coverage-extract.csv",
}

// DefaultFiles returns the default dataset's files, named as in DefaultFileNames, beside a
// README.md.
func DefaultFiles() fs.FS {
	sub, err := fs.Sub(defaultFS, "default")
	if err != nil {
		// fs.Sub fails only on an invalid path, and "default" is a constant.
		panic(err)
	}
	return sub
}

// DefaultFileNames lists the default dataset's data files in the order they are loaded.
func DefaultFileNames() []string { return slices.Clone(defaultFileNames) }

// IsDefaultFile reports whether a file name is one of the embedded default dataset's files.
func IsDefaultFile(name string) bool {
	_, err := fs.Stat(DefaultFiles(), name)
	return err == nil && name != "README.md"
}
