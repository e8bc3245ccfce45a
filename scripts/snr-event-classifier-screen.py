#!/usr/bin/env python3
"""Screen for issue 17 (docs/BENCHMARKS.md, "A learned cue for noise events inside speech: screened"): can a small
frame classifier tell a loud frame inside speech that a noise event dominates (a ring, a key click, a game sound)
from a loud syllable, on voices it never saw?

  [BANDLIMIT=0.3] [LABEL_DB=3] /usr/bin/python3 scripts/snr-event-classifier-screen.py make OUT.npz COUNT SPK_DATA NOISE_DIR [SYN_DATA]
  /usr/bin/python3 scripts/snr-event-classifier-screen.py train OUT.npz MODEL.pt
  [PAUSE_CAP_DB=0] [MASK=SEGS] /usr/bin/python3 scripts/snr-event-classifier-screen.py screen MODEL.pt CORPUS TAU LOUD_DB
  /usr/bin/python3 scripts/snr-event-classifier-screen.py export MODEL.pt WEIGHTS.bin

export: the weights as big-endian float32, layer by layer (weight rows, then bias), for the engine experiment
docs/experiments/snr-event-frames.patch (`git apply` it, build, and run Evaluate with -Dsnr.events=WEIGHTS.bin
[-Dsnr.eventCap=DB] [-Dsnr.eventConsistent=true]; docs/BENCHMARKS.md has the figures).

make: COUNT 10 s mixes (about a minute per 1,000) of one voice of the speaker-embedding data's train split (SPK_DATA,
scripts/train/speaker-embedding/fetch-data.sh; the noise corpus's tune and report voices left out; with SYN_DATA a
quarter synthetic voices) with, 15 % synthetic key clicks, 40 % the TUNE split's alarm and effect recordings of
NOISE_DIR (scripts/make-noise-corpus.sh's OUTDIR: even sorted positions, as NoiseCorpusBuilder splits them) as events
0.1-2 s apart, 45 % white, pink or brown noise, babble or the tune split's music; -10..30 dB, hiss under the events.
Each speech-active frame at least as loud as the file's median speech frame is an example, labelled 1 where the
noise's power in it exceeds the voice's (by LABEL_DB; from the separate tracks); BANDLIMIT: the share of voices low-passed
at 3.4-5.5 kHz. Features: the 31-band log shape (mean removed) and the level
against the median speech frame at 9 frames from -80 to +80 ms. train: an MLP 288-64-32-1, 12 epochs (a minute).
screen: snr-template-screen.py's simplified estimator on the single files of a corpus, with the true speech as the
mask (MASK: a file of VAD segments, one line per file: name, snr, start,end;...); in each speech frame LOUD_DB over the
median speech frame whose probability is over TAU (and, with PAUSE_CAP_DB, at most that many dB over the loudest pause
frame), the power above the median speech frame moves from speech to noise. numpy and torch; research code.
"""
import sys, os, json, wave, random, glob
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'train', 'speaker-embedding'))
SR = 16000
EDGES = np.unique(np.round(np.geomspace(4, 257, 33)).astype(int))
NB = len(EDGES) - 1
CTX = list(range(-8, 9, 2))

def spec(x):
    W, H = 400, 160
    n = 1 + max(0, (len(x) - W) // H)
    win = np.hanning(W)
    idx = np.arange(n)[:, None] * H + np.arange(W)[None]
    return np.abs(np.fft.rfft(x[idx] * win, 512)) ** 2

def bands(P):
    return np.stack([P[:, a:b].sum(1) for a, b in zip(EDGES[:-1], EDGES[1:])], 1)

def features(P, ref):
    """Per frame: the 32-band log shape (mean removed) at CTX frames around it, and each of those frames' log power
    against ref (the file's median speech frame power)."""
    B = np.log(bands(P) + 1e-10)
    tot = np.log(P.sum(1) + 1e-10) - np.log(ref + 1e-10)
    shape = B - B.mean(1, keepdims=True)
    n = len(P)
    out = []
    for c in CTX:
        j = np.clip(np.arange(n) + c, 0, n - 1)
        out.append(shape[j]); out.append(tot[j][:, None] / 5)
    return np.concatenate(out, 1).astype(np.float32)

def read(path):
    w = wave.open(path); x = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float64) / 32768
    return x, w.getframerate()

def load_events(noise_dir, parity):
    clips = []
    for cat in ['alarm', 'sfx']:
        fs = sorted(glob.glob(f'{noise_dir}/recordings/{cat}/*.wav'))
        for i, f in enumerate(fs):
            if i % 2 != parity: continue
            x, sr = read(f)
            if sr != SR or len(x) < 800: continue
            clips.append(x - x.mean())
    return clips

def clicks(n, rng):
    y = np.zeros(n)
    t = 0
    while t < n:
        t += int(rng.uniform(0.05, 0.3) * SR)
        if t + 400 >= n: break
        L = rng.randint(80, 400)
        f = rng.uniform(1500, 6000)
        env = np.exp(-np.arange(L) / rng.uniform(20, 120))
        y[t:t + L] += env * np.sin(2 * np.pi * f * np.arange(L) / SR + rng.random() * 6) * rng.uniform(0.3, 1) + env * np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 0.3, L)
        if rng.random() < 0.1: t += int(rng.uniform(0.3, 1.5) * SR)
    return y

