#!/usr/bin/env python3
"""A small learned turn-change detector, screened as the segmentation step before the windows
(docs/experiments/speaker-embedding.md, "A learned turn-change detector: a screen").

  nice /usr/bin/python3 change_detector_screen.py train DATA OUT.pt [STEPS]      (1600 steps: about 25 min, 2 cores)
  nice /usr/bin/python3 change_detector_screen.py eval OUT.pt CKPT CORPUS THETAS  (e.g. 0.3,0.5,0.7; a few minutes)

train (turn_changes.train with this screen's conversations): 8 s conversations of 1-4 voices of the training split (the 12 calibration speakers of backend_sweep.HOLD3
left out), turns of 0.5-4 s, levels +-6 dB, 70 % in white, pink or babble noise at 5-40 dB; the embedding's log-mel
front end (FbankFFT); two 1-D convolutions and a bidirectional GRU give each 10 ms frame a change probability,
trained on frames within 0.1 s of a change (positives weighted 5x).
eval: on the true speech of the corpus's 16 kHz files (as segmentation_screen.py), cuts at the detector's peaks over
THETA (the highest within +-0.5 s), windows inside the pieces, counted as the engine counts (CKPT: the engine's
embedding as a checkpoint).

Research code: nothing here is used by the engine.
"""
import sys, os, json
import numpy as np, torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval as ev
import segmentation_screen as ss
import turn_changes as tc
from turn_changes import ChangeNet
from spkdata import read_wav
from spkmodel import FbankFFT

SR = 16000


def conversation(spk, names, rng, gen):
    x, cuts, chosen = tc.joined_turns(spk, names, rng, lambda r: r.uniform(0.5, 4.0))
    if rng.random() < 0.7:
        kind = rng.choice(["white", "pink", "babble"])
        others = [spk[o] for o in rng.sample(names, 5) if o not in chosen] or [spk[names[0]]]
        x = ev.add_noise(x, rng.uniform(5, 40), kind, rng, others, gen)
    return x, cuts


def evaluate(model, ckpt, root, thetas):
    torch.set_num_threads(2)
    net = ChangeNet(); net.load_state_dict(torch.load(model)); net.eval()
    emb, fb = ev.Embedder(ckpt), FbankFFT()
    rows = []
    for line in open(os.path.join(root, "manifest.jsonl")):
        d = json.loads(line)
        if d["file"].split("/")[0] not in ("speakers", "single", "long") or d["sample_rate"] != 16000 or not d.get("turns"):
            continue
        x = read_wav(os.path.join(root, d["file"])).astype(np.float32) / 32768.0
        turns = [(int(t["start"] * SR), int(t["end"] * SR), t["speaker"]) for t in d["turns"]]
        speech = np.concatenate([x[a:b] for a, b, _ in turns])
        voice = np.concatenate([np.full(b - a, s) for a, b, s in turns])
        true_cuts = list(np.flatnonzero(np.diff(voice) != 0) + 1)
        with torch.no_grad():
            p = torch.sigmoid(net(fb(torch.from_numpy(speech)[None])))[0].numpy()
        row = {"true": d["speaker_count"], "part": d["file"].split("/")[0]}
        for th in thetas:
            cuts = [i * 160 + 200 for i in range(len(p)) if p[i] > th and p[i] == p[max(0, i - 50):i + 51].max()]
            row[("cuts/min", th)] = len(cuts) / (len(speech) / SR / 60)
            row[("recall", th)] = (sum(any(abs(c - f) <= SR // 2 for f in cuts) for c in true_cuts), len(true_cuts))
            E = ss.embed(emb, ss.windows_inside(speech, cuts, SR // 2))
            for thr in ss.THRESHOLDS:
                row[(th, thr)] = ss.count(E, thr)
        rows.append(row)
    true = np.array([r["true"] for r in rows]); spk = np.array([r["part"] == "speakers" for r in rows])
    print("theta | threshold | exact, all | exact, speakers/ | by true count 1 / 2 / 3 / 4 | one voice | "
          "changes found within 0.5 s | cuts per minute of one voice")
    for th in thetas:
        hit = sum(r[("recall", th)][0] for r in rows if r["true"] > 1)
        tot = sum(r[("recall", th)][1] for r in rows if r["true"] > 1)
        one = np.mean([r[("cuts/min", th)] for r in rows if r["true"] == 1])
        for thr in ss.THRESHOLDS:
            p = np.array([r[(th, thr)] for r in rows])
            by = " / ".join(f"{np.mean(p[spk & (true == k)] == k):.2f}" for k in [1, 2, 3, 4])
            print(f"{th} | {thr} | {np.mean(p == true):.3f} | {np.mean(p[spk] == true[spk]):.3f} | {by} | "
                  f"{np.mean(p[true == 1] == 1):.3f} | {hit / max(1, tot):.2f} | {one:.1f}", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "train":
        tc.train(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1600, make=conversation)
    else:
        evaluate(sys.argv[2], sys.argv[3], sys.argv[4], [float(v) for v in sys.argv[5].split(",")])
