package ingest

import (
	"context"
	"errors"
	"testing"
)

// TestTextNamedAsAWorkbook checks the refusal of a text file that no reader knows and whose name
// says it is a workbook: it says that an .xlsx workbook (a zip archive) was expected and that the
// file is text, not that it is an unknown publication. A known table is still read by its content.
func TestTextNamedAsAWorkbook(t *testing.T) {
	tests := []struct {
		name, content, err string
	}{
		{"download.xlsx", "<!DOCTYPE html>\n<html><body>Too many requests</body></html>\n",
			`download.xlsx: expected an .xlsx workbook (a zip archive), as the file's name says, but the file is text: its first line is "<!DOCTYPE html>": download or save it again as an .xlsx workbook`},
		{"prices.XLSX", "item,price\napples,3\n",
			`prices.XLSX: expected an .xlsx workbook (a zip archive), as the file's name says, but the file is text: its first line is "item,price": download or save it again as an .xlsx workbook`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := NewFile(tt.name, []byte(tt.content))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Read(context.Background(), f)
			var ie *InputError
			if !errors.As(err, &ie) || err.Error() != tt.err {
				t.Errorf("error\n%v\nwant\n%s", err, tt.err)
			}
			if errors.Is(err, ErrUnknownPublication) {
				t.Error("a text file named .xlsx is refused as an unknown publication")
			}
		})
	}

	f, err := NewFile("202105_coverage.xlsx", []byte("laua,laua_name,SFBB availability (% premises)\nE06000001,HARTLEPOOL,97.1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := Read(context.Background(), f); err != nil || b.Source.Publication != "ofcom-fixed-coverage-laua" {
		t.Errorf("an Ofcom table named .xlsx: %v; want it read by its content", err)
	}
}
