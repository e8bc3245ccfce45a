#!/usr/bin/env python3
"""The real-voice evaluation corpus (issue 16): recorded people from the EVAL split of fetch-data.sh only.

  /usr/bin/python3 real_corpus.py --data corpus/speaker-embedding/data --out OUTDIR [--seed N] [--small]
  (normally through scripts/make-real-voice-corpus.sh, which documents the parts)

Writes OUTDIR/{speakers,single,long,telephone}/*.wav and OUTDIR/manifest.jsonl in the format of
scripts/make-corpus.sh (tools/.../eval/ManifestEntry.java), so scripts/eval.sh OUTDIR evaluates it unchanged.
The ground truth follows DESIGN.md "Definitions" exactly as tools/.../eval/GroundTruth.java computes it
(ported below): 20 ms frames within 35 dB of the loudest, 150 ms gaps bridged, 60 ms runs dropped; a voice
counts when it speaks for >= 1 s in total.
Needs numpy only. Deterministic for a given seed and input data.
"""
import argparse
import json
import math
import os
import wave
import zlib

import numpy as np

SR = 16000
TEL_SR = 8000
FRAME_S, RANGE_DB, BRIDGE_S, MIN_RUN_S, CAP_DB, MIN_SPEAKER_S = 0.020, 35.0, 0.150, 0.060, 100.0, 1.0
SNRS = [None, 50.0, 40.0, 30.0, 20.0, 10.0]
# Single voices always get added noise: a recording's own noise floor (30-50 dB) is not in the labels, so a
# "clean" file would carry a false snr_db of 100 into the SNR figures.
SINGLE_SNRS = [50.0, 40.0, 30.0, 20.0, 15.0, 10.0]
NOISES = ["white", "pink", "babble", "music", "sfx"]


# ------------------------------------------------------------------ ground truth (GroundTruth.java)

def frame_len(rate):
    return max(1, int(round(FRAME_S * rate)))


def active_frames(clean, rate):
    n = frame_len(rate)
    frames = (len(clean) + n - 1) // n
    pad = np.zeros(frames * n, np.float64)
    pad[:len(clean)] = clean
    sq = (pad.reshape(frames, n) ** 2).sum(1)
    counts = np.full(frames, n, np.float64)
    if frames:
        counts[-1] = len(clean) - (frames - 1) * n
    ms = sq / counts
    active = np.zeros(frames, bool)
    if frames == 0 or ms.max() <= 0:
        return active
    floor = ms.max() * 10 ** (-RANGE_DB / 10)
    active = (ms > 0) & (ms >= floor)
    _fill_short_runs(active, False, round(BRIDGE_S * rate), n, True)
    _fill_short_runs(active, True, round(MIN_RUN_S * rate), n, False)
    return active


def _fill_short_runs(a, value, limit, flen, interior_only):
    i = 0
    while i < len(a):
        if a[i] != value:
            i += 1
            continue
        j = i
        while j < len(a) and a[j] == value:
            j += 1
        interior = i > 0 and j < len(a)
        if (j - i) * flen < limit and (interior or not interior_only):
            a[i:j] = not value
        i = j


def segments(active, rate, total):
    n = frame_len(rate)
    out, i = [], 0
    while i < len(active):
        if not active[i]:
            i += 1
            continue
        j = i
        while j < len(active) and active[j]:
            j += 1
        out.append((i * n / rate, min(j * n, total) / rate))
        i = j
    return out


def active_power(x, active, rate):
    n = frame_len(rate)
    idx = np.repeat(active, n)[:len(x)]
    return float((x[idx].astype(np.float64) ** 2).mean()) if idx.any() else 0.0


def mean_power(x):
    return float((x.astype(np.float64) ** 2).mean()) if len(x) else 0.0


def capped(s, n):
    return CAP_DB if n <= 0 else min(CAP_DB, 10 * math.log10(s / n))


def snr_db(speech, noise, rate):
    ps = active_power(speech, active_frames(speech, rate), rate)
    return None if ps <= 0 else capped(ps, mean_power(noise))


def global_snr_db(speech, noise, rate):
    if not active_frames(speech, rate).any():
        return None
    return capped(mean_power(speech) * len(speech), mean_power(noise) * len(noise))


def rnd(v):
    return None if v is None else round(float(v) * 1e6) / 1e6


def total_s(segs):
    return sum(e - s for s, e in segs)


# ------------------------------------------------------------------ sources

def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == SR and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        return np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768.0


