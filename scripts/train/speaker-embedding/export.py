#!/usr/bin/env python3
"""Export the checkpoint to ONNX (waveform in, L2-normalised embedding out) and time it.

  /usr/bin/python3 pipeline/export.py --ckpt model/ckpt.pt --onnx model/speaker-embedding.onnx

ONNX graph: input  "waveform"  float32 [batch, samples]  (16 kHz mono, +-1.0 full scale, samples >= 400)
            output "embedding" float32 [batch, 128]      (L2-normalised; cosine = dot product)
The log-mel front end is inside the graph (DFT as a Conv1d with fixed cos/sin kernels), so the Java
side only feeds samples. Opset 17. Also writes reference input/output files for a parity test.
"""
import argparse
import hashlib
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spkmodel import SpeakerNet, ExportWrapper, FbankFFT  # noqa


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="model/ckpt.pt")
    ap.add_argument("--onnx", default="model/speaker-embedding.onnx")
    args = ap.parse_args()
    torch.set_num_threads(1)
    net = SpeakerNet()
    net.load_state_dict(torch.load(args.ckpt, map_location="cpu")["net"])
    net.eval()
    m = ExportWrapper(net).eval()
    dummy = torch.randn(2, 24000) * 0.05
    torch.onnx.export(m, dummy, args.onnx, input_names=["waveform"], output_names=["embedding"],
                      dynamic_axes={"waveform": {0: "batch", 1: "samples"}, "embedding": {0: "batch"}},
                      opset_version=17, do_constant_folding=True)
    import onnx
    mo = onnx.load(args.onnx)
    onnx.checker.check_model(mo)
    ops = sorted({n.op_type for n in mo.graph.node})
    print("ops:", ops)
    sha = hashlib.sha256(open(args.onnx, "rb").read()).hexdigest()
    open(args.onnx + ".sha256", "w").write(f"{sha}  {os.path.basename(args.onnx)}\n")
    print("onnx bytes:", os.path.getsize(args.onnx), "sha256:", sha)
    # reference vectors for a Java parity test: 1.5 s of a deterministic chirp + noise
    g = torch.Generator().manual_seed(7)
    t = torch.arange(24000) / 16000.0
    ref = (0.1 * torch.sin(2 * np.pi * (150 + 400 * t) * t) + 0.01 * torch.randn(24000, generator=g)).unsqueeze(0)
    with torch.no_grad():
        e_conv = m(ref)
        e_fft = torch.nn.functional.normalize(net(FbankFFT()(ref)), dim=1)
    print("conv vs fft front end, max |diff| of embedding:", (e_conv - e_fft).abs().max().item())
    ref.numpy().astype("<f4").tofile(args.onnx + ".ref_in.f32")
    e_conv.numpy().astype("<f4").tofile(args.onnx + ".ref_out.f32")
    # torch timing, one thread
    with torch.no_grad():
        for secs, bs in [(1.5, 1), (1.5, 32), (10.0, 1)]:
            x = torch.randn(bs, int(secs * 16000)) * 0.05
            m(x)
            n = 20 if bs == 1 else 3
            t0 = time.perf_counter()
            for _ in range(n):
                m(x)
            dt = (time.perf_counter() - t0) / n
            print(f"torch 1 thread: batch {bs} x {secs}s: {dt*1000:.1f} ms per call, "
                  f"{dt*1000/(bs*secs):.2f} ms per 1 s of audio")


if __name__ == "__main__":
    main()
