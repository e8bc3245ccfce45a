"""Trains the segment verifier: a tiny MLP over SegmentFeatures (log-mel statistics of one VAD segment) that says
whether the segment is speech or a non-speech event (ring, chime, effect, music, typing).

    python3 train.py OUT_DIR TRAIN_TSV[,TRAIN_TSV...] [--check TSV,...]

The TSVs come from io.audioinsight.eval.DumpSegmentFeatures (rebuild.sh makes them), one row per crop of a VAD
segment; a crop is speech when at least half of its frames are ground-truth speech, non-speech when at most a fifth
are, and left out in between. Writes
OUT_DIR/segment-verifier.tsv (the weights; the engine class that read them, SegmentVerifier, is in commit 5449b71) and prints, for the
check TSVs, how many speech and non-speech segments each decision threshold would drop (a segment's logit is the
mean over its crops). SV_HIDDEN, SV_EPOCHS and SV_NOISE_WEIGHT override the defaults (those of the shipped model). Deterministic (fixed seed,
one thread).
"""
import csv, os, sys, numpy as np, torch

torch.manual_seed(17); np.random.seed(17); torch.set_num_threads(1)
HIDDEN = int(os.environ.get("SV_HIDDEN", 32))
EPOCHS = int(os.environ.get("SV_EPOCHS", 1000))
NOISE_WEIGHT = float(os.environ.get("SV_NOISE_WEIGHT", 10.0))


def load(paths, threshold=None):
    """Crops of DumpSegmentFeatures TSVs; with threshold, only those of segments found at that VAD threshold."""
    X, share, dur, rows = [], [], [], []
    for p in paths:
        with open(p) as fh:
            r = csv.reader(fh, delimiter='\t')
            head = next(r)
            fi = [i for i, h in enumerate(head) if h.startswith('f')][1:]  # 'file' is column 0
            si, ai, bi = head.index('speech_share'), head.index('start'), head.index('end')
            gi, ki = head.index('segment_share'), head.index('segment')
            ti = head.index('threshold')
            for row in r:
                if len(row) != len(head):
                    continue
                if threshold is not None and abs(float(row[ti]) - threshold) > 1e-6:
                    continue
                X.append([float(row[i]) for i in fi]); share.append(float(row[si]))
                dur.append(float(row[bi]) - float(row[ai]))
                rows.append((row[0], row[ki], row[ti], float(row[gi])))
    return np.array(X, np.float32), np.array(share), np.array(dur), rows


def main():
    out = sys.argv[1]
    X, s, d, _ = load(sys.argv[2].split(','))
    keep = (s >= 0.5) | (s <= 0.2)
    X, y, d = X[keep], (s[keep] >= 0.5).astype(np.float32), d[keep]
    print(f'training crops: {len(y)} ({int(y.sum())} speech, {int((1 - y).sum())} non-speech)')
    mu, sd = X.mean(0), X.std(0) + 1e-6
    Z = torch.tensor((X - mu) / sd)
    Y = torch.tensor(y)
    W = torch.tensor(np.where(y == 1, 1.0, NOISE_WEIGHT).astype(np.float32))
    model = torch.nn.Sequential(torch.nn.Linear(X.shape[1], HIDDEN), torch.nn.Tanh(), torch.nn.Linear(HIDDEN, 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2, weight_decay=1e-4)
    for epoch in range(EPOCHS):
        opt.zero_grad()
        logit = model(Z).squeeze(1)
        loss = (torch.nn.functional.binary_cross_entropy_with_logits(logit, Y, reduction='none') * W).mean()
        loss.backward(); opt.step()
    print(f'final loss {loss.item():.4f}')
    l1, l2 = model[0], model[2]
    with open(f'{out}/segment-verifier.tsv', 'w') as fh:
        fh.write(f'# segment verifier: inputs {X.shape[1]} hidden {HIDDEN} (tanh) output 1 (logit of speech)\n')
        fh.write('\t'.join(['mean'] + [repr(float(v)) for v in mu]) + '\n')
        fh.write('\t'.join(['std'] + [repr(float(v)) for v in sd]) + '\n')
        for j in range(HIDDEN):
            fh.write('\t'.join([f'hidden{j}'] + [repr(float(v)) for v in l1.weight[j].tolist()] + [repr(float(l1.bias[j]))]) + '\n')
        fh.write('\t'.join(['output'] + [repr(float(v)) for v in l2.weight[0].tolist()] + [repr(float(l2.bias[0]))]) + '\n')
    for arg in sys.argv[3:]:
        for p in arg.split(','):
            Xc, sc, dc, rows = load([p], 0.5)
            with torch.no_grad():
                logit = model(torch.tensor((Xc - mu) / sd)).squeeze(1).numpy()
            # a segment's logit is the mean over its crops (SegmentVerifier.speechLogit)
            seg = {}
            for (f, k, t, share), lg, dd in zip(rows, logit, dc):
                e = seg.setdefault((f, k), [share, 0.0, 0, 0.0])
                e[1] += lg; e[2] += 1
            for key, (share, total, count, _) in seg.items():
                seg[key][3] = total / count
            seg_share = np.array([v[0] for v in seg.values()]); seg_logit = np.array([v[3] for v in seg.values()])
            for thr in [-6, -5, -4, -3, -2, -1, 0]:
                drop = seg_logit < thr
                sp = seg_share >= 0.5; nz = seg_share <= 0.2
                print(f'{p.split("/")[-1]} thr {thr:+d}: speech segments dropped {int((sp & drop).sum())}/{int(sp.sum())}, '
                      f'non-speech segments dropped {int((nz & drop).sum())}/{int(nz.sum())}')


if __name__ == '__main__':
    main()
