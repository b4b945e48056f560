#!/usr/bin/env bash
# Scores every public answer set with its own scorer, whole and in its
# halves (tune: what the models are fitted on; check: never fitted on), for
# this engine, this engine by words alone (--no-reader), plain BM25
# (--plain) and the previous engine, and prints one Markdown table. It also
# draws the abstention trade-off of each set's check half
# (docs/answer-tradeoff.png).
#
#   scripts/eval.sh                 # from the module root
#   PREV=<commit> scripts/eval.sh   # another previous engine (default: the last before the reader)
#   PREV= scripts/eval.sh           # without the previous engine
#   PNG= scripts/eval.sh            # without the picture
#
# Halves: casual.jsonl by id (even numbers tune, odd check); others.jsonl by
# writer (ids h… tune, x… check); news/ by story (alternate stories in name
# order; questions of no story by id); SQuAD by article (alternate articles
# in name order tune and check; every question is still asked against all
# nine articles). Each engine answers each set once; the halves are scored
# from those answers.
#
# The picture needs matplotlib: it is installed (from PyPI) into a virtual
# environment under ${XDG_CACHE_HOME:-~/.cache}/storybot-eval when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir=${EVAL:-../shared/eval}
prev=${PREV-f6a7fac}
png=${PNG-docs/answer-tradeoff.png}
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${wt:-}" ] && git worktree remove --force "$wt" >/dev/null 2>&1 || true' EXIT

go build -o "$work/storybot" ./cmd/storybot
engines=("storybot|$work/storybot|" "words alone|$work/storybot|--no-reader" "bm25|$work/storybot|--plain")
if [ -n "$prev" ]; then
  wt="$work/prev"
  git worktree add --detach "$wt" "$prev" >/dev/null 2>&1
  (cd "$wt" && go build -o "$work/prev-storybot" ./cmd/storybot)
  engines+=("previous|$work/prev-storybot|")
fi

python=python3
if [ -n "$png" ] && ! python3 -c 'import matplotlib' 2>/dev/null; then
  venv=${XDG_CACHE_HOME:-$HOME/.cache}/storybot-eval
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -c 'import matplotlib' 2>/dev/null || "$venv/bin/pip" install -q matplotlib
  python=$venv/bin/python
fi

"$python" scripts/eval.py "$eval_dir" "$work" "$png" "${engines[@]}"
