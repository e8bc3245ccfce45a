#!/usr/bin/env python3
"""Copy a trained model into the release folder the engine takes its files from.

  /usr/bin/python3 release.py --model corpus/speaker-embedding/model3 --out corpus/speaker-embedding/release

Writes speaker-embedding.onnx, speaker-embedding.onnx.sha256 ("<hex>  speaker-embedding.onnx"),
speaker-embedding.json (the counting settings the engine must use with these weights: the clustering
threshold and min_frac calibrated by eval.py on held-out speakers, the window and hop) and eval.json.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval import WIN_S, HOP_S  # noqa

TURN_CHANGE_LEVEL = 0.85


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, help="folder with speaker-embedding.onnx and eval.json")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    onnx = os.path.join(a.model, "speaker-embedding.onnx")
    ev = json.load(open(os.path.join(a.model, "eval.json")))
    cal = ev["calibration"]
    shutil.copyfile(onnx, os.path.join(a.out, "speaker-embedding.onnx"))
    sha = hashlib.sha256(open(onnx, "rb").read()).hexdigest()
    with open(os.path.join(a.out, "speaker-embedding.onnx.sha256"), "w") as f:
        f.write(f"{sha}  speaker-embedding.onnx\n")
    # the engine counts as eval.py calibrates (AHC), then labels the windows by spectral clustering told that
    # count (docs/BENCHMARKS.md, issue 16: same counts, lower DER); "ahc" would keep AHC's labels. The turns
    # are then decoded again on MFCC voice models ("resegmentation": "mfcc"; lower DER again, same counts)
    cfg = {"clustering": "ahc-spectral", "resegmentation": "mfcc", "threshold": cal["threshold"], "min_frac": cal["min_frac"], "window_s": ev.get("window_s", WIN_S),
           "hop_s": ev.get("hop_s", HOP_S), "embedding_dim": 128, "sample_rate": 16000}
    if "calibration_narrowband" in ev:  # the threshold for narrowband (telephone) speech; min_frac stays the one above
        narrow = ev["calibration_narrowband"]
        cfg["threshold_narrowband"] = narrow["threshold"]
        if narrow["min_frac"] != cal["min_frac"]:
            print(f"note: the telephone calibration chose min_frac {narrow['min_frac']}, the engine keeps "
                  f"{cal['min_frac']} for every band", file=sys.stderr)
    if os.path.exists(os.path.join(a.out, "turn-changes.onnx")):
        # the turn-change detector exported into the release folder (turn_changes.py export); its cut level was
        # chosen on the real-voice corpus (MODEL-CARD.md, "The turn-change detector")
        cfg["turn_changes"] = "turn-changes.onnx"
        cfg["turn_change_level"] = TURN_CHANGE_LEVEL
    with open(os.path.join(a.out, "speaker-embedding.json"), "w") as f:
        json.dump(cfg, f, indent=1)
        f.write("\n")
    shutil.copyfile(os.path.join(a.model, "eval.json"), os.path.join(a.out, "eval.json"))
    print(json.dumps(cfg), sha)


if __name__ == "__main__":
    main()
