#!/usr/bin/env python3
"""Synthetic TRAIN-ONLY identities: espeak-ng variants x pitch band (each speaking 2 languages),
plus flite awb / rms (NOT kal / kal16 / slt: reserved) at 3 f0 means. 16 kHz mono WAV.
  /usr/bin/python3 scripts/train/speaker-embedding/gen_synth.py --out corpus/speaker-embedding/data_syn
Writes data_syn/wav/<spk>/NNN.wav and data_syn/manifest.tsv (same columns as data/manifest.tsv, split=train).
"""
import argparse, os, random, re, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

EXCL = {"whisper", "whisperf", "fast", "Demonic", "UniRobot", "anikaRobot", "announcer", "croak",
        "robosoft5", "robosoft6", "robosoft7", "robosoft8"}
LANGS = ["en-us", "en-gb", "de", "fr-fr", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs",
         "sk", "hu", "ro", "hr", "id", "ms", "sw", "af", "eo", "tr", "cy", "et", "lv", "sl"]
RESERVED = {"kal", "kal16", "slt", "awb_time"}


def sentences():
    txt = open("/usr/share/common-licenses/GPL-3").read() + open("/usr/share/common-licenses/Apache-2.0").read() \
        + open("/usr/share/common-licenses/MPL-2.0").read()
    s = [re.sub(r"\s+", " ", x).strip() for x in re.split(r"[.;:]\s", txt)]
    s = [x for x in s if 30 <= len(x) <= 160 and not re.search(r"http|www|[<>\"_]", x)]
    return s


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="data_syn")
    ap.add_argument("--utts", type=int, default=14)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    rng = random.Random(7)
    sents = sentences()
    variants = subprocess.run(["espeak-ng", "--voices=variant"], capture_output=True, text=True).stdout.split("\n")[1:]
    variants = sorted({l.split()[4].replace("!v/", "") for l in variants if l.strip()} - EXCL)
    jobs = []  # (spk, idx, cmd_list_of_lists, text)
    for v in variants:
        for pb, pitch in (("lo", (25, 40)), ("hi", (55, 70))):
            spk = f"esp_{v}_{pb}"
            langs = rng.sample(LANGS, 2)
            for i in range(a.utts):
                t = " ".join(rng.sample(sents, 2))
                jobs.append((spk, i, "espeak", dict(v=f"{rng.choice(langs)}+{v}", s=rng.randint(140, 195),
                                                      p=rng.randint(*pitch)), t))
    flv = subprocess.run(["flite", "-lv"], capture_output=True, text=True).stdout.split(":")[1].split()
    for voice in [x for x in flv if x not in RESERVED]:
        for fb, f0 in (("lo", 85), ("mid", 110), ("hi", 150)):
            spk = f"fli_{voice}_{fb}"
            for i in range(a.utts):
                t = " ".join(rng.sample(sents, 2))
                jobs.append((spk, i, "flite", dict(voice=voice, f0=f0 + rng.randint(-5, 5),
                                                     stretch=round(rng.uniform(0.85, 1.15), 2)), t))
    os.makedirs(os.path.join(a.out, "wav"), exist_ok=True)

    def do(j):
        spk, i, eng, o, t = j
        d = os.path.join(a.out, "wav", spk); os.makedirs(d, exist_ok=True)
        raw = os.path.join(d, f"{i:03d}.raw.wav"); out = os.path.join(d, f"{i:03d}.wav")
        if not os.path.exists(out):
            if eng == "espeak":
                run(["espeak-ng", "-v", o["v"], "-s", str(o["s"]), "-p", str(o["p"]), "-w", raw, t])
            else:
                run(["flite", "-voice", o["voice"], "--setf", f"int_f0_target_mean={o['f0']}",
                     "--setf", f"duration_stretch={o['stretch']}", "-t", t, "-o", raw])
            run(["sox", raw, "-r", "16000", "-c", "1", "-b", "16", out])
            os.remove(raw)
        n = os.path.getsize(out) - 44
        return f"wav/{spk}/{i:03d}.wav\t{spk}\t{'espeak-ng' if eng == 'espeak' else 'flite'}\t{n/32000:.3f}\t" \
               f"{'GPL-3+' if eng == 'espeak' else 'flite (BSD-like)'}\ttrain"
    with ThreadPoolExecutor(a.jobs) as ex:
        rows = list(ex.map(do, jobs))
    with open(os.path.join(a.out, "manifest.tsv"), "w") as f:
        f.write("path\tspeaker_id\tsource\tduration_s\tlicence\tsplit\n" + "\n".join(rows) + "\n")
    print(len(rows), "files", len({r.split(chr(9))[1] for r in rows}), "speakers",
          sum(float(r.split(chr(9))[3]) for r in rows) / 60, "min")


if __name__ == "__main__":
    main()
