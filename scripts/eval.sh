#!/usr/bin/env bash
# Scores every public answer set with score.py, whole and in its halves
# (tune: what the models are fitted on; check: never fitted on), for this
# engine, plain BM25 and the previous engine, and prints one Markdown table.
#
#   scripts/eval.sh                 # from the module root
#   PREV=<commit> scripts/eval.sh   # another previous engine (default: the last before the learned one)
#   PREV= scripts/eval.sh           # without the previous engine
#
# Halves: casual.jsonl by id (even numbers tune, odd check); SQuAD by
# article (alternate articles in name order tune and check; every question
# is still asked against all nine articles).
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir=${EVAL:-../shared/eval}
prev=${PREV-2839df8}
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${wt:-}" ] && git worktree remove --force "$wt" >/dev/null 2>&1 || true' EXIT

go build -o "$work/storybot" ./cmd/storybot
engines=("storybot|$work/storybot|" "bm25|$work/storybot|--plain")
if [ -n "$prev" ]; then
  wt="$work/prev"
  git worktree add --detach "$wt" "$prev" >/dev/null 2>&1
  (cd "$wt" && go build -o "$work/prev-storybot" ./cmd/storybot)
  engines+=("previous|$work/prev-storybot|")
fi

python3 - "$eval_dir" "$work" "${engines[@]}" <<'PY'
import json, os, subprocess, sys
eval_dir, work, engines = sys.argv[1], sys.argv[2], sys.argv[3:]
env = {k: v for k, v in os.environ.items() if not k.startswith('SLACK_')}

def read(path):
    return [json.loads(l) for l in open(path) if l.strip()]

casual = read(f'{eval_dir}/casual.jsonl')
squad = read(f'{eval_dir}/squad-dev/questions.jsonl')
articles = sorted({q['story'] for q in squad})
tune_casual = lambda q: int(q['id'].lstrip('q')) % 2 == 0
tune_squad = lambda q: articles.index(q['story']) % 2 == 0
sets = [
    ('public', 'all', read(f'{eval_dir}/public.jsonl'), None, False),
    ('casual', 'all', casual, None, False),
    ('casual', 'tune', [q for q in casual if tune_casual(q)], None, False),
    ('casual', 'check', [q for q in casual if not tune_casual(q)], None, False),
    ('squad', 'all', squad, f'{eval_dir}/squad-dev/corpus', True),
    ('squad', 'tune', [q for q in squad if tune_squad(q)], f'{eval_dir}/squad-dev/corpus', True),
    ('squad', 'check', [q for q in squad if not tune_squad(q)], f'{eval_dir}/squad-dev/corpus', True),
]
print('| set | half | engine | R@1 | R@3 | MRR@3 | answerable refused | off-topic refused | near refused |')
print('|---|---|---|---|---|---|---|---|---|')
for name, half, qs, corpus, is_squad in sets:
    qfile, out = f'{work}/q.jsonl', f'{work}/out.jsonl'
    with open(qfile, 'w') as f:
        for q in qs:
            f.write(json.dumps(q) + '\n')
    for eng in engines:
        label, binary, extra = eng.split('|')
        e = dict(env)
        if corpus:
            e['STORYBOT_CORPUS'] = corpus
        with open(out, 'w') as o:
            subprocess.run([binary, 'ask', '--json', '--top', '3'] + extra.split(),
                           input='\n'.join(q['q'] for q in qs) + '\n', text=True, stdout=o,
                           stderr=subprocess.DEVNULL, env=e, check=True)
        if is_squad:
            r = json.loads(subprocess.run(['python3', f'{eval_dir}/squad-dev/score.py', qfile, out, '--json'],
                                          capture_output=True, text=True, check=True).stdout)
            row = (r['R1'], r['R3'], r['MRR3'], r['false_abstain'], r['abstain_unanswerable'], None)
        else:
            r = json.loads(subprocess.run(['python3', f'{eval_dir}/score.py', qfile, out, '--json'],
                                          capture_output=True, text=True, check=True).stdout)
            row = (r['recall_at_1'], r['recall_at_3'], r['mrr_at_3'], r['false_abstain'], r['offtopic_abstain'], r['near_abstain'])
        cell = lambda x: '' if x is None else f'{x:.3f}'
        bold = lambda s: f'**{s}**' if label == 'storybot' else s
        print(f'| {name} | {half} | {bold(label)} | ' + ' | '.join(bold(cell(x)) if x is not None else '' for x in row) + ' |')
PY
