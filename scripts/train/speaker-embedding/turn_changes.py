#!/usr/bin/env python3
"""The turn-change detector the engine cuts the speech at before the embedding windows
(MODEL-CARD.md, "The turn-change detector"; docs/experiments/speaker-embedding.md, "A learned turn-change detector").

  nice -n 19 /usr/bin/python3 turn_changes.py train DATA OUT.pt [STEPS]    (1600 steps: about 30 min on 2 cores)
  /usr/bin/python3 turn_changes.py export OUT.pt turn-changes.onnx         (+ .sha256 beside it)

train: 8 s conversations of 1-4 voices of the training split (the 12 calibration speakers of backend_sweep.HOLD3
left out), as the speech the engine sees after its VAD: pauses removed, one voice per turn. Turns of 0.3-4 s
(a third under 1 s: real conversations change voice every 1.7 s at the median), levels +-6 dB, 70 % in white,
pink, brown or babble noise at 5-40 dB, 30 % through a random channel EQ, 20 % in the telephone band and 10 % in
the 8 kHz band, the whole at -35..0 dB peak. The embedding's log-mel front end; two 1-D convolutions and a
bidirectional GRU give each 10 ms frame the probability that the voice changes within 0.1 s of it (positives
weighted 5x).

export: the front end as fixed convolutions (spkmodel.FbankConv) + the network + a sigmoid:
  input "waveform" float32 [1, samples] (16 kHz, full scale 1.0), output "change" float32 [1, frames],
  frames = 1 + (samples - 400) // 160, frame t centred on sample 160 t + 200.
"""
import hashlib
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backend_sweep as bs  # noqa: E402
import eval as ev  # noqa: E402
from spkdata import colored_noise, load_split, mix_snr, random_band_and_level, random_eq  # noqa: E402
from spkmodel import NMELS, FbankConv, FbankFFT  # noqa: E402

SR, CONV_S, TOLERANCE_FRAMES, BATCH = 16000, 8, 10, 32


class ChangeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv1d(NMELS, 96, 5, padding=2), nn.BatchNorm1d(96), nn.ReLU(),
                                  nn.Conv1d(96, 96, 5, padding=2), nn.BatchNorm1d(96), nn.ReLU())
        self.gru = nn.GRU(96, 64, batch_first=True, bidirectional=True)
        self.out = nn.Linear(128, 1)

    def forward(self, feats):  # [B, M, T] -> [B, T] logits
        h, _ = self.gru(self.conv(feats).transpose(1, 2))
        return self.out(h).squeeze(-1)


class Exported(nn.Module):
    """Waveform in, change probability per 10 ms frame out."""

    def __init__(self, net):
        super().__init__()
        self.fb, self.net = FbankConv(), net

    def forward(self, wav):
        return torch.sigmoid(self.net(self.fb(wav)))


def turn_seconds(rng):
    return rng.uniform(0.3, 1.0) if rng.random() < 1 / 3 else rng.uniform(1.0, 4.0)


def joined_turns(spk, names, rng, seconds):
    """8 s of 1-4 voices taking turns, pauses removed: the waveform, the changes (samples) and the voices chosen.
    seconds(rng) draws a turn's length; each turn at -26 dBFS RMS +-6 dB."""
    n = rng.choice([1, 1, 2, 2, 3, 4])
    chosen = rng.sample(names, n)
    parts, cuts, prev, total = [], [], None, 0
    while total < CONV_S * SR:
        s = rng.choice([c for c in chosen if c != prev] or chosen)
        d = int(seconds(rng) * SR)
        a = spk[s]
        o = rng.randrange(0, len(a) - d)
        x = ev.f32(a[o:o + d])
        x = x / (x.pow(2).mean().sqrt() + 1e-6) * 0.05 * 10 ** (rng.uniform(-6, 6) / 20)
        if parts and s != prev:
            cuts.append(total)
        parts.append(x)
        total += len(x)
        prev = s
    return torch.cat(parts)[:CONV_S * SR], [c for c in cuts if c < CONV_S * SR], chosen


def conversation(spk, names, rng, gen):
    x, cuts, chosen = joined_turns(spk, names, rng, turn_seconds)
    if rng.random() < 0.7:
        kind = rng.choice(["white", "pink", "brown", "babble", "babble"])
        snr = rng.uniform(5, 40)
        if kind == "babble":
            others = [spk[o] for o in rng.sample(names, 5) if o not in chosen] or [spk[names[0]]]
            x = ev.add_noise(x, snr, kind, rng, others, gen)
        else:
            x = mix_snr(x, colored_noise(len(x), kind, gen), snr)
    if rng.random() < 0.3:
        x = random_eq(x, rng)
    x = random_band_and_level(x, rng)
    return x, cuts


def train(data, out, steps, make=None):
    """make(spk, names, rng, gen) -> (8 s waveform, change positions): conversation() unless given (the screen's own)."""
    make = make or conversation
    torch.set_num_threads(2)
    spk = {k: v for k, v in load_split(data, "train").items() if k not in bs.HOLD3 and len(v) > 20 * SR}
    names = sorted(spk)
    rng, gen = random.Random(1), torch.Generator().manual_seed(1)
    torch.manual_seed(1)
    fb, net = FbankFFT(), ChangeNet()
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    t0 = time.time()
    for it in range(steps):
        xs, cuts = zip(*[make(spk, names, rng, gen) for _ in range(BATCH)])
        with torch.no_grad():
            feats = fb(torch.stack(xs))
        target = torch.zeros(BATCH, feats.shape[2])
        for b, cs in enumerate(cuts):
            for c in cs:
                t = c // 160
                target[b, max(0, t - TOLERANCE_FRAMES):t + TOLERANCE_FRAMES + 1] = 1
        loss = nn.functional.binary_cross_entropy_with_logits(net(feats), target, pos_weight=torch.tensor(5.0))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if it % 50 == 0:
            print(f"step {it} loss {loss.item():.4f} {time.time() - t0:.0f} s", flush=True)
        if it == int(steps * 0.7):
            for g in opt.param_groups:
                g["lr"] = 3e-4
    torch.save(net.state_dict(), out)


def export(ckpt, onnx_path):
    torch.set_num_threads(1)
    net = ChangeNet()
    net.load_state_dict(torch.load(ckpt, map_location="cpu"))
    net.eval()
    m = Exported(net).eval()
    dummy = torch.randn(1, 48000) * 0.05
    torch.onnx.export(m, dummy, onnx_path, input_names=["waveform"], output_names=["change"],
                      dynamic_axes={"waveform": {1: "samples"}, "change": {1: "frames"}},
                      opset_version=17, do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(onnx_path))
    sha = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
    open(onnx_path + ".sha256", "w").write(f"{sha}  {os.path.basename(onnx_path)}\n")
    with torch.no_grad():
        fft = torch.sigmoid(net(FbankFFT()(dummy)))
        print("conv vs fft front end, max |diff| of the probabilities:", (m(dummy) - fft).abs().max().item())
    print("onnx bytes:", os.path.getsize(onnx_path), "sha256:", sha,
          "weights:", sum(p.numel() for p in net.parameters()))


if __name__ == "__main__":
    if sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1600)
    elif sys.argv[1] == "export":
        export(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
