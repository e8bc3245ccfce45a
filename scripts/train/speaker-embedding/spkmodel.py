"""Speaker-embedding model + fixed log-mel front end (shared by train.py, eval.py, export).

Front end (exactly what the exported ONNX graph computes from a raw waveform):
  input          float32 waveform, 16 kHz mono, full scale +-1.0 (int16 / 32768)
  framing        frame length 400 samples (25 ms), hop 160 (10 ms), no centre padding, no dither,
                 no pre-emphasis, no DC removal; n_frames = 1 + (n_samples - 400) // 160
  window         periodic Hann of length 400: w[n] = 0.5 - 0.5*cos(2*pi*n/400)
  spectrum       512-point DFT of the windowed 400-sample frame zero-padded to 512, bins 0..256,
                 power = re^2 + im^2
  mel            64 triangular filters, HTK mel scale mel(f) = 2595*log10(1 + f/700), edges equally
                 spaced in mel between 20 Hz and 7600 Hz; filter weights are triangles in Hz over
                 bin centre frequencies f_k = k*16000/512 (torchaudio melscale_fbanks, norm=None,
                 mel_scale="htk"); no area normalisation
  log            ln(max(mel_energy, 1e-6)) ... implemented as ln(mel_energy + 1e-6)
  normalisation  subtract the per-band mean over all frames of the input (CMN), no variance norm.
"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

SR = 16000
WIN = 400
HOP = 160
NFFT = 512
NMELS = 64
FMIN = 20.0
FMAX = 7600.0
LOG_EPS = 1e-6


def hz_to_mel(f):
    return 2595.0 * math.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def mel_matrix():
    """[NFFT//2+1, NMELS] triangular filterbank (HTK mel, no norm)."""
    nb = NFFT // 2 + 1
    freqs = torch.arange(nb, dtype=torch.float64) * SR / NFFT
    m_pts = torch.linspace(hz_to_mel(FMIN), hz_to_mel(FMAX), NMELS + 2, dtype=torch.float64)
    f_pts = 700.0 * (10.0 ** (m_pts / 2595.0) - 1.0)
    fb = torch.zeros(nb, NMELS, dtype=torch.float64)
    for m in range(NMELS):
        lo, c, hi = f_pts[m], f_pts[m + 1], f_pts[m + 2]
        up = (freqs - lo) / (c - lo)
        down = (hi - freqs) / (hi - c)
        fb[:, m] = torch.clamp(torch.minimum(up, down), min=0.0)
    return fb.float()


def hann():
    n = torch.arange(WIN, dtype=torch.float64)
    return (0.5 - 0.5 * torch.cos(2 * math.pi * n / WIN)).float()


class FbankFFT(nn.Module):
    """Training front end (fast, uses torch.fft; not exportable)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("win", hann())
        self.register_buffer("mel", mel_matrix())

    def forward(self, wav):  # [B, N] -> [B, NMELS, T]
        fr = wav.unfold(1, WIN, HOP) * self.win  # [B, T, WIN]
        spec = torch.fft.rfft(fr, n=NFFT)
        pw = spec.real ** 2 + spec.imag ** 2
        x = torch.log(pw @ self.mel + LOG_EPS)  # [B, T, M]
        x = x - x.mean(dim=1, keepdim=True)
        return x.transpose(1, 2)


class FbankConv(nn.Module):
    """Export front end: the DFT is a strided Conv1d with fixed cos/sin kernels (ONNX friendly)."""

    def __init__(self):
        super().__init__()
        nb = NFFT // 2 + 1
        n = torch.arange(WIN, dtype=torch.float64)
        k = torch.arange(nb, dtype=torch.float64)
        ang = 2 * math.pi * k[:, None] * n[None, :] / NFFT
        w = hann().double()
        kern = torch.cat([torch.cos(ang) * w, -torch.sin(ang) * w], 0).float()  # [2nb, WIN]
        self.register_buffer("kern", kern.unsqueeze(1))
        self.register_buffer("mel", mel_matrix())
        self.nb = nb

    def forward(self, wav):  # [B, N]
        y = F.conv1d(wav.unsqueeze(1), self.kern, stride=HOP)  # [B, 2nb, T]
        re, im = y[:, : self.nb], y[:, self.nb:]
        pw = (re * re + im * im).transpose(1, 2)  # [B, T, nb]
        x = torch.log(torch.matmul(pw, self.mel) + LOG_EPS)
        x = x - x.mean(dim=1, keepdim=True)
        return x.transpose(1, 2)


class TDNNBlock(nn.Module):
    def __init__(self, cin, cout, k, d):
        super().__init__()
        self.conv = nn.Conv1d(cin, cout, k, dilation=d, padding=d * (k - 1) // 2)
        self.bn = nn.BatchNorm1d(cout)

    def forward(self, x):
        return self.bn(F.relu(self.conv(x)))


class SEBlock(nn.Module):
    def __init__(self, c, r=8):
        super().__init__()
        self.fc1 = nn.Conv1d(c, c // r, 1)
        self.fc2 = nn.Conv1d(c // r, c, 1)

    def forward(self, x):
        s = x.mean(dim=2, keepdim=True)
        return x * torch.sigmoid(self.fc2(F.relu(self.fc1(s))))


class SpeakerNet(nn.Module):
    """Compact ECAPA-flavoured TDNN: 3 residual dilated blocks with SE, multi-layer aggregation,
    attentive statistics pooling, 128-d L2-normalised embedding."""

    def __init__(self, c=96, ca=256, emb=128):
        super().__init__()
        self.l1 = TDNNBlock(NMELS, c, 5, 1)
        self.b2 = TDNNBlock(c, c, 3, 2)
        self.b3 = TDNNBlock(c, c, 3, 3)
        self.b4 = TDNNBlock(c, c, 3, 4)
        self.se2, self.se3, self.se4 = SEBlock(c), SEBlock(c), SEBlock(c)
        self.mfa = TDNNBlock(3 * c, ca, 1, 1)
        self.att = nn.Sequential(nn.Conv1d(ca, 64, 1), nn.Tanh(), nn.Conv1d(64, ca, 1))
        self.bn_pool = nn.BatchNorm1d(2 * ca)
        self.fc = nn.Linear(2 * ca, emb)
        self.bn_emb = nn.BatchNorm1d(emb)

    def forward(self, feats):  # [B, NMELS, T]
        x1 = self.l1(feats)
        x2 = self.se2(self.b2(x1)) + x1
        x3 = self.se3(self.b3(x2)) + x2
        x4 = self.se4(self.b4(x3)) + x3
        h = self.mfa(torch.cat([x2, x3, x4], 1))
        w = torch.softmax(self.att(h), dim=2)
        mu = (h * w).sum(2)
        sd = torch.sqrt(((h * h) * w).sum(2) - mu * mu + 1e-5)
        e = self.bn_emb(self.fc(self.bn_pool(torch.cat([mu, sd], 1))))
        return e


class ExportWrapper(nn.Module):
    """waveform [B, N] -> L2-normalised embedding [B, 128]."""

    def __init__(self, net):
        super().__init__()
        self.fb = FbankConv()
        self.net = net

    def forward(self, wav):
        e = self.net(self.fb(wav))
        return e / torch.sqrt((e * e).sum(1, keepdim=True) + 1e-12)


class AAMSoftmax(nn.Module):
    def __init__(self, emb, n_cls, s=30.0):
        super().__init__()
        self.w = nn.Parameter(torch.randn(n_cls, emb) * 0.01)
        self.s = s
        self.m = 0.0

    def forward(self, e, y):
        cos = F.linear(F.normalize(e), F.normalize(self.w)).clamp(-1 + 1e-7, 1 - 1e-7)
        if self.m > 0:
            th = torch.acos(cos)
            tgt = torch.cos(th + self.m)
            oh = F.one_hot(y, cos.shape[1]).bool()
            cos = torch.where(oh, tgt, cos)
        logits = self.s * cos
        return F.cross_entropy(logits, y), logits
