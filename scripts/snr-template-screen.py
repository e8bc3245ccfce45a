#!/usr/bin/env python3
"""Screen for issue 17 (docs/BENCHMARKS.md, "In-speech events matched to the pauses' events"): would speech frames
whose spectral shape matches a loud pause frame (a ring that repeats) tell noise events inside speech apart from
loud syllables?

  /usr/bin/python3 scripts/snr-template-screen.py CORPUS TAU LOUD_DB [v]

CORPUS: a corpus with manifest.jsonl (make-noise-corpus.sh's tune/report, make-real-voice-corpus.sh's); the `single`
files are read. The ground-truth speech segments are the mask (no VAD) and the estimator is a simplified
ActiveSpeechSnr: noise = mean power of the pause frames (5 frames from speech), speech = mean speech-frame power less
the steady pause floor. "tmpl" also takes, in every speech frame LOUD_DB over the median speech frame whose 32-band
log spectrum (mean removed, unit norm) has a cosine of at least TAU with one of the file's loud pause frames (over 4x
the pause median; up to 400 of them), the power above the median speech frame from speech into noise. Prints the SNR
mean abs error per noise type without and with it ("v": alarm files one by one). numpy only; seconds per corpus.
"""
import sys, json, numpy as np, wave
def read(path):
    w = wave.open(path); n = w.getnframes(); sr = w.getframerate()
    x = np.frombuffer(w.readframes(n), dtype=np.int16).astype(np.float64) / 32768.0
    return x, sr
def spec(x):
    x = x - x.mean()
    W, H = 400, 160
    n = 1 + max(0, (len(x) - W) // H)
    win = np.hanning(W)
    fr = np.stack([x[i*H:i*H+W] * win for i in range(n)])
    P = np.abs(np.fft.rfft(fr, 512)) ** 2
    return P
EDGES = np.unique(np.round(np.geomspace(4, 257, 33)).astype(int))
def sig(P):
    B = np.stack([P[:, a:b].sum(1) for a, b in zip(EDGES[:-1], EDGES[1:])], 1)
    L = np.log(B + 1e-12); L -= L.mean(1, keepdims=True)
    return L / (np.linalg.norm(L, axis=1, keepdims=True) + 1e-9)
def est(P, speech, tau, loud_db, use):
    p = P.sum(1)
    n = len(p)
    sp = speech[:n]
    pause = np.ones(n, bool)
    idx = np.where(sp)[0]
    for t in idx: pause[max(0,t-5):t+6] = False
    if sp.sum() == 0 or pause.sum() == 0: return None
    steady = np.median(p[pause])
    floor = p[pause][p[pause] <= 4 * steady].mean() if (p[pause] <= 4*steady).any() else steady
    ev = pause & (p > 4 * steady)
    excess = np.zeros(n)
    if use and ev.sum() >= 5:
        S = sig(P)
        T = S[ev]
        if len(T) > 400: T = T[np.linspace(0, len(T)-1, 400).astype(int)]
        med = np.median(p[sp])
        cand = sp & (p > med * 10 ** (loud_db / 10))
        if cand.any():
            c = (S[cand] @ T.T).max(1)
            hit = np.where(cand)[0][c > tau]
            excess[hit] = p[hit] - med
    noise_sum = p[pause].sum() + (floor * sp.sum() + excess[sp].sum())
    noise = noise_sum / (pause.sum() + sp.sum())
    speech_pow = (p[sp] - floor - excess[sp]).mean()
    if speech_pow <= 0: return -20.0
    return 10 * np.log10(speech_pow / noise)
corpus = sys.argv[1]; tau = float(sys.argv[2]); loud = float(sys.argv[3])
res = {}
for l in open(corpus + '/manifest.jsonl'):
    d = json.loads(l)
    if d['set'] != 'single' or d.get('snr_db') is None: continue
    x, sr = read(corpus + '/' + d['file'])
    if sr != 16000: continue
    P = spec(x)
    sp = np.zeros(len(P), bool)
    for s in d['speech_segments']: sp[int(s['start']*100):int(np.ceil(s['end']*100))] = True
    a = est(P, sp, tau, loud, False); b = est(P, sp, tau, loud, True)
    if a is None: continue
    res.setdefault(d["noise"], []).append((abs(a - d["snr_db"]), abs(b - d["snr_db"])))
    if d["noise"]=="alarm" and len(sys.argv)>4: print(d["file"], d["snr_db"], round(a,1), round(b,1), round(d["speech_ratio"],2))
tot = []
for k, v in sorted(res.items()):
    v = np.array(v); tot += list(v)
    print(f"{k:10s} {len(v):3d} base {v[:,0].mean():6.2f} tmpl {v[:,1].mean():6.2f}")
tot = np.array(tot); print(f"{'all':10s} {len(tot):3d} base {tot[:,0].mean():6.2f} tmpl {tot[:,1].mean():6.2f}")