def event_track(n, clips, rng):
    y = np.zeros(n); t = int(rng.uniform(0, 1) * SR)
    while t < n:
        c = clips[rng.randrange(len(clips))] * 10 ** (rng.uniform(-6, 6) / 20)
        c = c / (np.sqrt(np.mean(c ** 2)) + 1e-9)
        L = min(len(c), n - t); y[t:t + L] += c[:L]
        t += L + int(rng.uniform(0.1, 2.0) * SR)
    return y

def colored(n, kind, rng):
    w = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 1, n)
    if kind == 'white': return w
    f = np.fft.rfft(w); k = np.arange(len(f)) + 1.0
    f /= np.sqrt(k) if kind == 'pink' else k
    return np.fft.irfft(f, n)

def background(n, spk, names, music, rng):
    kind = rng.choice(['white', 'pink', 'brown', 'babble', 'music'])
    if kind == 'babble':
        y = np.zeros(n)
        for _ in range(rng.randint(2, 5)):
            a = spk[rng.choice(names)].astype(np.float64) / 32768; o = rng.randrange(0, max(1, len(a) - n))
            u = a[o:o + n]; y[:len(u)] += u / (np.sqrt(np.mean(u ** 2)) + 1e-9)
        return y
    if kind == 'music':
        m = music[rng.randrange(len(music))]; o = rng.randrange(0, max(1, len(m) - n))
        u = np.resize(m[o:o + n], n); return u
    return colored(n, kind, rng)

def mixture(spk, names, clips, rng, syn=None, music=None):
    n = 10 * SR
    s = np.zeros(n); t = int(rng.uniform(0.2, 1) * SR)
    src = syn if (syn and rng.random() < 0.25) else spk
    a = src[rng.choice(sorted(src) if src is syn else names)].astype(np.float64) / 32768
    while t < n:
        L = int(rng.uniform(1, 4) * SR); o = rng.randrange(0, max(1, len(a) - L))
        u = a[o:o + L] * 10 ** (rng.uniform(-6, 6) / 20); L = min(len(u), n - t)
        s[t:t + L] += u[:L]; t += L + int(rng.uniform(0.1, 1.0) * SR)
    s /= np.sqrt(np.mean(s ** 2)) + 1e-9
    kind = rng.random()
    ev = clicks(n, rng) if kind < 0.15 else event_track(n, clips, rng) if kind < 0.55 else background(n, spk, names, music, rng)
    ev /= np.sqrt(np.mean(ev ** 2)) + 1e-9
    snr = rng.uniform(-10, 30)
    ev *= 10 ** (-snr / 20)
    hiss = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 1, n) * 10 ** (-(snr + rng.uniform(20, 40)) / 20)
    if rng.random() < float(os.environ.get('BANDLIMIT', '0')):  # a band-limited recording, as old or 8-11 kHz ones are
        f = np.fft.rfft(s); cut = int(len(f) * rng.uniform(3400, 5500) / 8000); f[cut:] = 0; s = np.fft.irfft(f, n)
        s /= np.sqrt(np.mean(s ** 2)) + 1e-9
    x = s + ev + hiss
    g = 10 ** (rng.uniform(-30, -6) / 20) / (np.abs(x).max() + 1e-9)
    return x * g, s * g, (ev + hiss) * g

def make(out, count, spk_data, noise_dir, syn_data=None):
    from spkdata import load_split
    spk = load_split(spk_data, 'train')
    noise_voices = set(l.split('\t')[0] for d in ['voices-tune', 'voices-report'] for l in open(f'{noise_dir}/{d}/voices.tsv'))
    names = sorted(k for k in spk if k not in noise_voices and len(spk[k]) > 30 * SR)
    print(len(names), 'voices, the noise corpus voices', sorted(noise_voices), 'left out', flush=True)
    clips = load_events(noise_dir, 0)
    syn = load_split(syn_data, 'train') if syn_data else {}
    music = []
    for i, f in enumerate(sorted(glob.glob(f'{noise_dir}/recordings/music/*.wav'))):
        if i % 2 == 0:
            x, sr = read(f)
            if sr == SR: music.append(x - x.mean())
    print(len(clips), 'event clips,', len(music), 'music,', len(syn), 'synthetic voices', flush=True)
    rng = random.Random(1)
    X, Y = [], []
    for i in range(count):
        x, s, nz = mixture(spk, names, clips, rng, syn, music)
        P, Ps, Pn = spec(x), spec(s).sum(1), spec(nz).sum(1)
        act = Ps > Ps.max() * 10 ** (-3.5)  # speech-active frames (35 dB rule)
        if act.sum() < 50: continue
        p = P.sum(1); ref = np.median(p[act])
        cand = act & (p > ref * 10 ** (0 / 10))  # frames at least as loud as the median speech frame
        F = features(P, ref)
        X.append(F[cand]); Y.append((Pn[cand] > Ps[cand] * 10 ** (float(os.environ.get('LABEL_DB', '0')) / 10)).astype(np.float32))
        if i % 200 == 0: print(i, sum(len(y) for y in Y), float(np.mean(np.concatenate(Y))), flush=True)
    np.savez(out, X=np.concatenate(X), Y=np.concatenate(Y))

