#!/usr/bin/env python3
"""Does a linear back end or score normalisation count better than plain cosine on the same embeddings?

  nice /usr/bin/python3 backend_sweep.py --ckpt CKPT --data corpus/speaker-embedding/data [--out RESULT.json]

(CKPT from train.py, or from the shipped ONNX via onnx_to_ckpt.py.) Fits, on the training speakers' 1.5 s windows
(the calibration speakers of rebuild.sh left out; up to 60 windows each, 40 % with noise at 10-30 dB, 15 %
telephone band, 30 % random channel EQ):
  centering, WCCN (within-speaker whitening, shrunk 0.5 / 0.9), LDA to 32 / 64 / 96 dimensions, and adaptive
  symmetric score normalisation (AS-norm: each score less the mean of a window's top-K cohort scores, over their
  spread) against 1500 training windows, alone or after one of the projections.
Each rule then gets its AHC threshold and min_frac calibrated on conversations of the 12 calibration speakers
(eval.py's calibrate: clean, 30, 20, 10 dB) and is scored on eval.py's 60 s conversations of the 18 evaluation
speakers (25 per count 1-4; clean, 20 dB, 10 dB). Research code: the engine clusters plain cosine
(docs/experiments/speaker-embedding.md has the result).
"""
import argparse
import json
import os
import random
import sys

import numpy as np
import scipy.linalg as sl
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval as ev  # noqa
from spkdata import load_split, SR, random_eq, band_limit  # noqa

HOLD3 = ("ast_ru_IvrvoiceRU,dra_en_J,dra_es_VB,kle_hu,kle_ml,tux_bg,tux_ca,tux_da,"
         "foq_d59,foq_d25,foq_d53,foq_d33").split(",")


def fit_windows(emb, spk, rng, gen):
    W = int(ev.WIN_S * SR)
    X, y = [], []
    names = sorted(spk)
    for si, s in enumerate(names):
        a = spk[s]
        segs = []
        for _ in range(max(1, min(60, len(a) // W))):
            o = rng.randrange(0, max(1, len(a) - W))
            x = ev.f32(a[o:o + W])
            r = rng.random()
            if r < 0.4:
                others = [spk[o2] for o2 in rng.sample(names, 4) if o2 != s]
                x = ev.add_noise(x, rng.choice([10., 20., 30.]), rng.choice(["white", "pink", "babble"]), rng, others, gen)
            elif r < 0.55:
                x = band_limit(x, 300., 3400.)
            if rng.random() < 0.3:
                x = random_eq(x, rng)
            segs.append(x)
        E = emb(torch.stack(segs))
        X.append(E)
        y += [si] * len(E)
    return np.concatenate(X), np.array(y)


def projections(X, y):
    mu = X.mean(0)
    Xc = X - mu
    d = X.shape[1]
    Sw = np.zeros((d, d))
    Sb = np.zeros((d, d))
    for c in np.unique(y):
        Z = Xc[y == c]
        m = Z.mean(0)
        Sw += (Z - m).T @ (Z - m)
        Sb += len(Z) * np.outer(m, m)
    Sw /= len(X)
    Sb /= len(X)
    T = {"cosine": (np.zeros(d), np.eye(d)), "center": (mu, np.eye(d))}
    for a in [0.5, 0.9]:
        w, V = np.linalg.eigh(a * Sw + (1 - a) * np.eye(d) * np.trace(Sw) / d)
        T[f"wccn{a}"] = (mu, V @ np.diag(w ** -0.5) @ V.T)
    w, V = sl.eigh(Sb, Sw + 1e-6 * np.eye(d))
    order = np.argsort(-w)
    for k in [32, 64, 96]:
        T[f"lda{k}"] = (mu, V[:, order[:k]])
    return T


def project(E, t):
    mu, A = t
    Z = (E - mu) @ A
    return Z / np.linalg.norm(Z, axis=1, keepdims=True)


def similarity(E, rule, T, cohort):
    if rule.startswith("asnorm"):
        _, base, k = rule.split(":")
        Z, C = project(E, T[base]), project(cohort, T[base])
        S = Z @ Z.T
        top = -np.sort(-(Z @ C.T), axis=1)[:, :int(k)]
        m, s = top.mean(1), top.std(1) + 1e-6
        return 0.5 * ((S - m[:, None]) / s[:, None] + (S - m[None, :]) / s[None, :])
    Z = project(E, T[rule])
    return Z @ Z.T


def conversations(emb, spk, rng, gen, per_n, snrs):
    out = []
    for n in [1, 2, 3, 4]:
        for k in range(per_n):
            x, true = ev.make_conv(spk, n, rng, gen, snr=snrs[k % len(snrs)])
            out.append((emb(ev.windows(x)), true))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", default=None)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    emb = ev.Embedder(a.ckpt)
    train = load_split(a.data, "train")
    evaluation = load_split(a.data, "eval", min_minutes=0.3)
    fit = {k: v for k, v in train.items() if k not in HOLD3}
    X, y = fit_windows(emb, fit, random.Random(7), torch.Generator().manual_seed(7))
    print(f"fitted on {len(X)} windows of {len(fit)} training speakers", flush=True)
    T = projections(X, y)
    cohort = X[np.random.RandomState(1).choice(len(X), 1500, replace=False)]
    rules = list(T) + ["asnorm:cosine:100", "asnorm:cosine:300", "asnorm:center:100", "asnorm:wccn0.5:100",
                       "asnorm:lda64:100"]
    cal = conversations(emb, {k: train[k] for k in HOLD3}, random.Random(456), torch.Generator().manual_seed(456),
                        25, [None, 30., 20., 10.])
    rng, gen = random.Random(99), torch.Generator().manual_seed(99)
    test = {c: conversations(emb, evaluation, rng, gen, 25, s) for c, s in
            [("clean", [None]), ("snr20", [20.]), ("snr10", [10.])]}
    result = {}
    for rule in rules:
        grid = np.round(np.arange(-3, 8.01, 0.1), 2) if rule.startswith("asnorm") else np.round(np.arange(-0.2, 0.86, 0.025), 3)
        c = [(E, t, None, ev.ahc_merges_similarity(similarity(E, rule, T, cohort))) for E, t in cal]
        best = None
        for thr in grid:
            for fr in ev.FRACS:
                p, t = ev.score(c, thr, fr)
                acc = (p == t).mean() - 0.01 * np.abs(p - t).mean()
                if best is None or acc > best[0]:
                    best = (acc, float(thr), fr)
        _, thr, fr = best
        result[rule] = {"threshold": thr, "min_frac": fr}
        line = f"{rule:18s} threshold {thr:6.3f} min_frac {fr:4.2f}"
        for cond, convs in test.items():
            c = [(E, t, None, ev.ahc_merges_similarity(similarity(E, rule, T, cohort))) for E, t in convs]
            p, t = ev.score(c, thr, fr)
            result[rule][cond] = ev.summary(p, t)
            s = result[rule][cond]
            line += f" | {cond} exact {s['exact']:.2f} mae {s['mae']:.2f} one {s['one_voice_rate']:.2f}"
        print(line, flush=True)
    if a.out:
        json.dump(result, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
