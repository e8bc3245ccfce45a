#!/usr/bin/env python3
"""The turn-change level (speaker-embedding.json "turn_change_level") calibrated as the clustering threshold is: on
the 100 wideband conversations of the 12 held-out speakers (backend_sweep.HOLD3, left out of the embedding's and the
detector's training; eval.py's seed 456, clean and at 30, 20 and 10 dB). Each conversation is the speech the engine
clusters after its VAD: 60 s of 2-4 s turns, pauses between turns removed.

  nice /usr/bin/python3 turn_change_level_calibration.py EMBEDDING_CKPT DETECTOR_PT DATA [SEED [PER_COUNT]]

(SEED 456 and 25 conversations per count are eval.py's calibration set; another seed draws other turns and noise.)

For each level the detector's cuts are found as the engine finds them (a frame over the level and the highest within
50 frames), the windows are laid inside the pieces as Windows.inside lays them (pieces of 1.5 s or more: the 1.5 s /
0.75 s grid from the piece's start; 0.5-1.5 s: one window of the piece; shorter: none), and the windows are counted
by average-linkage AHC at the shipped threshold and min_frac (and at the threshold the calibration would choose for
that level). It prints exact and one-voice rates per level; "grid" is the regular grid without the detector, "truth"
the windows laid between the true turn changes (what a perfect detector would give).
Research code, about a minute per 100 conversations on 2 cores.
"""
import os
import random
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backend_sweep as bs  # noqa: E402
import eval as ev  # noqa: E402
from spkdata import SR, load_split  # noqa: E402
from spkmodel import FbankFFT  # noqa: E402
from turn_changes import ChangeNet  # noqa: E402

WINDOW, HOP, MIN_PIECE, PEAK_RADIUS = int(1.5 * SR), int(0.75 * SR), int(0.5 * SR), 50
SHIPPED_THRESHOLD, SHIPPED_MIN_FRAC = 0.175, 0.1
LEVELS = [None, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, "truth"]


def cuts(p, level):
    """Engine's TurnChangeDetector.cuts: frame t (centred on sample 160 t + 200) over level and the highest within
    PEAK_RADIUS frames, the first of equals."""
    out = []
    for t in np.nonzero(p > level)[0]:
        lo, hi = max(0, t - PEAK_RADIUS), min(len(p), t + PEAK_RADIUS + 1)
        if p[lo:t].max(initial=-1) < p[t] and p[t + 1:hi].max(initial=-1) <= p[t]:
            out.append(160 * int(t) + 200)
    return out


def windows_inside(length, cs):
    """Engine's Windows.inside (start, length) pairs; the grid without cuts."""
    if not cs:
        return [(i * HOP, WINDOW) for i in range(1 + max(0, (length - WINDOW) // HOP))]
    out = []
    for k in range(len(cs) + 1):
        a = 0 if k == 0 else cs[k - 1]
        b = length if k == len(cs) else cs[k]
        piece = b - a
        if piece < MIN_PIECE:
            continue
        count = 1 if piece < WINDOW else 1 + (piece - WINDOW) // HOP
        out += [(a + i * HOP, min(WINDOW, piece)) for i in range(count)]
    return out or [(i * HOP, WINDOW) for i in range(1 + max(0, (length - WINDOW) // HOP))]


def main():
    ckpt, detector, data = sys.argv[1:4]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 456
    per_count = int(sys.argv[5]) if len(sys.argv) > 5 else 25
    torch.set_num_threads(2)
    emb = ev.Embedder(ckpt)
    net = ChangeNet()
    net.load_state_dict(torch.load(detector, map_location="cpu"))
    net.eval()
    fb = FbankFFT()
    train = load_split(data, "train")
    held = {k: train[k] for k in bs.HOLD3}
    rng, gen = random.Random(seed), torch.Generator().manual_seed(seed)
    snrs = [None, 30., 20., 10.]
    convs = {lv: [] for lv in LEVELS}
    for n in [1, 2, 3, 4]:
        for k in range(per_count):
            turns = []
            x, true = ev.make_conv(held, n, rng, gen, snr=snrs[k % 4], turns=turns)
            changes = [a for (a, _, v), (_, _, u) in zip(turns[1:], turns) if v != u and a < len(x)]
            with torch.no_grad():
                p = torch.sigmoid(net(fb(x[None])))[0].numpy()
            cache = {}
            for lv in LEVELS:
                ws = windows_inside(len(x), [] if lv is None else changes if lv == "truth" else cuts(p, lv))
                need = [w for w in ws if w not in cache]
                for length in sorted({w[1] for w in need}):
                    group = [w for w in need if w[1] == length]
                    E = emb(torch.stack([x[s:s + length] for s, _ in group]))
                    cache.update(zip(group, E))
                E = np.stack([cache[w] for w in ws])
                convs[lv].append((E, true, snrs[k % 4], ev.ahc_merges(E)))
        print(f"{n} voices done", flush=True)
    for lv in LEVELS:
        c = convs[lv]
        thr, fr = ev.calibrated(c)
        pr, t = ev.score(c, thr, fr)
        best = (None, thr, fr, (pr == t).mean(), (pr[t == 1] == 1).mean())
        pr, t = ev.score(c, SHIPPED_THRESHOLD, SHIPPED_MIN_FRAC)
        by_n = " ".join(f"{n}:{(pr[t == n] == n).mean():.2f}" for n in [1, 2, 3, 4])
        print(f"level {'grid' if lv is None else lv}: windows {np.mean([len(e) for e, *_ in c]):.1f} | at the shipped "
              f"{SHIPPED_THRESHOLD}/{SHIPPED_MIN_FRAC}: exact {(pr == t).mean():.3f} ({by_n}), MAE "
              f"{np.abs(pr - t).mean():.2f} | calibration's choice {best[1]:.3f}/{best[2]:.2f}: exact {best[3]:.3f}, "
              f"one voice {best[4]:.3f}", flush=True)


if __name__ == "__main__":
    main()
