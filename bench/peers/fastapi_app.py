"""Reference FastAPI app for the "three ways to wait" benchmark (issue 6).

The same three demo routes as audio-insight, written the way FastAPI users write them:
  /ping/blocking  time.sleep inside `async def`: blocks the single asyncio event loop (the "terrible" way)
  /ping/worker    time.sleep inside plain `def`: FastAPI runs it on the AnyIO thread pool (the "good" way)
  /ping/async     await asyncio.sleep: a timer on the event loop (the "perfect" way)
  /health/live, /health/ready: liveness/readiness, so the bench script can probe both servers alike.

`ms` must be an integer in 1..10000, otherwise 400 with an application/problem+json body (the same bounds and
status as audio-insight; FastAPI's own validation would answer 422, so the check is written by hand).

Run with the Debian packages (python3-fastapi, python3-uvicorn):
  /usr/bin/python3 -m uvicorn --app-dir bench/peers fastapi_app:app --port 8001 --log-level warning
"""
import asyncio
import time
from typing import Optional

from fastapi import FastAPI
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