def write_wav(path, x, rate):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pcm = np.clip(np.round(x * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def trim(x, top_db=35.0, frame=320):
    n = len(x) // frame
    if n < 3:
        return x
    e = (x[:n * frame].reshape(n, frame) ** 2).mean(1) + 1e-10
    db = 10 * np.log10(e)
    keep = np.where(db > db.max() - top_db)[0]
    return x[keep[0] * frame:(keep[-1] + 1) * frame] if len(keep) else x[:0]


def load_eval_voices(data):
    """speaker -> (source package, [utterances normalised to the same active-speech power])."""
    voices = {}
    with open(os.path.join(data, "manifest.tsv")) as f:
        next(f)
        for line in f:
            path, spk, src, dur, lic, split = line.rstrip("\n").split("\t")
            if split != "eval":
                continue
            if not os.path.exists(os.path.join(data, path)):
                continue
            x = trim(read_wav(os.path.join(data, path)))
            if len(x) < SR // 4:
                continue
            p = active_power(x, active_frames(x, SR), SR)
            if p <= 0:
                continue
            voices.setdefault(spk, (src, []))[1].append(x * np.float32(0.05 / math.sqrt(p)))
    return dict(sorted(voices.items()))


def load_noise_clips(raw):
    """Real recorded noise from hedgewars-data (never a reserved package): its music tracks, and its
    longer sound effects (bees, steam, engines, machine guns) as an event-noise bed."""
    import subprocess
    base = os.path.join(raw, "hedgewars-data/usr/share/games/hedgewars/Data")
    music = sorted(os.path.join(base, "Music", f) for f in os.listdir(os.path.join(base, "Music")) if f.endswith(".ogg"))
    sfx_names = ["bee.ogg", "beewater.ogg", "steam.ogg", "plane.ogg", "ufo.ogg", "minigun.ogg", "flamethrower.ogg",
                 "jetpackboost.ogg", "drillgun.ogg", "blowtorch.ogg", "rcplane.ogg", "pickhammer.ogg", "splash.ogg",
                 "explosion.ogg", "hammer.ogg", "steps.ogg", "Droplet1.ogg", "Droplet2.ogg", "sinegun.ogg"]
    sfx = [os.path.join(base, "Sounds", f) for f in sfx_names if os.path.exists(os.path.join(base, "Sounds", f))]

    def dec(p):
        raw_pcm = subprocess.run(["sox", "-q", p, "-t", "raw", "-r", str(SR), "-b", "16", "-e", "signed-integer",
                                  "-c", "1", "-"], check=True, capture_output=True).stdout
        return np.frombuffer(raw_pcm, np.int16).astype(np.float32) / 32768.0
    return {"music": [dec(p) for p in music[:8]], "sfx": [dec(p) for p in sfx]}


# ------------------------------------------------------------------ noise

def colored(n, kind, rng):
    w = rng.standard_normal(n)
    if kind == "white":
        return w.astype(np.float32)
    W = np.fft.rfft(w)
    f = np.maximum(np.arange(len(W)), 1.0)
    return np.fft.irfft(W / np.sqrt(f), n=n).astype(np.float32)  # pink


def noise_track(kind, n, rng, voices, exclude, clips):
    if kind in ("white", "pink"):
        return colored(n, kind, rng)
    out = np.zeros(n, np.float32)
    if kind == "babble":  # six other evaluation voices talking at once
        others = [v for v in voices if v not in exclude]
        for v in rng.choice(others, size=min(6, len(others)), replace=False):
            utts = voices[v][1]
            at = 0
            while at < n:
                u = utts[rng.integers(len(utts))]
                k = min(len(u), n - at)
                out[at:at + k] += u[:k]
                at += k
        return out
    pool = clips[kind]
    at = 0
    while at < n:  # random clips, back to back (sfx with short random pauses)
        c = pool[rng.integers(len(pool))]
        o = rng.integers(0, max(1, len(c) - n)) if kind == "music" else 0
        c = c[o:]
        k = min(len(c), n - at)
        out[at:at + k] += c[:k]
        at += k + (int(rng.uniform(0, 0.5) * SR) if kind == "sfx" else 0)
    return out


# ------------------------------------------------------------------ speech

def turn(utts, rng, lo=1.0, hi=5.0):
    """One turn: consecutive utterances of one voice, 0.1-0.4 s apart, until it lasts >= lo s (at most hi)."""
    parts, total = [], 0
    while total < lo * SR:
        u = utts[rng.integers(len(utts))]
        parts += [u, np.zeros(int(rng.uniform(0.1, 0.4) * SR), np.float32)]
        total += len(u) + len(parts[-1])
    return np.concatenate(parts)[:int(hi * SR)]


def conversation(names, voices, seconds, rng):
    """Voices taking turns: each speaks first once in random order, then the turn passes to another voice.
    Each voice has its own level (+-3 dB), each turn varies by +-6 dB more, so one voice's turns span up
    to 12 dB. 0.15-0.8 s between turns, no overlap."""
    k = len(names)
    vgain = [10 ** (rng.uniform(-3, 3) / 20) for _ in range(k)]
    total = int(seconds * SR)
    tracks = np.zeros((k, total), np.float32)
    at, prev, t = int(rng.uniform(0.3, 0.8) * SR), -1, 0
    while at < total - SR:
        s = t if t < k else (0 if k == 1 else int((prev + 1 + rng.integers(k - 1)) % k))
        u = turn(voices[names[s]][1], rng) * np.float32(vgain[s] * 10 ** (rng.uniform(-6, 6) / 20))
        m = min(len(u), total - at)
        tracks[s, at:at + m] = u[:m]
        at += m + int(rng.uniform(0.15, 0.8) * SR)
        prev, t = s, t + 1
    return tracks


def monologue(name, voices, seconds, rng):
    """One voice for `seconds`: its utterances in a shuffled order (repeated only when it has less material),
    0.2-1.2 s pauses, each utterance +-6 dB (natural loudness changes)."""
    utts = voices[name][1]
    total = int(seconds * SR)
    out = np.zeros(total, np.float32)
    at, order = int(rng.uniform(0.3, 0.8) * SR), []
    while at < total - SR // 2:
        if not order:
            order = list(rng.permutation(len(utts)))
        u = utts[order.pop()] * np.float32(10 ** (rng.uniform(-6, 6) / 20))
        m = min(len(u), total - at)
        out[at:at + m] = u[:m]
        at += m + int(rng.uniform(0.2, 1.2) * SR)
    return out[None, :]


# ------------------------------------------------------------------ telephone

def resample(x, n_out):
    X = np.fft.rfft(x.astype(np.float64))
    nb = n_out // 2 + 1
    X = X[:nb] if len(X) >= nb else np.concatenate([X, np.zeros(nb - len(X))])
    return (np.fft.irfft(X, n=n_out) * (n_out / len(x))).astype(np.float32)


def telephone_band(x):
    """16 kHz -> 8 kHz, 300-3400 Hz (a linear filter, applied to each track alike)."""
    y = resample(x, len(x) // 2)
    Y = np.fft.rfft(y)
    f = np.arange(len(Y)) * TEL_SR / len(y)
    Y[(f < 300) | (f > 3400)] = 0
    return np.fft.irfft(Y, n=len(y)).astype(np.float32)


def mulaw_round_trip(x, mu=255.0):
    """G.711 mu-law companding of the mix (8-bit codes), written back as PCM16."""
    x = np.clip(x, -1, 1)
    c = np.round(np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu) * 127) / 127
    return (np.sign(c) * ((1 + mu) ** np.abs(c) - 1) / mu).astype(np.float32)


# ------------------------------------------------------------------ one file

class Builder:
    def __init__(self, out, voices, clips, seed):
        self.out, self.voices, self.clips, self.seed = out, voices, clips, seed
        self.entries = []

    def rng(self, name):
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])

    def describe(self, name):
        return f"{name} ({self.voices[name][0]})"

    def add(self, name, set_, condition, tracks, names, kind, snr, rng, tel=False, note=""):
        speech = tracks.sum(0)
        if snr is None:
            noise, kind = np.zeros_like(speech), "none"
        else:
            raw = noise_track(kind, len(speech), rng, self.voices, set(names), self.clips)
            ps = active_power(speech, active_frames(speech, SR), SR)
            noise = raw * np.float32(math.sqrt(ps / (mean_power(raw) * 10 ** (snr / 10))))
        rate = SR
        if tel:  # the same linear chain on every track keeps the labels exact
            tracks = np.stack([telephone_band(t) for t in tracks])
            speech, noise, rate = telephone_band(speech), telephone_band(noise), TEL_SR
        peak = np.abs(speech + noise).max()
        gain = np.float32(10 ** ((-12 + 10 * rng.random()) / 20) / peak) if peak > 0 else np.float32(1)
        speech, noise, tracks = speech * gain, noise * gain, tracks * gain
        mix = speech + noise
        if tel:
            mix = mulaw_round_trip(mix)
        write_wav(os.path.join(self.out, name), mix, rate)
        # who spoke when: each voice's own speech segments; voices under 1 s do not count
        speaking = []
        for v in range(len(tracks)):
            segs = segments(active_frames(tracks[v], rate), rate, len(tracks[v]))
            if total_s(segs) >= MIN_SPEAKER_S:
                speaking.append((segs[0][0], names[v], segs))
        speaking.sort(key=lambda s: s[0])
        turns = sorted(({"start": rnd(s), "end": rnd(e), "speaker": i + 1}
                        for i, (_, _, segs) in enumerate(speaking) for s, e in segs), key=lambda t: t["start"])
        segs = segments(active_frames(speech, rate), rate, len(speech))
        self.entries.append({
            "file": name, "set": set_, "condition": condition, "noise": kind, "target_snr_db": snr,
            "snr_db": rnd(snr_db(speech, noise, rate)), "global_snr_db": rnd(global_snr_db(speech, noise, rate)),
            "duration_s": rnd(len(speech) / rate), "sample_rate": rate, "channels": 1, "encoding": "pcm16",
            "speech_ratio": rnd(total_s(segs) / (len(speech) / rate)),
            "speech_segments": [{"start": rnd(s), "end": rnd(e)} for s, e in segs],
            "speaker_count": len(speaking), "speakers": [self.describe(n) for _, n, _ in speaking],
            "turns": turns, "expect": "ok", "error_kind": None, "note": note})


