# placevalue: the two commands a new machine needs are `make run` and `make test`.
GO       ?= go
ECHARTS  := dashboard/static/vendor/echarts.min.js
BIN      := bin/placevalue
DB       ?= placevalue.duckdb
ADDR     ?= 127.0.0.1:8080

.PHONY: run build test test-short deps vet fmt bench clean

# Serve the dashboard on the embedded default data (ingested on first start).
run: build
	./$(BIN) serve --db $(DB) --addr $(ADDR)

build: $(ECHARTS)
	$(GO) build -o $(BIN) ./cmd/placevalue

# echarts comes from the npm registry at build time and is embedded into the binary: no CDN.
$(ECHARTS): dashboard/package.json dashboard/package-lock.json
	npm ci --prefix dashboard --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $(ECHARTS))
	cp dashboard/node_modules/echarts/dist/echarts.min.js $(ECHARTS)

# Everything the tests need (echarts, Chromium for the browser tests) is installed here.
deps: $(ECHARTS)
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; }

# All tests, with the race detector; then each fuzz target for a fixed few seconds.
# The fuzz budgets are counts of inputs (about 5 s each on two cores), not durations: with a
# duration, Go 1.26's fuzz coordinator can report a bare "context deadline exceeded" failure as
# the time runs out while a worker is mid-input (golang/go#75804, fixed in Go 1.27). A count has
# no deadline to race.
FUZZ_TABLE_INPUTS ?= 8000x
FUZZ_CSV_INPUTS ?= 25000x
test: deps vet
	$(GO) test -race -count=1 ./...
	$(GO) test -run '^$$' -fuzz '^FuzzReadTable$$' -fuzztime $(FUZZ_TABLE_INPUTS) -fuzzminimizetime 5x ./ingest/
	$(GO) test -run '^$$' -fuzz '^FuzzReadCSV$$' -fuzztime $(FUZZ_CSV_INPUTS) -fuzzminimizetime 5x ./ingest/

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet ./...

bench: $(ECHARTS)
	$(GO) test -run '^$$' -bench . -benchmem ./metrics/ ./ingest/

clean:
	rm -rf bin dashboard/node_modules dashboard/static/vendor
