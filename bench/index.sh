#!/usr/bin/env bash
# Times an index with 1,000 Monte Carlo draws over OECD-TL2-sized data (530 regions, 15
# indicators) against one plain index measured in the same run, and prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test -run '^$' -bench '^Benchmark(PlainIndex|Uncertainty1000)$' -benchtime 20x -count 1 ./metrics/)
echo "$out" | grep -E '^Benchmark'
plain=$(echo "$out" | awk '/^BenchmarkPlainIndex/ {print $3}')
draws=$(echo "$out" | awk '/^BenchmarkUncertainty1000/ {print $3}')
awk -v p="$plain" -v d="$draws" 'BEGIN {
	printf "plain index: %.2f ms; 1,000 draws: %.1f ms; ratio %.1fx (target: 1,000 draws under 100 ms)\n", p/1e6, d/1e6, d/p
}'
