#!/usr/bin/env python3
"""Windows over the joined speech (the engine's) against windows kept inside each speech segment, never across a
pause, where a turn change usually lies (docs/experiments/speaker-embedding.md, "Windows inside speech segments").

  MINSEG=1.0 nice /usr/bin/python3 segment_windows.py CKPT DATA REAL_CORPUS

Each rule's AHC threshold and min_frac are calibrated on 100 conversations of the 12 calibration speakers of
rebuild.sh with 0.15-0.8 s pauses between 1-5 s turns (clean, 30, 20, 10 dB), then both count the 436 files of
make-real-voice-corpus.sh's corpus, its ground-truth speech segments standing in for the VAD (8 kHz files resampled).
Per segment: segments under MINSEG seconds get no window, those up to 1.5 s one window of their length, longer ones
1.5 s windows every 0.75 s (the last one flush with the segment's end). Research code; about 10 min on one thread.
"""
import sys, os, json, random, wave
import numpy as np, torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval as ev
from backend_sweep import HOLD3
from spkdata import load_split, SR, resample_fft
torch.set_num_threads(int(os.environ.get('T', '1')))
W, H = int(1.5 * SR), int(0.75 * SR)
MINSEG = float(os.environ.get('MINSEG', '1.0'))

def conv_gaps(spk, n, rng, gen, dur=60.0, snr=None):
    names = sorted(spk); chosen = rng.sample(names, n); order = list(chosen); rng.shuffle(order)
    parts, segs, total, prev, i = [], [], 0, None, 0
    while total < dur * SR:
        s = order[i] if i < len(order) else rng.choice([c for c in chosen if c != prev] or chosen); i += 1
        g = int(rng.uniform(0.15, 0.8) * SR)
        parts.append(torch.zeros(g)); total += g
        L = int(rng.uniform(1.0, 5.0) * SR); a = spk[s]; o = rng.randrange(0, max(1, len(a) - L))
        x = ev.f32(a[o:o + L]); x = x / (x.pow(2).mean().sqrt() + 1e-6) * 0.05 * 10 ** (rng.uniform(-6, 6) / 20)
        parts.append(x); segs.append((total, total + len(x))); total += len(x); prev = s
    x = torch.cat(parts)
    if snr is not None:
        others = [spk[o] for o in names if o not in chosen]
        x = ev.add_noise(x, snr, rng.choice(["white", "pink", "babble"]), rng, others, gen)
    return x, segs, n

def wins_joined(x, segs):
    sp = torch.cat([x[a:b] for a, b in segs])
    n = 1 + max(0, (len(sp) - W) // H)
    return [sp[i * H:i * H + W] for i in range(n)] if len(sp) >= W else ([sp] if len(sp) > 0.5 * SR else [])

def wins_perseg(x, segs):
    out = []
    for a, b in segs:
        L = b - a
        if L < MINSEG * SR: continue
        if L <= W: out.append(x[a:b]); continue
        starts = list(range(a, b - W + 1, H))
        if b - (starts[-1] + W) > H // 2: starts.append(b - W)
        out += [x[s:s + W] for s in starts]
    return out

def embed(emb, ws):
    if not ws: return np.zeros((0, 128), np.float32)
    out = []
    full = [w for w in ws if len(w) == W]
    res = {}
    if full:
        E = emb(torch.stack(full)); k = 0
        for i, w in enumerate(ws):
            if len(w) == W: res[i] = E[k]; k += 1
    for i, w in enumerate(ws):
        if len(w) != W: res[i] = emb(w[None])[0]
    return np.stack([res[i] for i in range(len(ws))])

def count(E, thr, fr):
    if len(E) < 2: return min(1, len(E))
    return ev.count_from_sizes(ev.sizes_at(ev.ahc_merges(E), len(E), thr), fr)

emb = ev.Embedder(sys.argv[1]); data = sys.argv[2]
train = load_split(data, "train"); hold = {k: train[k] for k in HOLD3}
rng, gen = random.Random(456), torch.Generator().manual_seed(456)
cal = []
for n in [1, 2, 3, 4]:
    for k in range(25):
        x, segs, t = conv_gaps(hold, n, rng, gen, snr=[None, 30., 20., 10.][k % 4])
        cal.append((t, embed(emb, wins_joined(x, segs)), embed(emb, wins_perseg(x, segs))))
CORPUS = sys.argv[3]
man = [json.loads(l) for l in open(os.path.join(CORPUS, 'manifest.jsonl'))]
real = []
for d in man:
    if not d.get('speaker_count'): continue
    with wave.open(os.path.join(CORPUS, d['file'])) as w:
        sr = w.getframerate(); a = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    x = torch.from_numpy(a.astype(np.float32) / 32768.0)
    if sr != SR: x = resample_fft(x, int(len(x) * SR / sr)).float()
    segs = [(int(s['start'] * SR), int(s['end'] * SR)) for s in d['speech_segments']]
    real.append((d['file'].split('/')[0], d['speaker_count'], embed(emb, wins_joined(x, segs)), embed(emb, wins_perseg(x, segs))))
print('embedded', len(cal), len(real), flush=True)
grid = np.round(np.arange(0.0, 0.6, 0.025), 3)
for idx, name in [(1, 'joined'), (2, 'perseg')]:
    merges = [(ev.ahc_merges(c[idx]) if len(c[idx]) > 1 else None) for c in cal]
    best = None
    for thr in grid:
        for fr in ev.FRACS:
            p = np.array([min(1, len(c[idx])) if m is None else ev.count_from_sizes(ev.sizes_at(m, len(c[idx]), thr), fr) for c, m in zip(cal, merges)])
            t = np.array([c[0] for c in cal]); acc = (p == t).mean() - 0.01 * np.abs(p - t).mean()
            if best is None or acc > best[0]: best = (acc, float(thr), fr)
    _, thr, fr = best
    groups = {}
    allp, allt = [], []
    for g, t, *E in real:
        c = count(E[idx - 1], thr, fr); allp.append(c); allt.append(t)
        groups.setdefault(f"{g}/{'1' if t == 1 else 'n'}", []).append(c == t)
        groups.setdefault(f"n={t}", []).append(c == t)
    allp, allt = np.array(allp), np.array(allt)
    print(f"{name}: thr {thr} frac {fr} cal {best[0]:.3f} | real exact {np.mean(allp == allt):.3f} mae {np.abs(allp - allt).mean():.2f} one {np.mean(allp[allt == 1] == 1):.3f} |",
          ' '.join(f"{k}:{np.mean(v):.2f}" for k, v in sorted(groups.items())), flush=True)
