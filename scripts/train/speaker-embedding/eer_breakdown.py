#!/usr/bin/env python3
"""EER (clean, 2 s segments, cosine) on subsets of eval speakers, and on train speakers (seen) for the
generalisation gap.  /usr/bin/python3 pipeline/eer_breakdown.py --ckpt model/ckpt.pt"""
import argparse, os, random, sys, json
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval import Embedder, eer_test  # noqa
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
json.dump(out, open(os.path.join(os.path.dirname(a.ckpt), "eer_breakdown.json"), "w"), indent=1)
