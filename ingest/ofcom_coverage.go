package ingest

import (
	"context"
	"errors"

	"github.com/placevalue/placevalue/data"
)

// OfcomCoverage reads the ofcom-fixed-coverage-laua publication family.
type OfcomCoverage struct{}

// Publication implements Reader.
func (OfcomCoverage) Publication() string { return "ofcom-fixed-coverage-laua" }

// Detect implements Reader.
func (OfcomCoverage) Detect(ctx context.Context, f *File) bool { return false }

// Read implements Reader.
func (OfcomCoverage) Read(ctx context.Context, f *File) (*data.Batch, error) {
	return nil, errors.New("ofcom-fixed-coverage-laua: reader not written yet")
}
