#!/usr/bin/env bash
# Benchmarks ingest of every real .xlsx and .csv file (../shared/data/real: oecd, ons, connectivity,
# codes), reading and parsing them into batches without loading them, against a baseline measured
# in the same run: reading the same files and inflating every worksheet of each workbook to
# io.Discard, without parsing. Prints the ratio, then the warehouse load of the largest batch (ONS
# GVA, about half a million observations) on its own: the ratio does not include any load.
#
# Usage: bench/ingest.sh [COUNT]   (COUNT runs of each benchmark, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-3}"
out="$(go test -run '^$' -bench 'BenchmarkIngestRealFiles|BenchmarkUnzipBaseline|BenchmarkValidateGVA|BenchmarkLoadGVA' \
	-benchtime="${count}x" ./ingest/)"
echo "$out" | grep -E '^(Benchmark|goos|goarch|cpu|ok)' || true
if echo "$out" | grep -q '^--- SKIP'; then
	echo "$out" | grep -A2 '^--- SKIP'
	exit 1
fi
echo "$out" | awk '
	/^BenchmarkIngestRealFiles/ { ingest = $3; for (i = 4; i < NF; i++) if ($(i+1) == "x-unzip") ratio = $i; for (i = 4; i < NF; i++) if ($(i+1) == "files") files = $i }
	/^BenchmarkUnzipBaseline/   { unzip = $3 }
	/^BenchmarkValidateGVA/     { validate = $3 }
	/^BenchmarkLoadGVA/         { load = $3 }
	END {
		if (ingest == "" || unzip == "") { print "benchmarks did not run"; exit 1 }
		printf "\ningest of %d real files, read and parsed to batches (no load): %.2f s; unzip baseline alone: %.3f s\n", files, ingest / 1e9, unzip / 1e9
		printf "ingest / unzip baseline (timed in the same loop): %.1fx\n", ratio
		printf "warehouse load of the ONS GVA batch: %.2f s, of which validation %.2f s\n", load / 1e9, validate / 1e9
	}'
