#!/usr/bin/env python3
"""The "leave out the windows at a found turn change" rule, calibrated as the engine's threshold is: on the 100
conversations of the 12 held-out speakers (backend_sweep.HOLD3, eval.py's seed 456), wideband and through the
telephone channel (docs/experiments/speaker-embedding.md, "Turn changes found before the windows: a screen").

  nice /usr/bin/python3 turn_change_calibration.py CKPT DATA

The rule: where the cosine of two adjacent, non-overlapping engine windows (i and i+2, 1.5 s each) is under
THETA and the lowest of its neighbours, the window between them (i+1), which straddles the change, is not
clustered. For each THETA it prints the threshold and min_frac the calibration would choose, their exact rate
and one-voice rate, and the same at the shipped threshold. Research code, a few minutes.
"""
import sys, os, random
import numpy as np, torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval as ev
import backend_sweep as bs
from spkdata import load_split


def kept(E, theta):
    keep = np.ones(len(E), bool)
    if theta is None or len(E) < 3:
        return keep
    s = np.array([E[i] @ E[i + 2] for i in range(len(E) - 2)])
    for i in range(len(s)):
        if s[i] < theta and s[i] == s[max(0, i - 1):i + 2].min():
            keep[i + 1] = False
    return keep


def main():
    ckpt, data = sys.argv[1:3]
    torch.set_num_threads(2)
    emb = ev.Embedder(ckpt)
    train = load_split(data, "train")
    held = {k: train[k] for k in bs.HOLD3}
    for channel, name, shipped in [(None, "wideband", 0.175), (ev.telephone, "telephone", 0.25)]:
        cal = ev.conv_embs(emb, held, random.Random(456), torch.Generator().manual_seed(456), 25,
                           [None, 30., 20., 10.], channel=channel)
        for theta in [None, -0.1, 0.0, 0.1, 0.2, 0.3]:
            convs = []
            for E, t, snr, _ in cal:
                k = kept(E, theta)
                Ek = E[k] if k.sum() >= 2 else E
                convs.append((Ek, t, snr, ev.ahc_merges(Ek)))
            thr, fr = ev.calibrated(convs)
            p, t = ev.score(convs, thr, fr)
            best = (None, thr, fr, (p == t).mean(), (p[t == 1] == 1).mean())
            p, t = ev.score(convs, shipped, 0.1)
            print(f"{name} theta {theta}: chosen threshold {best[1]:.3f} min_frac {best[2]:.2f}: exact {best[3]:.3f}, "
                  f"one voice {best[4]:.3f} | at the shipped {shipped}: exact {(p == t).mean():.3f}, "
                  f"one voice {(p[t == 1] == 1).mean():.3f}", flush=True)


if __name__ == "__main__":
    main()
