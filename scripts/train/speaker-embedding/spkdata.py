"""Corpus loading and augmentation helpers (numpy/torch only)."""
import os
import wave
import numpy as np
import torch

SR = 16000


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == SR and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)


def trim(x, top_db=35.0, frame=320):
    """Drop leading/trailing 20 ms frames more than top_db below the loudest frame."""
    n = len(x) // frame
    if n < 3:
        return x
    e = (x[: n * frame].astype(np.float32).reshape(n, frame) ** 2).mean(1) + 1e-3
    db = 10 * np.log10(e)
    keep = np.where(db > db.max() - top_db)[0]
    if len(keep) == 0:
        return x[:0]
    return x[keep[0] * frame: (keep[-1] + 1) * frame]


def load_split(data_dir, split, cache=True, min_minutes=0.35):
    """Returns dict speaker -> int16 array (files trimmed and concatenated with 0.1 s gaps)."""
    cpath = os.path.join(data_dir, f"cache_{split}.npz")
    if cache and os.path.exists(cpath):
        z = np.load(cpath)
        return {k: z[k] for k in z.files}
    per = {}
    with open(os.path.join(data_dir, "manifest.tsv")) as f:
        next(f)
        for line in f:
            path, spk, src, dur, lic, sp = line.rstrip("\n").split("\t")
            if sp != split:
                continue
            per.setdefault(spk, []).append(path)
    gap = np.zeros(SR // 10, dtype=np.int16)
    out = {}
    for spk, paths in sorted(per.items()):
        parts = []
        for p in paths:
            x = trim(read_wav(os.path.join(data_dir, p)))
            if len(x) > SR // 5:
                parts += [x, gap]
        if not parts:
            continue
        a = np.concatenate(parts)
        if len(a) >= min_minutes * 60 * SR:
            out[spk] = a
    if cache:
        np.savez(cpath, **out)
    return out


def resample_fft(x, n_out):
    """Band-limited resampling of a 1-D float tensor to n_out samples (periodic FFT method)."""
    n = x.shape[-1]
    X = torch.fft.rfft(x)
    nb = n_out // 2 + 1
    if X.shape[-1] >= nb:
        X = X[..., :nb]
    else:
        X = torch.cat([X, X.new_zeros(X.shape[:-1] + (nb - X.shape[-1],))], -1)
    return torch.fft.irfft(X, n=n_out) * (n_out / n)


def colored_noise(n, kind, gen=None):
    w = torch.randn(n, generator=gen)
    if kind == "white":
        return w
    W = torch.fft.rfft(w)
    f = torch.arange(W.shape[0], dtype=torch.float32).clamp(min=1.0)
    if kind == "pink":
        W = W / f.sqrt()
    else:  # brown
        W = W / f
    return torch.fft.irfft(W, n=n)


def band_limit(x, lo_hz, hi_hz):
    """Zero the spectrum outside [lo, hi] Hz (telephone band / 8 kHz resampling)."""
    n = x.shape[-1]
    X = torch.fft.rfft(x)
    f = torch.arange(X.shape[-1], dtype=torch.float32) * SR / n
    mask = ((f >= lo_hz) & (f <= hi_hz)).float()
    return torch.fft.irfft(X * mask, n=n)


def random_band_and_level(x, rng):
    """The channel and level augmentation the networks share: telephone band 300-3400 Hz (20 %) or the 8 kHz band
    0-4 kHz (10 %), then a peak of 0.9 x -35..0 dB. Two draws from rng, in this order."""
    r = rng.random()
    if r < 0.2:
        x = band_limit(x, 300.0, 3400.0)
    elif r < 0.3:
        x = band_limit(x, 0.0, 4000.0)
    pk = x.abs().max() + 1e-6
    gain_db = rng.uniform(-35, 0)
    return x / pk * (10 ** (gain_db / 20.0)) * 0.9


def mix_snr(speech, noise, snr_db):
    ps = speech.pow(2).mean() + 1e-8
    pn = noise.pow(2).mean() + 1e-8
    return speech + noise * torch.sqrt(ps / (pn * 10 ** (snr_db / 10.0)))


def random_eq(x, rng, max_db=8.0):
    """A random smooth channel: the spectrum times a gain curve made of a tilt and two cosines in
    log-frequency (+-max_db in all), so that a microphone or a room cannot stand for a speaker."""
    n = x.shape[-1]
    X = torch.fft.rfft(x)
    f = torch.arange(X.shape[-1], dtype=torch.float32) * SR / n
    lf = torch.log2(f.clamp(min=50.0) / 50.0) / 7.3  # 0 at 50 Hz, 1 at 8 kHz
    db = rng.uniform(-1, 1) * lf * max_db / 2
    for _ in range(2):
        db = db + rng.uniform(0, max_db / 4) * torch.cos(2 * torch.pi * (rng.uniform(0.5, 3.0) * lf + rng.random()))
    return torch.fft.irfft(X * 10 ** (db / 20), n=n)
