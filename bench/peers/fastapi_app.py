"""Reference FastAPI app for the "three ways to wait" benchmark (issue 6).

The same three demo routes as audio-insight, written the way FastAPI users write them:
  /ping/blocking  time.sleep inside `async def`: blocks the single asyncio event loop (the "terrible" way)
  /ping/worker    time.sleep inside plain `def`: FastAPI runs it on the AnyIO thread pool (the "good" way)
  /ping/async     await asyncio.sleep: a timer on the event loop (the "perfect" way)
  /health/live, /health/ready: liveness/readiness, so the bench script can probe both servers alike.
  /v1/analyze     POST a PCM WAV: an energy voice-activity detector and a speech-to-noise ratio over a log-mel
                  spectrogram (numpy), run in a process pool of one worker per core, the way a seed-style
                  Python service keeps CPU work off its event loop (scripts/bench/loop-latency.sh loads it).

`ms` must be an integer in 1..10000, otherwise 400 with an application/problem+json body (the same bounds and
status as audio-insight; FastAPI's own validation would answer 422, so the check is written by hand).

Run with the Debian packages (python3-fastapi, python3-uvicorn):
  /usr/bin/python3 -m uvicorn --app-dir bench/peers fastapi_app:app --port 8001 --log-level warning
"""
import asyncio
import io
import os
import time
import wave
from concurrent.futures import ProcessPoolExecutor
from typing import Optional

import numpy as np
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

MIN_MS = 1
MAX_MS = 10_000

app = FastAPI(title="three-ways-to-wait reference", docs_url=None, redoc_url=None, openapi_url=None)


def _problem(detail: str) -> JSONResponse:
    return JSONResponse(
        status_code=400,
        media_type="application/problem+json",
        content={"type": "about:blank", "title": "Bad Request", "status": 400, "detail": detail},
    )


def _parse_ms(raw: Optional[str]):
    """Returns (ms, None) when valid, else (None, problem response)."""
    if raw is None:
        return None, _problem(f"query parameter 'ms' is required ({MIN_MS}..{MAX_MS})")
    try:
        ms = int(raw)
    except ValueError:
        return None, _problem(f"query parameter 'ms' must be an integer in {MIN_MS}..{MAX_MS}, got '{raw}'")
    if not MIN_MS <= ms <= MAX_MS:
        return None, _problem(f"query parameter 'ms' must be in {MIN_MS}..{MAX_MS}, got {ms}")
    return ms, None


def _pong(way: str, ms: int) -> dict:
    return {"way": way, "slept_ms": ms}


@app.get("/ping/blocking")
async def ping_blocking(ms: Optional[str] = None):
    value, problem = _parse_ms(ms)
    if problem:
        return problem
    time.sleep(value / 1000)  # on purpose: blocks the event loop, every other request waits
    return _pong("blocking", value)


@app.get("/ping/worker")
def ping_worker(ms: Optional[str] = None):
    value, problem = _parse_ms(ms)
    if problem:
        return problem
    time.sleep(value / 1000)  # plain def: FastAPI runs it on its thread pool (40 threads by default)
    return _pong("worker", value)


@app.get("/ping/async")
async def ping_async(ms: Optional[str] = None):
    value, problem = _parse_ms(ms)
    if problem:
        return problem
    await asyncio.sleep(value / 1000)
    return _pong("async", value)


@app.get("/health/live")
async def live():
    return {"status": "UP"}


@app.get("/health/ready")
async def ready():
    return {"status": "UP"}


_POOL = ProcessPoolExecutor(max_workers=os.cpu_count())
_RATE = 16_000
_FFT = 512
_HOP = 160


def _mel_filters(bands: int = 40) -> np.ndarray:
    mel = lambda f: 2595 * np.log10(1 + f / 700)
    inv = lambda m: 700 * (10 ** (m / 2595) - 1)
    edges = inv(np.linspace(mel(60), mel(_RATE / 2), bands + 2))
    bins = np.floor((_FFT + 1) * edges / _RATE).astype(int)
    w = np.zeros((bands, _FFT // 2 + 1))
    for b in range(bands):
        lo, mid, hi = bins[b], bins[b + 1], bins[b + 2]
        w[b, lo:mid] = (np.arange(lo, mid) - lo) / max(1, mid - lo)
        w[b, mid:hi] = (hi - np.arange(mid, hi)) / max(1, hi - mid)
    return w


_MEL = _mel_filters()


def _analyze(wav_bytes: bytes) -> dict:
    """Decodes a PCM-16 WAV, resamples to 16 kHz mono, and finds speech by log-mel energy against a noise floor."""
    with wave.open(io.BytesIO(wav_bytes)) as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        if width != 2:
            raise ValueError("only 16-bit PCM")
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
    x = x.reshape(-1, channels).mean(axis=1)
    if rate != _RATE:
        n = int(len(x) * _RATE / rate)
        x = np.interp(np.linspace(0, len(x) - 1, n), np.arange(len(x)), x).astype(np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(x, _FFT)[::_HOP] * np.hanning(_FFT)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    logmel = np.log10(power @ _MEL.T + 1e-10)
    energy = logmel.mean(axis=1)
    floor = np.percentile(energy, 10)
    speech = energy > floor + 0.6
    segments, start = [], None
    for i, s in enumerate(np.append(speech, False)):
        if s and start is None:
            start = i
        elif not s and start is not None:
            segments.append({"start": round(start * _HOP / _RATE, 3), "end": round(i * _HOP / _RATE, 3)})
            start = None
    frame_power = power.sum(axis=1)
    sp = frame_power[speech].mean() if speech.any() else 0.0
    noise = frame_power[~speech].mean() if (~speech).any() else 1e-12
    snr = 10 * np.log10(max(sp - noise, 1e-12) / max(noise, 1e-12)) if sp > 0 else None
    return {"duration_s": round(len(x) / _RATE, 3), "speech_segments": segments,
            "snr_db": None if snr is None else round(float(snr), 2)}


@app.post("/v1/analyze")
async def analyze(request: Request):
    body = await request.body()
    try:
        return await asyncio.get_running_loop().run_in_executor(_POOL, _analyze, body)
    except (ValueError, wave.Error, EOFError) as e:
        return _problem(f"the body is not a 16-bit PCM WAV: {e}")
