#!/usr/bin/env python3
"""EER (clean, 2 s segments, cosine) on subsets of eval speakers, and on train speakers (seen) for the
generalisation gap.  /usr/bin/python3 pipeline/eer_breakdown.py --ckpt model/ckpt.pt"""
import argparse, os, random, sys, json
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval import Embedder, eer_test, eer, f32  # noqa
import numpy as np
from spkdata import load_split, SR  # noqa
ap = argparse.ArgumentParser(); ap.add_argument("--data", default="data"); ap.add_argument("--ckpt", default="model/ckpt.pt")
a = ap.parse_args(); torch.set_num_threads(1)
emb = Embedder(a.ckpt); ev = load_split(a.data, "eval", min_minutes=0.3); tr = load_split(a.data, "train")
subsets = {
  "eval_without_klettres": {k: v for k, v in ev.items() if not k.startswith("kle_")},
  "eval_tuxpaint_16k": {k: v for k, v in ev.items() if k.startswith("tux_")},
  "eval_asterisk_8k": {k: v for k, v in ev.items() if k.startswith("ast_")},
  "train_seen_ge2min_12spk": dict(sorted(((k, v) for k, v in tr.items() if len(v) >= 2 * 60 * SR), key=lambda kv: kv[0])[:12]),
}
out = {}
for name, d in subsets.items():
    e, n, s = eer_test(emb, d, random.Random(5), torch.Generator().manual_seed(5))
    out[name] = {"eer": e, "segments": n, "speakers": s}
    print(f"{name}: EER {e*100:.2f}% ({n} segments, {s} speakers: {' '.join(sorted(d))})", flush=True)
# per evaluation speaker: its own same-voice trials against every trial that pairs it with another voice
rng = random.Random(5); segs, labs = [], []
names = sorted(ev)
for si, s in enumerate(names):
    arr = ev[s]; n = len(arr) // (2 * SR); idx = list(range(n)); rng.shuffle(idx)
    for k in idx[:40]:
        segs.append(f32(arr[k * 2 * SR:(k + 1) * 2 * SR])); labs.append(si)
E = emb(torch.stack(segs)); labs = np.array(labs); S = E @ E.T
per = {}
for si, s in enumerate(names):
    rows = np.where(labs == si)[0]
    sc, lb = [], []
    for r in rows:
        for c in range(len(labs)):
            if c != r and not (labs[c] == si and c < r):
                sc.append(S[r, c]); lb.append(float(labs[c] == si))
    per[s] = eer(np.array(sc), np.array(lb))
    print(f"  {s}: EER {per[s]*100:.1f}% ({len(rows)} segments)", flush=True)
out["per_eval_speaker"] = per
json.dump(out, open(os.path.join(os.path.dirname(a.ckpt), "eer_breakdown.json"), "w"), indent=1)
