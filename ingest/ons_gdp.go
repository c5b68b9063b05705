package ingest

import (
	"context"
	"errors"

	"github.com/placevalue/placevalue/data"
)

// ONSGDP reads the ons-gdp-itl publication family.
type ONSGDP struct{}

// Publication implements Reader.
func (ONSGDP) Publication() string { return "ons-gdp-itl" }

// Detect implements Reader.
func (ONSGDP) Detect(ctx context.Context, f *File) bool { return false }

// Read implements Reader.
func (ONSGDP) Read(ctx context.Context, f *File) (*data.Batch, error) {
	return nil, errors.New("ons-gdp-itl: reader not written yet")
}
