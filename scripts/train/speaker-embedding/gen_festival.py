#!/usr/bin/env python3
"""More synthetic TRAIN-ONLY identities: Festival diphone voices recorded from real people, none of them on the
reserved list (kal, slt, czech_dita/machac/ph, ital/itap, upc_ca_ona are never used here). Each voice reads the
same licence sentences as gen_synth.py, by its own letter-to-sound rules, at three speeds. Run after gen_synth.py
with the same --out: it adds its rows to OUT/manifest.tsv.

  /usr/bin/python3 scripts/train/speaker-embedding/gen_festival.py --out corpus/speaker-embedding/data_syn

Needs festival and festvox-kdlpc16k, festvox-czech-krb, festvox-suopuhe-lj, festvox-suopuhe-mv (Debian). The Hindi
voice festvox-hi-nsk crashes on Latin text and is left out.
"""
import argparse
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_synth import sentences  # noqa

# festival voice -> (speaker id, package, licence)
VOICES = {
    "ked_diphone": ("fes_ked", "festvox-kdlpc16k", "free (festvox licence)"),
    "czech_krb": ("fes_krb", "festvox-czech-krb", "GPL-3+"),
    "suo_fi_lj_diphone": ("fes_lj", "festvox-suopuhe-lj", "LGPL-2.1+"),
    "hy_fi_mv_diphone": ("fes_mv", "festvox-suopuhe-mv", "LGPL-2.1+"),
}
RESERVED = ("kal", "slt", "dita", "machac", "czech_ph", "ital", "itap", "lp_diphone", "pc_diphone", "ona")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--utts", type=int, default=40)
    a = ap.parse_args()
    rng = random.Random(11)
    sents = sentences()
    rows = []
    for voice, (spk, pkg, lic) in VOICES.items():
        assert not any(r in voice for r in RESERVED), voice
        d = os.path.join(a.out, "wav", spk)
        os.makedirs(d, exist_ok=True)
        for i in range(a.utts):
            out = os.path.join(d, f"{i:03d}.wav")
            if not os.path.exists(out):
                txt, raw = out + ".txt", out + ".raw.wav"
                open(txt, "w").write(" ".join(rng.sample(sents, 2)) + "\n")
                stretch = rng.choice([0.9, 1.0, 1.1])
                subprocess.run(["text2wave", "-eval", f"(voice_{voice})", "-eval",
                                f"(Parameter.set 'Duration_Stretch {stretch})", txt, "-o", raw],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                subprocess.run(["sox", raw, "-r", "16000", "-c", "1", "-b", "16", out], check=True)
                os.remove(raw)
                os.remove(txt)
            n = os.path.getsize(out) - 44
            rows.append(f"wav/{spk}/{i:03d}.wav\t{spk}\t{pkg}\t{n / 32000:.3f}\t{lic}\ttrain")
    man = os.path.join(a.out, "manifest.tsv")
    keep = [l for l in open(man).read().splitlines() if not l.split("\t")[1].startswith("fes_")] \
        if os.path.exists(man) else ["path\tspeaker_id\tsource\tduration_s\tlicence\tsplit"]
    open(man, "w").write("\n".join(keep + rows) + "\n")
    print(len(rows), "files,", len(VOICES), "voices,", sum(float(r.split("\t")[3]) for r in rows) / 60, "min")


if __name__ == "__main__":
    main()
