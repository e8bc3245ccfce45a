#!/usr/bin/env python3
"""Turns a released speaker-embedding.onnx back into a training checkpoint ({"net": state_dict}), so that a
run can continue from the shipped weights (train.py --init; the AAM head then starts from class centroids) or
eval.py can score them, when the original ckpt.pt is not at hand.

  /usr/bin/python3 onnx_to_ckpt.py --onnx speaker-embedding.onnx --out ckpt.pt [--ref_in X.f32 --ref_out Y.f32]

The ONNX initializers keep ExportWrapper's parameter names (fb.*, net.*), so this is a rename, checked by the
reference vectors the export wrote (the engine's parity test uses the same files).
"""
import argparse, os, sys
import numpy as np
import onnx
from onnx import numpy_helper
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spkmodel import SpeakerNet, ExportWrapper  # noqa


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ref_in")
    ap.add_argument("--ref_out")
    a = ap.parse_args()
    inits = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(a.onnx).graph.initializer}
    net = SpeakerNet()
    sd = net.state_dict()
    missing = []
    for k in sd:
        if "net." + k in inits:
            sd[k] = inits["net." + k].reshape(sd[k].shape)
        elif not k.endswith("num_batches_tracked"):
            missing.append(k)
    if missing:
        sys.exit(f"not in the ONNX file: {missing}")
    net.load_state_dict(sd)
    net.eval()
    if a.ref_in:
        x = torch.from_numpy(np.fromfile(a.ref_in, "<f4")).unsqueeze(0)
        y = np.fromfile(a.ref_out, "<f4")
        with torch.no_grad():
            e = ExportWrapper(net).eval()(x).numpy().ravel()
        print("max |torch - reference| =", float(np.abs(e - y).max()))
    torch.save({"net": net.state_dict()}, a.out)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
