#!/usr/bin/env python3
"""Builds a small labelled multi-speaker set with espeak-ng + sox, for tuning the speaker counter.

Usage: scripts/speaker-devset.py OUT_DIR [--pool dev|heldout] [--per-count 15] [--seed 1]

Each file has 1-4 distinct espeak-ng voices taking turns (a voice keeps its identity but varies its
pitch -p and speed -s from turn to turn, so one voice must still count as one), separated by pauses,
at 16 kHz mono 16-bit, clean or with white/pink noise at 10-30 dB SNR. manifest.tsv holds per file:
name, true count, and the turns as start:end:speaker (seconds, speakers numbered by first appearance).
The 'heldout' pool uses other voices and texts, to check that tuning on 'dev' did not overfit.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

import numpy as np

SR = 16000
POOLS = {
    "dev": ["en+m3", "en+f2", "en-us+m1", "en+f4", "en-gb+m7", "de+m2", "fr+f3", "en+m6", "en-us+f1"],
    "heldout": ["en+Andy", "en+Annie", "en+m5", "en+f5", "es+m4", "en+david", "en+linda", "it+m2", "en+steph"],
}
TEXTS = {
    "dev": [
        "The quick brown fox jumps over the lazy dog near the river bank.",
        "I think we should meet again next week to finish the report.",
        "Could you tell me where the nearest train station is, please?",
        "Yesterday the weather was cold, but today it is warm and sunny.",
        "We have to decide before the end of the month, there is no other way.",
        "That sounds like a very good idea, let me check my calendar first.",
        "The results of the experiment were not what anybody expected.",
        "Please remember to close the windows before you leave the office.",
        "My brother lives in a small town about two hours from here.",
        "Numbers are growing quickly, and the team needs more people soon.",
        "I am not sure that I understand the question, could you repeat it?",
        "After dinner we walked along the beach and watched the sunset.",
    ],
    "heldout": [
        "Every morning she reads the newspaper while drinking black coffee.",
        "The meeting was postponed because half of the committee was ill.",
        "He bought a second hand bicycle and painted it bright green.",
        "Honestly, I have never seen so many birds in one place before.",
        "Turn left at the bakery and you will see the museum on your right.",
        "Our flight leaves at seven, so we should get up very early.",
        "The children built a huge castle out of sand and sea shells.",
        "It is important to write down every figure with its date.",
        "When the music stopped, everybody looked at the door.",
        "I would rather stay at home and finish reading my book tonight.",
    ],
}


def synth(voice, text, pitch, speed, tmp):
    raw = os.path.join(tmp, "raw.wav")
    out = os.path.join(tmp, "r16.raw")
    subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "-w", raw, text], check=True)
    subprocess.run(["sox", raw, "-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1", "-r", str(SR), out],
                   check=True)
    x = np.fromfile(out, dtype=np.float32).astype(np.float64)
    # trim espeak's leading/trailing silence so turn times are speech times
    nz = np.nonzero(np.abs(x) > 1e-3)[0]
    return x[nz[0]:nz[-1] + 1] if len(nz) else x


def noise(kind, n, rng):
    w = rng.standard_normal(n)
    if kind == "white":
        return w
    # pink: 1/f via FFT shaping
    spec = np.fft.rfft(w)
    f = np.arange(len(spec))
    f[0] = 1
    return np.fft.irfft(spec / np.sqrt(f), n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--pool", default="dev", choices=list(POOLS))
    ap.add_argument("--per-count", type=int, default=15)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pitch-sweep", action="store_true",
                    help="only one-voice files whose turns sweep pitch -p 20..80 and speed -s 130..210")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in ((1,) if a.pitch_sweep else (0, 1, 2, 3, 4)):
            for i in range(a.per_count if count else 3):
                name = f"spk{count}_{i:02d}.wav"
                voices = rnd.sample(POOLS[a.pool], count)
                base_pitch = [rnd.randint(30, 70) for _ in voices]
                turns_n = 0 if count == 0 else max(count, rnd.randint(5, 10)) if count > 1 else rnd.randint(4, 8)
                if a.pitch_sweep:
                    turns_n = 7
                order = []
                for t in range(turns_n):
                    if t < count:
                        order.append(t)  # everyone speaks at least once
                    else:
                        choices = [s for s in range(count) if not order or s != order[-1]] or [0]
                        order.append(rnd.choice(choices))
                sig = [np.zeros(int(SR * rnd.uniform(0.3, 1.0)))]
                pos = len(sig[0])
                turns = []
                for s in order:
                    if a.pitch_sweep:
                        pitch = 20 + (len(turns) * 37) % 61  # 20..80 in a scrambled order
                        speed = rnd.randint(130, 210)
                    else:
                        pitch = min(99, max(0, base_pitch[s] + rnd.randint(-15, 15)))
                        speed = rnd.randint(140, 200)
                    x = synth(voices[s], rnd.choice(TEXTS[a.pool]), pitch, speed, tmp)
                    x = x * (10 ** (rnd.uniform(-6, 6) / 20))  # loudness varies per turn
                    turns.append((pos / SR, (pos + len(x)) / SR, s + 1))
                    sig.append(x)
                    pos += len(x)
                    gap = np.zeros(int(SR * rnd.uniform(0.15, 0.8)))
                    sig.append(gap)
                    pos += len(gap)
                if count == 0:
                    sig.append(np.zeros(SR * rnd.randint(5, 15)))
                x = np.concatenate(sig)
                cond = rnd.choice(["clean", "white", "pink"]) if count else ["silence", "white", "pink"][i % 3]
                snr = rnd.choice([10, 15, 20, 30]) if cond != "clean" else None
                if cond in ("white", "pink"):
                    nz = noise(cond, len(x), rng)
                    if count:
                        sp = np.concatenate([x[int(a0 * SR):int(b0 * SR)] for a0, b0, _ in turns])
                        p_s = np.mean(sp ** 2)
                        nz *= np.sqrt(p_s / (10 ** (snr / 10)) / np.mean(nz ** 2))
                    else:
                        nz *= 0.01 / np.sqrt(np.mean(nz ** 2))
                    x = x + nz
                peak = np.max(np.abs(x)) if len(x) else 1.0
                if peak > 0.99:
                    x *= 0.99 / peak
                pcm = np.round(np.clip(x, -1, 1) * 32767).astype("<i2")
                raw = os.path.join(tmp, "out.raw")
                pcm.tofile(raw)
                subprocess.run(["sox", "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-r", str(SR), raw,
                                os.path.join(a.out, name)], check=True)
                turn_txt = " ".join(f"{s0:.3f}:{e0:.3f}:{k}" for s0, e0, k in turns)
                rows.append(f"{name}\t{count}\t{cond}\t{snr if snr else '-'}\t{'+'.join(voices) or '-'}\t{turn_txt}")
                print(name, count, cond, snr, voices, file=sys.stderr)
    with open(os.path.join(a.out, "manifest.tsv"), "w") as f:
        f.write("file\tcount\tcondition\tsnr_db\tvoices\tturns\n")
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
