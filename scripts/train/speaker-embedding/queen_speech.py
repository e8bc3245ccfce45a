#!/usr/bin/env python3
"""Extract the dialogue speech of Flight of the Amazon Queen from its ScummVM data file queen.1c.

  python3 queen_speech.py QUEEN_1C OUTDIR       -> OUTDIR/<speaker>/<entry>.mp3, prints "path<TAB>speaker" lines

queen.1c (the "CEM10" compressed CD release) starts with a table: "QTBL", an 8-byte version, one
compression byte (1 = MP3), a big-endian uint16 entry count, then per entry a 12-byte NUL-padded
name, a bundle byte, a big-endian uint32 offset and uint32 size. Speech entries end in ".SB" and are
plain 11025 Hz MP3 streams. Dialogue lines are named DDxxxx<who><part>.SB: DD is the dialogue file
(one conversation partner each), <who> is J for Joe (the hero) or P for the partner, <part> numbers
the pieces of one long line. So the speaker labels are: foq_Joe for every J line and JOE*.SB, and
foq_dDD for the partner of dialogue DD. Cutaway scenes (C*.SB and the rest) name no speaker and are
skipped, and Joe is capped at 700 lines. A character with two dialogue files gets two labels, which is the price of labels from file
names (few characters have more than one dialogue file).
"""
import os
import re
import struct
import sys


def entries(blob):
    assert blob[:4] == b"QTBL", "not a compressed queen.1c"
    n = struct.unpack(">H", blob[13:15])[0]
    for i in range(n):
        o = 15 + 21 * i
        name = blob[o:o + 12].split(b"\0")[0].decode("latin1")
        off, size = struct.unpack(">II", blob[o + 13:o + 21])
        yield name, off, size


def speaker_of(name):
    if not name.endswith(".SB"):
        return None
    if name.startswith("JOE"):
        return "foq_Joe"
    m = re.match(r"^([0-9]{2})[0-9A-Z]{4}([JP])[0-9]\.SB$", name)
    if not m:
        return None
    return "foq_Joe" if m.group(2) == "J" else "foq_d" + m.group(1)


JOE_MAX_LINES = 700  # Joe has ~1930 lines (~70 min); 700 are plenty and keep the classes balanced


def main():
    src, out = sys.argv[1], sys.argv[2]
    blob = open(src, "rb").read()
    joe = 0
    for name, off, size in entries(blob):
        spk = speaker_of(name)
        if spk is None:
            continue
        if spk == "foq_Joe":
            joe += 1
            if joe > JOE_MAX_LINES:
                continue
        d = os.path.join(out, spk)
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, name[:-3] + ".mp3")
        if not os.path.exists(p):
            with open(p, "wb") as f:
                f.write(blob[off:off + size])
        print(f"{p}\t{spk}")


if __name__ == "__main__":
    main()
