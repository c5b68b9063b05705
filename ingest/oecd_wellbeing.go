package ingest

import (
	"context"
	"errors"

	"github.com/placevalue/placevalue/data"
)

// OECDWellbeing reads the oecd-regional-wellbeing publication family.
type OECDWellbeing struct{}

// Publication implements Reader.
func (OECDWellbeing) Publication() string { return "oecd-regional-wellbeing" }

// Detect implements Reader.
func (OECDWellbeing) Detect(ctx context.Context, f *File) bool { return false }

// Read implements Reader.
func (OECDWellbeing) Read(ctx context.Context, f *File) (*data.Batch, error) {
	return nil, errors.New("oecd-regional-wellbeing: reader not written yet")
}
