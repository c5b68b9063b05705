package ingest

import (
	"bytes"
	"context"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/placevalue/placevalue/data"
)

// readProgress measures a workbook's reading in bytes of worksheet XML: every sheet counts its
// size, so a progress bar moves as fast over a large table as over many small ones. Within a
// sheet, the share of its rows read so far stands for the share of its bytes.
type readProgress struct {
	ctx         context.Context
	done, total int64
}

// newReadProgress sizes the worksheets of a workbook about to be read; it is nil, and silent,
// when the context asks for no progress or the workbook has no sheet XML.
func newReadProgress(ctx context.Context, wb *excelize.File) *readProgress {
	p := &readProgress{ctx: ctx}
	for _, s := range wb.GetSheetList() {
		p.total += int64(len(sheetPart(wb, s)))
	}
	if p.total == 0 {
		return nil
	}
	return p
}

// sheet reports rows of lastRow read of a sheet of size bytes that begins at done.
func (p *readProgress) sheet(size int64, row, lastRow int) {
	if p == nil {
		return
	}
	at := p.done
	if lastRow > 0 {
		at += size * int64(min(row, lastRow)) / int64(lastRow)
	}
	data.ReportProgress(p.ctx, min(at, p.total), p.total)
}

// sheetDone counts a sheet of size bytes as read.
func (p *readProgress) sheetDone(size int64) {
	if p == nil {
		return
	}
	p.done = min(p.done+size, p.total)
	data.ReportProgress(p.ctx, p.done, p.total)
}

// finish reports the whole workbook read, sheets left unread included.
func (p *readProgress) finish() {
	if p == nil {
		return
	}
	p.done = p.total
	data.ReportProgress(p.ctx, p.done, p.total)
}

// dimensionLastRow reads the last row of a worksheet's declared used range, <dimension
// ref="A1:S527"/>, near the start of its XML; 0 when there is none.
func dimensionLastRow(part []byte) int {
	head := part[:min(len(part), 4096)]
	i := bytes.Index(head, []byte(`<dimension ref="`))
	if i < 0 {
		return 0
	}
	ref := head[i+len(`<dimension ref="`):]
	end := bytes.IndexByte(ref, '"')
	if end < 0 {
		return 0
	}
	ref = ref[:end]
	if c := bytes.LastIndexByte(ref, ':'); c >= 0 {
		ref = ref[c+1:]
	}
	ref = bytes.TrimLeft(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ$")
	n, err := strconv.Atoi(string(ref))
	if err != nil {
		return 0
	}
	return n
}