def minutes(voices, name):
    return sum(len(u) for u in voices[name][1]) / SR / 60


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="fetch-data.sh output (manifest.tsv, wav/)")
    ap.add_argument("--raw", default=None, help="unpacked packages (default: DATA/../raw), for the real noise")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20261205)
    ap.add_argument("--small", action="store_true")
    a = ap.parse_args()
    voices = load_eval_voices(a.data)
    clips = load_noise_clips(a.raw or os.path.join(a.data, "..", "raw"))
    b = Builder(a.out, voices, clips, a.seed)
    names = sorted(voices)
    per_count = 6 if a.small else 60
    cond = [(SNRS[i % len(SNRS)], NOISES[(i // len(SNRS)) % len(NOISES)]) for i in range(per_count)]

    # 1. speakers/: 1-4 voices taking turns for 60 s; every (SNR, noise) pairing within 30 files
    for k in range(1, 5):
        for i, (snr, kind) in enumerate(cond):
            name = f"speakers/{k}spk_{i + 1:03d}.wav"
            r = b.rng(name)
            chosen = list(r.choice(names, size=k, replace=False))
            b.add(name, "speakers", f"{k}spk", conversation(chosen, voices, 60.0, r), chosen, kind, snr, r,
                  note=f"{k} real voices taking 1-5 s turns, 0.15-0.8 s gaps, voice level +-3 dB, turn level +-6 dB")
    # 2. single/: each evaluation voice alone for 60 s, under every condition in turn
    n_single = 2 if a.small else 6
    for v in names:
        for i in range(n_single):
            snr, kind = SINGLE_SNRS[i % len(SINGLE_SNRS)], NOISES[(i + names.index(v)) % len(NOISES)]
            name = f"single/{v}_{i + 1:02d}.wav"
            r = b.rng(name)
            b.add(name, "single", kind, monologue(v, voices, 60.0, r), [v], kind, snr, r,
                  note="one real voice for 60 s, utterances +-6 dB, 0.2-1.2 s pauses" +
                  (" (acted game character)" if v.startswith(("dra_", "foq_")) else ""))
    # 3. long/: 10 minutes of one voice (the voices with >= 5 min of material; acted drascula included)
    longs = [v for v in names if minutes(voices, v) >= 5.0][: (2 if a.small else None)]
    for i, v in enumerate(longs):
        snr, kind = [(50.0, "pink"), (30.0, "music"), (20.0, "babble"), (10.0, "white")][i % 4]
        name = f"long/{v}_10min.wav"
        r = b.rng(name)
        b.add(name, "single", kind, monologue(v, voices, 600.0, r), [v], kind, snr, r,
              note=f"one real voice for 10 min ({minutes(voices, v):.1f} min of material, reused in a new order past it)")
    # 4. telephone/: 8 kHz, 300-3400 Hz, mu-law: conversations and single voices
    n_tel = 3 if a.small else 20
    for k in range(1, 5):
        for i in range(n_tel):
            snr, kind = [(None, "none"), (30.0, "babble"), (20.0, "pink"), (10.0, "white")][i % 4]
            name = f"telephone/{k}spk_{i + 1:03d}.wav"
            r = b.rng(name)
            chosen = list(r.choice(names, size=k, replace=False))
            b.add(name, "speakers", f"{k}spk", conversation(chosen, voices, 60.0, r), chosen, kind, snr, r, tel=True,
                  note=f"telephone: {k} real voices taking turns, 8 kHz, 300-3400 Hz, G.711 mu-law")
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "manifest.jsonl"), "w") as f:
        for e in b.entries:
            f.write(json.dumps(e) + "\n")
    secs = sum(e["duration_s"] for e in b.entries)
    print(f"real-voice corpus: {len(b.entries)} files, {secs / 60:.1f} min, {len(names)} evaluation voices: "
          f"{', '.join(names)}; {a.out}/manifest.jsonl")


if __name__ == "__main__":
    main()
