#!/usr/bin/env bash
# scale.sh: the engine at 100, 1,000 and 30,000 generated stories (up to
# about a million sentences), as the Markdown table docs/performance.md shows.
#
# Usage: scripts/scale.sh [SIZES...] > scale.md     (default: 100 1000 30000)
#
# For each size it generates a deterministic corpus and 2,000 questions with
# cmd/gencorpus (seed 1) into $WORK (default /tmp/storybot-scale), then runs
# `go test ./index -run TestScale`, which builds the on-disk index (first
# start), opens it again with the corpus unchanged (restart), answers every
# question and prints one row. Columns: stories, sentences, build time and
# rate, restart time, question latency p50/p99/max, share answered, Go heap
# after restart, process RSS, index size on disk (bleve and passages).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WORK:-/tmp/storybot-scale}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 30000)
mkdir -p "$work"
echo "| stories | sentences | first start (build) | sentences/s | restart | p50 | p99 | max | answered | heap | RSS | on disk |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  corpus=$work/corpus-$n questions=$work/questions-$n.txt
  if [ ! -f "$questions" ]; then
    rm -rf "$corpus"
    go run ./cmd/gencorpus -stories "$n" -seed 1 -out "$corpus" -questions "$questions" -nq 2000 >&2
  fi
  go test ./index -v -run "^TestScale$" -count=1 -timeout 60m \
    -scale.corpus "$corpus" -scale.questions "$questions" -scale.index "$work/index-$n" | grep '^|'
done
