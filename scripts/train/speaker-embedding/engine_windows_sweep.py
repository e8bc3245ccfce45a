#!/usr/bin/env python3
"""AS-norm against cosine, counted on the engine's own windows of the real-voice corpus
(docs/experiments/speaker-embedding.md, "AS-norm on the engine's windows").

  scripts/dump-window-embeddings.sh CORPUS WINDOWS.tsv --engine silero
  Evaluate CORPUS --engine silero --speakers embedding --csv ENGINE.csv
  nice /usr/bin/python3 engine_windows_sweep.py CKPT DATA WINDOWS.tsv ENGINE.csv

CKPT must be the weights of the engine's model (onnx_to_ckpt.py recovers them). Each rule's threshold and min_frac
are calibrated as in backend_sweep.py (its cohort: 1500 of the training speakers' windows), then the windows of every
file are clustered offline (average-linkage AHC, clusters under min_frac not counted) and compared with the truth.
The cosine line also says on how many files it agrees with the engine's own count (ENGINE.csv): all of them shows
the harness counts as the engine does. Research code, a few minutes.
"""
import sys, os, random, csv
import numpy as np, torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval as ev
import backend_sweep as bs
from spkdata import load_split
torch.set_num_threads(1)
ck, data, dump, enginecsv = sys.argv[1:5]
emb = ev.Embedder(ck)
train = load_split(data, "train")
fit = {k: v for k, v in train.items() if k not in bs.HOLD3}
X, y = bs.fit_windows(emb, fit, random.Random(7), torch.Generator().manual_seed(7))
cohort_all = X[np.random.RandomState(1).choice(len(X), 1500, replace=False)]
cal = bs.conversations(emb, {k: train[k] for k in bs.HOLD3}, random.Random(456), torch.Generator().manual_seed(456), 25, [None, 30., 20., 10.])
files = []
for line in open(dump):
    p = line.rstrip('\n').split('\t')
    if int(p[5]) == 0: files.append((p[0], int(p[4]), None)); continue
    E = np.array([[float(v) for v in w.split(',')] for w in p[6].split(';')], dtype=np.float32)
    files.append((p[0], int(p[4]), E))
eng = {r['file']: int(r['speakers_est']) for r in csv.DictReader(open(enginecsv))}
def sim(E, rule, cohort):
    S = E @ E.T
    if rule == 'cosine': return S
    k = int(rule.split(':')[1])
    top = -np.sort(-(E @ cohort.T), axis=1)[:, :k]
    m, s = top.mean(1), top.std(1) + 1e-6
    return 0.5 * ((S - m[:, None]) / s[:, None] + (S - m[None, :]) / s[None, :])
for rule in ['cosine', 'as:100', 'as:300']:
    grid = np.round(np.arange(-3, 8.01, 0.1), 2) if rule != 'cosine' else np.round(np.arange(-0.2, 0.86, 0.025), 3)
    c = [(E, t, None, ev.ahc_merges_similarity(sim(E, rule, cohort_all))) for E, t in cal]
    best = None
    for thr in grid:
        for fr in ev.FRACS:
            p, t = ev.score(c, thr, fr); acc = (p == t).mean() - 0.01 * np.abs(p - t).mean()
            if best is None or acc > best[0]: best = (acc, float(thr), fr)
    _, thr, fr = best
    pred, true, agree, groups = [], [], 0, {}
    for f, t, E in files:
        if E is None or len(E) < 2: n = 0 if E is None else 1
        else:
            m = ev.ahc_merges_similarity(sim(E, rule, cohort_all))
            n = ev.count_from_sizes(ev.sizes_at(m, len(E), thr), fr)
        pred.append(n); true.append(t)
        if rule == 'cosine': agree += (n == eng.get(f, -1))
        g = f.split('/')[0] + ('/1' if t == 1 else '/n')
        groups.setdefault(g, []).append(n == t)
    pred, true = np.array(pred), np.array(true)
    one = (pred[true == 1] == 1).mean()
    print(f"{rule:8s} thr {thr:6.3f} frac {fr:4.2f} exact {np.mean(pred == true):.3f} mae {np.abs(pred - true).mean():.2f} one {one:.3f}",
          ' '.join(f"{g}:{np.mean(v):.2f}" for g, v in sorted(groups.items())), f"engine-agree {agree}" if rule == 'cosine' else '', flush=True)
