#!/usr/bin/env python3
"""How much would finding the turn changes before embedding help the count? A screen on the true speech
(docs/experiments/speaker-embedding.md, "Turn changes found before the windows: a screen").

  nice /usr/bin/python3 segmentation_screen.py CKPT CORPUS [PART,PART...]

CKPT is the engine's model as a checkpoint (onnx_to_ckpt.py recovers it); CORPUS a corpus with a manifest.jsonl
(scripts/make-real-voice-corpus.sh); PARTs its folders (default speakers,single,long). Only 16 kHz files. The
speech is the ground truth's turns joined (no VAD), so the figures isolate the windowing from the VAD. For each
file it counts (average-linkage AHC, min_frac 0.1, as the engine) with:

- engine: the engine's windows (1.5 s every 0.75 s) over the joined speech; they straddle turn changes;
- true runs: windows laid inside each run of one voice (runs of 0.5 s or more; a run shorter than 1.5 s is
  one shorter window), the ceiling of any segmentation;
- found changes: the same inside segments cut where the cosine of two adjacent embeddings is under THETA and a
  local minimum (+-0.5 s), segments shorter than MIN_SEG left out; the embeddings from a grid of 1 s windows every
  0.25 s, the same every 0.5 s, or the engine's own windows (1.5 s every 0.75 s, so no extra embedding).

Research code: no engine change; a few minutes on 2 cores.
"""
import sys, os, json
import numpy as np, torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval import Embedder, ahc_merges, sizes_at, count_from_sizes
from spkdata import read_wav

SR, W, H = 16000, 24000, 12000          # the engine's windows
FW, FH = 16000, 4000                    # the change detector's grid: 1 s every 0.25 s
THRESHOLDS = [0.15, 0.175, 0.2]
THETAS = [0.0, 0.2]
MIN_SEGS = [0.5, 1.0]


def embed(emb, pieces):
    """Embeddings of windows of any length (equal lengths batched)."""
    out = [None] * len(pieces)
    by_len = {}
    for i, p in enumerate(pieces):
        by_len.setdefault(len(p), []).append(i)
    for n, idx in by_len.items():
        E = emb(torch.stack([torch.from_numpy(np.ascontiguousarray(pieces[i])) for i in idx]))
        for i, e in zip(idx, E):
            out[i] = e
    return np.array(out)


def windows_inside(speech, cuts, min_len):
    bounds = [0] + list(cuts) + [len(speech)]
    out = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        r = b - a
        if r < min_len:
            continue
        if r < W:
            out.append(speech[a:b])
            continue
        out += [speech[a + i * H:a + i * H + W] for i in range(1 + (r - W) // H)]
    return out


def changes(grid, theta, width, step):
    """Where the cosine of the grid's adjacent windows (width and step in samples) is under theta and the lowest
    within +-0.5 s: the boundaries between them."""
    k = width // step
    r = max(1, (SR // 2) // step)
    score = np.array([grid[i] @ grid[i + k] for i in range(len(grid) - k)])  # boundary at i * step + width
    return [i * step + width for i in range(len(score))
            if score[i] < theta and score[i] == score[max(0, i - r):i + r + 1].min()]


def count(E, thr):
    if len(E) < 2:
        return 1
    return count_from_sizes(sizes_at(ahc_merges(E), len(E), thr), 0.1)


def main():
    ckpt, root = sys.argv[1], sys.argv[2]
    parts = (sys.argv[3] if len(sys.argv) > 3 else "speakers,single,long").split(",")
    torch.set_num_threads(1)
    emb = Embedder(ckpt)
    rows = []
    for line in open(os.path.join(root, "manifest.jsonl")):
        d = json.loads(line)
        if d["file"].split("/")[0] not in parts or d["sample_rate"] != 16000 or not d.get("turns"):
            continue
        x = read_wav(os.path.join(root, d["file"])).astype(np.float32) / 32768.0
        if x.ndim > 1:
            x = x.mean(1)
        turns = [(int(t["start"] * SR), int(t["end"] * SR), t["speaker"]) for t in d["turns"]]
        speech = np.concatenate([x[a:b] for a, b, _ in turns])
        voice = np.concatenate([np.full(b - a, s) for a, b, s in turns])
        true_cuts = list(np.flatnonzero(np.diff(voice) != 0) + 1)
        grid = embed(emb, [speech[i * FH:i * FH + FW] for i in range(1 + max(0, (len(speech) - FW) // FH))])
        row = {"file": d["file"], "part": d["file"].split("/")[0], "true": d["speaker_count"]}
        engine = embed(emb, windows_inside(speech, [], 0))
        runs = embed(emb, windows_inside(speech, true_cuts, SR // 2))
        for thr in THRESHOLDS:
            row[("engine", thr)] = count(engine, thr)
            row[("true runs", thr)] = count(runs, thr)
        grids = {"1 s grid": (grid, FW, FH), "1 s every 0.5 s": (grid[::2], FW, 2 * FH), "engine windows": (engine, W, H)}
        for (gname, (g, width, step)), theta in [(gk, t) for gk in grids.items() for t in THETAS]:
            cuts = changes(g, theta, width, step)
            theta = f"{theta} ({gname})"
            row[("cuts/min", theta)] = len(cuts) / (len(speech) / SR / 60)
            row[("recall", theta)] = (sum(any(abs(c - f) <= SR // 2 for f in cuts) for c in true_cuts), len(true_cuts))
            for min_seg in MIN_SEGS:
                E = embed(emb, windows_inside(speech, cuts, int(min_seg * SR)))
                for thr in THRESHOLDS:
                    row[(f"found changes theta {theta} min_seg {min_seg}", thr)] = count(E, thr)
        rows.append(row)
        print(f"{len(rows)} {d['file']}", file=sys.stderr, flush=True)
    true = np.array([r["true"] for r in rows])
    spk = np.array([r["part"] == "speakers" for r in rows])
    print(f"{root}: {len(rows)} files at 16 kHz ({spk.sum()} in speakers/, {(true == 1).sum()} with one voice)")
    print("method | threshold | exact, all | exact, speakers/ | by true count 1 / 2 / 3 / 4 (speakers/) | one voice says 1")
    for key in [k for k in rows[0] if isinstance(k, tuple) and k[0] not in ("cuts/min", "recall")]:
        p = np.array([r[key] for r in rows])
        by = " / ".join(f"{np.mean(p[spk & (true == k)] == k):.2f}" for k in [1, 2, 3, 4])
        print(f"{key[0]} | {key[1]} | {np.mean(p == true):.3f} | {np.mean(p[spk] == true[spk]):.3f} | {by} | "
              f"{np.mean(p[true == 1] == 1):.3f}")
    for theta in [k[1] for k in rows[0] if isinstance(k, tuple) and k[0] == "recall"]:
        hit = sum(r[("recall", theta)][0] for r in rows if r["true"] > 1)
        tot = sum(r[("recall", theta)][1] for r in rows if r["true"] > 1)
        one = np.mean([r[("cuts/min", theta)] for r in rows if r["true"] == 1])
        print(f"changes at theta {theta}: {hit / max(1, tot):.2f} of the true ones found within 0.5 s; "
              f"{one:.1f} per minute of one voice's speech")


if __name__ == "__main__":
    main()
