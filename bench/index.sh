#!/usr/bin/env bash
# Times an index with 1,000 Monte Carlo draws over OECD-TL2-sized data (530 regions, 15
# indicators) against one plain index measured in the same run, and prints the ratio; then the
# same on the real OECD Regional Well-Being file in ../shared/data/real, when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test -run '^$' -bench '^Benchmark(PlainIndex|Uncertainty1000|Uncertainty1000RealOECD)$' -benchtime 20x -count 1 ./metrics/)
echo "$out" | grep -E '^Benchmark'
plain=$(echo "$out" | awk '/^BenchmarkPlainIndex/ {print $3}')
draws=$(echo "$out" | awk '/^BenchmarkUncertainty1000-/ {print $3}')
awk -v p="$plain" -v d="$draws" 'BEGIN {
	printf "plain index: %.2f ms; 1,000 draws: %.1f ms; ratio %.1fx (target: 1,000 draws under 100 ms)\n", p/1e6, d/1e6, d/p
}'
# the real-data benchmark times its own plain index and reports it (plain-ms), the ratio (x-plain)
# and the regions ranked beside its ns/op
real=$(echo "$out" | awk '/^BenchmarkUncertainty1000RealOECD/ {
	for (i = 4; i <= NF; i++) m[$i] = $(i-1)
	printf "%s %s %s %s", $3, m["plain-ms"], m["x-plain"], m["regions"]
}')
if [ -z "$real" ]; then
	echo "real OECD data: not benchmarked (../shared/data/real not found)"
else
	echo "$real" | awk '{
		printf "real OECD TL2 data (%d regions): plain index: %.2f ms; 1,000 draws: %.1f ms; ratio %.1fx\n", $4, $2, $1/1e6, $3
	}'
fi
