#!/usr/bin/env python3
"""Train the compact speaker-embedding network on the train split of data/manifest.tsv.

  nice -n 19 /usr/bin/python3 pipeline/train.py --data data --out model --minutes 40

Classes are pseudo-speakers: (real speaker, speed factor) with factors 0.9 / 1.0 / 1.1 (speed =
tempo + pitch, like `sox speed`), each a separate class. Every crop also gets, at random: gain,
white / pink / brown / babble noise at 5-30 dB SNR, telephone band (300-3400 Hz) or 8 kHz band
(0-4 kHz). Loss: AAM-softmax (s=30, margin ramped 0 -> 0.2). Training is time-budgeted (--minutes)
with a cosine LR schedule over that budget, so runs are reproducible in length on a slow machine.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spkdata import load_split, resample_fft, colored_noise, mix_snr, random_eq, random_band_and_level, SR  # noqa
from spkmodel import FbankFFT, SpeakerNet, AAMSoftmax  # noqa

SPEEDS = [0.9, 1.0, 1.1]


def make_batch(spk_arrays, classes, B, L, rng, gen, n_real=None, syn_frac=0.0, names=None, eq_p=0.0):
    """Classes [0, n_real) are real pseudo-speakers, the rest synthetic; a crop is synthetic with
    probability syn_frac (so real voices dominate the loss). Babble comes from `names` (real voices)."""
    xs, ys = [], []
    names = names or list(spk_arrays.keys())
    n_real = len(classes) if n_real is None else n_real
    for _ in range(B):
        if n_real < len(classes) and rng.random() < syn_frac:
            c = rng.randrange(n_real, len(classes))
        else:
            c = rng.randrange(n_real)
        spk, f = classes[c]
        a = spk_arrays[spk]
        n_src = int(round(L * f))
        off = rng.randrange(0, max(1, len(a) - n_src))
        x = torch.from_numpy(a[off: off + n_src].astype(np.float32) / 32768.0)
        if len(x) < n_src:
            x = torch.cat([x, torch.zeros(n_src - len(x))])
        if f != 1.0:
            x = resample_fft(x, L)
        r = rng.random()
        if r < 0.6:
            snr = rng.uniform(5, 30)
            kind = rng.choice(["white", "pink", "brown", "babble", "babble"])
            if kind == "babble":
                nz = torch.zeros(L)
                for _k in range(rng.randint(1, 3)):
                    o = spk
                    while o == spk and len(names) > 1:
                        o = rng.choice(names)
                    b = spk_arrays[o]
                    oo = rng.randrange(0, max(1, len(b) - L))
                    seg = torch.from_numpy(b[oo: oo + L].astype(np.float32) / 32768.0)
                    nz[: len(seg)] += seg
            else:
                nz = colored_noise(L, kind, gen)
            x = mix_snr(x, nz, snr)
        if eq_p > 0 and rng.random() < eq_p:
            x = random_eq(x, rng)
        x = random_band_and_level(x, rng)
        xs.append(x)
        ys.append(c)
    return torch.stack(xs), torch.tensor(ys)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data")
    ap.add_argument("--out", default="model")
    ap.add_argument("--minutes", type=float, default=40.0)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--init", default=None, help="continue from this checkpoint (net + AAM head)")
    ap.add_argument("--syn", default=None, help="extra TRAIN-ONLY synthetic corpus dir (manifest.tsv, split=train)")
    ap.add_argument("--syn_frac", type=float, default=1.0 / 3.0, help="share of synthetic crops per batch")
    ap.add_argument("--holdout", default="", help="comma list of train speakers kept out (for calibration)")
    ap.add_argument("--warmup", type=float, default=0.03)
    ap.add_argument("--exclude_prefix", default="", help="leave out train speakers whose id starts with this")
    ap.add_argument("--eq", type=float, default=0.0, help="share of crops given a random channel (random_eq)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)

    t0 = time.time()
    spk = load_split(args.data, "train")
    if args.exclude_prefix:  # e.g. foq_: reproduces runs made before a source was added
        spk = {k: v for k, v in spk.items() if not k.startswith(args.exclude_prefix)}
    held = [h for h in args.holdout.split(",") if h]
    for h in held:
        assert h in spk, h
        del spk[h]
    real_names = sorted(spk)
    classes = [(s, f) for s in real_names for f in SPEEDS]
    n_real = len(classes)
    syn_names = []
    if args.syn:
        syn = load_split(args.syn, "train")
        assert not set(syn) & set(spk)
        syn_names = sorted(syn)
        spk.update(syn)
        classes += [(s, 1.0) for s in syn_names]
    print(f"loaded {len(spk)} train speakers, {sum(len(a) for a in spk.values())/SR/60:.1f} min, "
          f"{len(classes)} classes, in {time.time()-t0:.0f}s", flush=True)

    fb = FbankFFT()
    net = SpeakerNet()
    head = AAMSoftmax(128, len(classes))
    if args.init:
        st = torch.load(args.init, map_location="cpu")
        net.load_state_dict(st["net"])
        old = [tuple(c) for c in st.get("classes", [])]  # none in a checkpoint made by onnx_to_ckpt.py
        if old == classes and "head" in st:
            head.load_state_dict(st["head"])
        else:  # class set changed: keep old rows of classes still present, centroids for the rest
            oldw = st["head"]["w"] if "head" in st else None
            net.eval()
            n_copy = 0
            with torch.no_grad():
                W = []
                for c in range(len(classes)):
                    if oldw is not None and classes[c] in old:
                        W.append(oldw[old.index(classes[c])].clone()); n_copy += 1; continue
                    xb, _ = make_batch(spk, [classes[c]], 6, 2 * SR, rng, gen, names=real_names)
                    W.append(torch.nn.functional.normalize(net(fb(xb)), dim=1).mean(0))
                head.w.data = torch.stack(W)
            print(f"AAM head: {n_copy} rows copied, {len(classes)-n_copy} from class centroids", flush=True)
    print("embedding params:", sum(p.numel() for p in net.parameters()), flush=True)
    opt = torch.optim.Adam(list(net.parameters()) + list(head.parameters()), lr=args.lr, weight_decay=2e-5)

    budget = args.minutes * 60.0
    t_start = time.time()
    step, last_ck, hist = 0, time.time(), []
    while True:
        el = time.time() - t_start
        frac = el / budget
        if frac >= 1.0:
            break
        lr = 1e-5 + 0.5 * (args.lr - 1e-5) * (1 + math.cos(math.pi * frac))
        if frac < args.warmup:
            lr *= max(0.1, frac / args.warmup)
        for g in opt.param_groups:
            g["lr"] = lr
        head.m = 0.2 if args.init else 0.2 * min(1.0, frac / 0.3)
        L = int(SR * rng.uniform(1.5, 3.0))
        x, y = make_batch(spk, classes, args.batch, L, rng, gen, n_real=n_real, syn_frac=args.syn_frac, names=real_names,
                          eq_p=args.eq)
        net.train()
        with torch.no_grad():
            feats = fb(x)
        e = net(feats)
        loss, logits = head(e, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        ok = (logits.argmax(1) == y).float()
        acc = ok.mean().item()
        rm = y < n_real
        hist.append((loss.item(), acc, ok[rm].mean().item() if rm.any() else float("nan")))
        step += 1
        if step % 25 == 0:
            l = np.mean([h[0] for h in hist[-25:]]); a = np.mean([h[1] for h in hist[-25:]])
            ar = np.nanmean([h[2] for h in hist[-25:]])
            print(f"step {step} t={el/60:.1f}min lr={lr:.2e} m={head.m:.2f} loss={l:.3f} acc={a:.3f} acc_real={ar:.3f}", flush=True)
        if time.time() - last_ck > 300:
            torch.save({"net": net.state_dict(), "head": head.state_dict(), "step": step, "classes": classes}, os.path.join(args.out, "ckpt.pt"))
            last_ck = time.time()
    torch.save({"net": net.state_dict(), "head": head.state_dict(), "step": step, "classes": classes}, os.path.join(args.out, "ckpt.pt"))
    info = {"steps": step, "minutes": (time.time() - t_start) / 60, "classes": len(classes),
            "train_speakers": real_names, "synthetic_speakers": syn_names, "held_out_for_calibration": held,
            "syn_frac": args.syn_frac, "eq": args.eq, "init": args.init, "lr": args.lr,
            "speeds": SPEEDS, "batch": args.batch, "seed": args.seed}
    json.dump(info, open(os.path.join(args.out, "train_info.json"), "w"), indent=1)
    print("done", json.dumps({k: v for k, v in info.items() if k != "train_speakers"}), flush=True)


if __name__ == "__main__":
    main()
