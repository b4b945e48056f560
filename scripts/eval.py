"""Scores the public answer sets for scripts/eval.sh (which see): one run per
set and engine, the halves scored from it with the sets' own scorers, and
the abstention trade-off of each check half drawn from one more run of this
engine that never abstains and reports its confidence."""
import json
import os
import subprocess
import sys

eval_dir, work, png, engines = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
env = {k: v for k, v in os.environ.items() if not k.startswith('SLACK_')}


def read(path):
    return [json.loads(l) for l in open(path) if l.strip()]


def number(q, prefix):
    return int(q['id'].lstrip(prefix))


squad = read(f'{eval_dir}/squad-dev/questions.jsonl')
articles = sorted({q['story'] for q in squad})
news = read(f'{eval_dir}/news/questions.jsonl')
stories = sorted({q['story'] for q in news if q.get('story')})
sets = [  # name, questions, corpus, SQuAD's scorer, the tune half
    ('public', read(f'{eval_dir}/public.jsonl'), None, False, None),
    ('casual', read(f'{eval_dir}/casual.jsonl'), None, False, lambda q: number(q, 'q') % 2 == 0),
    ('others', read(f'{eval_dir}/others.jsonl'), None, False, lambda q: q['id'].startswith('h')),
    ('news', news, f'{eval_dir}/news/corpus', False,
     lambda q: stories.index(q['story']) % 2 == 0 if q.get('story') else number(q, 'n') % 2 == 0),
    ('squad', squad, f'{eval_dir}/squad-dev/corpus', True, lambda q: articles.index(q['story']) % 2 == 0),
]


def ask(binary, extra, qs, corpus):
    e = dict(env)
    if corpus:
        e['STORYBOT_CORPUS'] = corpus
    out = subprocess.run([binary, 'ask', '--json', '--top', '3'] + extra,
                         input='\n'.join(q['q'] for q in qs) + '\n', text=True, capture_output=True,
                         env=e, check=True).stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def score(qs, answers, is_squad):
    qfile, afile = f'{work}/q.jsonl', f'{work}/a.jsonl'
    with open(qfile, 'w') as f:
        f.writelines(json.dumps(q) + '\n' for q in qs)
    with open(afile, 'w') as f:
        f.writelines(json.dumps(a) + '\n' for a in answers)
    if is_squad:
        r = json.loads(subprocess.run(['python3', f'{eval_dir}/squad-dev/score.py', qfile, afile, '--json'],
                                      capture_output=True, text=True, check=True).stdout)
        return (r['R1'], r['R3'], r['MRR3'], r['false_abstain'], r['abstain_unanswerable'], None)
    r = json.loads(subprocess.run(['python3', f'{eval_dir}/score.py', qfile, afile, '--json'],
                                  capture_output=True, text=True, check=True).stdout)
    return (r['recall_at_1'], r['recall_at_3'], r['mrr_at_3'], r['false_abstain'], r['offtopic_abstain'], r['near_abstain'])


def halves(name, qs, tune):
    yield 'all', list(range(len(qs)))
    if tune:
        yield 'tune', [i for i, q in enumerate(qs) if tune(q)]
        yield 'check', [i for i, q in enumerate(qs) if not tune(q)]


print('| set | half | engine | R@1 | R@3 | MRR@3 | answerable refused | off-topic refused | near refused |')
print('|---|---|---|---|---|---|---|---|---|')
curves = {}
for name, qs, corpus, is_squad, tune in sets:
    runs = {}
    for eng in engines:
        label, binary, extra = eng.split('|')
        runs[label] = ask(binary, extra.split(), qs, corpus)
    for half, idx in halves(name, qs, tune):
        for label, answers in runs.items():
            row = score([qs[i] for i in idx], [answers[i] for i in idx], is_squad)
            cell = lambda x: '' if x is None else f'{x:.3f}'
            bold = (lambda s: f'**{s}**') if label == 'storybot' else (lambda s: s)
            print(f'| {name} | {half} | {bold(label)} | ' + ' | '.join(bold(cell(x)) if x is not None else '' for x in row) + ' |',
                  flush=True)
    if png and tune:
        check = [i for i, q in enumerate(qs) if not tune(q)]
        always = ask(engines[0].split('|')[1], ['--threshold', '-1'], [qs[i] for i in check], corpus)
        conf = [a.get('confidence', 0.0) for a in always]
        yes = [c for c, i in zip(conf, check) if qs[i].get('answerable', True) is not False]
        no = [c for c, i in zip(conf, check) if qs[i].get('answerable', True) is False]
        curves[name] = (yes, no)

if png and curves:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.4, 4.8), dpi=100)
    for name, (yes, no) in curves.items():
        ts = sorted(set(yes + no + [0.0, 1.0]))
        xs = [sum(c < t for c in yes) / len(yes) for t in ts]
        ys = [sum(c < t for c in no) / max(1, len(no)) for t in ts]
        ax.plot(xs, ys, label=f'{name} (check half)')
    ax.axvline(0.05, color='grey', linestyle=':', linewidth=1)
    ax.axhline(0.95, color='grey', linestyle=':', linewidth=1)
    ax.set_xlabel('answerable questions refused')
    ax.set_ylabel('unanswerable questions refused')
    ax.set_xlim(0, 0.5)
    ax.set_ylim(0, 1.01)
    ax.set_title('What the judge refuses, as its threshold moves')
    ax.legend(loc='lower right')
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(png)
    print(f'\nwrote {png}')