def net_of(d):
    import torch.nn as nn
    return nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))

def train(data, out):
    import torch
    torch.manual_seed(1); torch.set_num_threads(2)
    z = np.load(data); X = torch.from_numpy(z['X']); Y = torch.from_numpy(z['Y'])
    perm = torch.randperm(len(X)); X, Y = X[perm], Y[perm]
    nv = len(X) // 10
    net = net_of(X.shape[1]); opt = torch.optim.Adam(net.parameters(), 1e-3, weight_decay=1e-4)
    for ep in range(12):
        net.train()
        for i in range(nv, len(X), 512):
            xb, yb = X[i:i + 512], Y[i:i + 512]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xb).squeeze(1), yb)
            opt.zero_grad(); loss.backward(); opt.step()
        net.eval()
        with torch.no_grad():
            pv = torch.sigmoid(net(X[:nv]).squeeze(1)); yv = Y[:nv]
            for th in [0.5, 0.9]:
                pr = pv > th
                print(ep, th, 'P %.3f R %.3f' % ((yv[pr] == 1).float().mean(), pr[yv == 1].float().mean()), end=' ')
            print(flush=True)
    torch.save(net.state_dict(), out)

def screen(model, corpus, tau, loud_db, verbose=False):
    import torch
    net = net_of(len(CTX) * (NB + 1)); net.load_state_dict(torch.load(model)); net.eval()
    res = {}
    mask = {}
    if os.environ.get('MASK'):  # the VAD's segments (DumpSegs output: file, snr, start,end;...) instead of the truth
        for l in open(os.environ['MASK']):
            f, _, segs = l.rstrip('\n').split('\t')
            mask[f] = [{'start': float(a), 'end': float(b)} for a, b in (x.split(',') for x in segs.split(';') if x)]
    for l in open(corpus + '/manifest.jsonl'):
        d = json.loads(l)
        if d['set'] != 'single' or d.get('snr_db') is None: continue
        if mask:
            d['speech_segments'] = mask.get(d['file'], [])
        x, sr = read(corpus + '/' + d['file'])
        if sr != SR: continue
        x = x - x.mean(); P = spec(x); p = P.sum(1); n = len(p)
        sp = np.zeros(n, bool)
        for s in d['speech_segments']: sp[int(s['start'] * 100):int(np.ceil(s['end'] * 100))] = True
        pause = np.ones(n, bool)
        for t in np.where(sp)[0]: pause[max(0, t - 5):t + 6] = False
        if sp.sum() == 0 or pause.sum() == 0: continue
        steady = np.median(p[pause])
        floor = p[pause][p[pause] <= 4 * steady].mean() if (p[pause] <= 4 * steady).any() else steady
        med = np.median(p[sp])
        def est(excess):
            noise = (p[pause].sum() + floor * sp.sum() + excess[sp].sum()) / (pause.sum() + sp.sum())
            sp_pow = (p[sp] - floor - excess[sp]).mean()
            return -20.0 if sp_pow <= 0 else 10 * np.log10(sp_pow / noise)
        a = est(np.zeros(n))
        cand = sp & (p > med * 10 ** (loud_db / 10))
        excess = np.zeros(n)
        if cand.any():
            with torch.no_grad():
                q = torch.sigmoid(net(torch.from_numpy(features(P, med)[cand])).squeeze(1)).numpy()
            hit = np.where(cand)[0][q > tau]
            cap = float(os.environ.get('PAUSE_CAP_DB', '1000'))
            hit = hit[p[hit] <= p[pause].max() * 10 ** (cap / 10)]
            excess[hit] = p[hit] - med
        b = est(excess)
        res.setdefault(d['noise'], []).append((abs(a - d['snr_db']), abs(b - d['snr_db'])))
        if verbose: print(d['file'], d['snr_db'], round(a, 1), round(b, 1))
    tot = []
    line = []
    for k, v in sorted(res.items()):
        v = np.array(v); tot += list(v); line.append(f"{k[:6]} {v[:,0].mean():.2f}->{v[:,1].mean():.2f}")
    tot = np.array(tot)
    print(f"tau {tau} loud {loud_db}: all {tot[:,0].mean():.2f}->{tot[:,1].mean():.2f} | " + ' '.join(line), flush=True)

def export(model, out):
    import torch
    st = torch.load(model)
    arrs = [st[k].numpy().ravel() for k in ['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias']]
    np.concatenate(arrs).astype('>f4').tofile(out)  # concatenate first: it would return the native byte order


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'export': export(sys.argv[2], sys.argv[3])
    if cmd == 'make': make(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6] if len(sys.argv) > 6 else None)
    elif cmd == 'train': train(sys.argv[2], sys.argv[3])
    elif cmd == 'screen': screen(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), len(sys.argv) > 6)
