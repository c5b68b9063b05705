package ingest

import (
	"context"
	"errors"

	"github.com/placevalue/placevalue/data"
)

// ONSSubnational reads the ons-subnational-indicators publication family.
type ONSSubnational struct{}

// Publication implements Reader.
func (ONSSubnational) Publication() string { return "ons-subnational-indicators" }

// Detect implements Reader.
func (ONSSubnational) Detect(ctx context.Context, f *File) bool { return false }

// Read implements Reader.
func (ONSSubnational) Read(ctx context.Context, f *File) (*data.Batch, error) {
	return nil, errors.New("ons-subnational-indicators: reader not written yet")
}
