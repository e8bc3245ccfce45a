# A long recording of eval-split voices taking turns, with its truth, for long-job speaker checks.
# Usage: make_recording.py SECONDS VOICE1,VOICE2,... OUT.wav [SPK_DATA_DIR]
# Voices and utterances come from the speaker-embedding data (manifest.tsv, wav/...; corpus/speaker-embedding/data
# by default). Turns of 5-12 s (whole utterances with 0.15 s between them), each voice going on where it stopped,
# levels +-6 dB, 0.3-1.5 s gaps, white noise 20 dB under the speech level. Writes OUT.wav and OUT.wav.json
# ({"voices": [...], "turns": [[start, end, voice index], ...]}).
import wave, numpy as np, json, random, sys
random.seed(7); rng = np.random.default_rng(7)
base = (sys.argv[4] if len(sys.argv) > 4 else 'corpus/speaker-embedding/data').rstrip('/') + '/'
voices = sys.argv[2].split(',')
target_s = float(sys.argv[1])
import csv
utts = {v: [] for v in voices}
for row in csv.DictReader(open(base + 'manifest.tsv'), delimiter='\t'):
    if row['speaker_id'] in utts:
        utts[row['speaker_id']].append(row['path'])
def read(p):
    w = wave.open(base + p); x = np.frombuffer(w.readframes(w.getnframes()), dtype='<i2').astype(np.float32) / 32768
    return x
pos = {v: 0 for v in voices}
out = []; truth = []  # (start, end, voice index)
t = 0; vi = 0; n = 0
while t < target_s:
    v = voices[vi]
    turn = random.uniform(5, 12); seg = []
    while sum(len(s) for s in seg) / 16000 < turn:
        x = read(utts[v][pos[v] % len(utts[v])]); pos[v] += 1
        x = x / (np.sqrt(np.mean(x ** 2)) + 1e-9) * 0.05 * 10 ** (random.uniform(-6, 6) / 20)
        seg.append(x); seg.append(np.zeros(int(16000 * 0.15), np.float32))
    seg = np.concatenate(seg)
    truth.append((t, t + len(seg) / 16000, vi)); out.append(seg); t += len(seg) / 16000
    gap = np.zeros(int(16000 * random.uniform(0.3, 1.5)), np.float32); out.append(gap); t += len(gap) / 16000
    vi = (vi + random.randint(1, len(voices) - 1)) % len(voices)
y = np.concatenate(out)
y = y + rng.normal(0, 0.05 * 10 ** (-20 / 20), len(y)).astype(np.float32)
w = wave.open(sys.argv[3], 'wb'); w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000)
w.writeframes((np.clip(y, -1, 1) * 32767).astype('<i2').tobytes()); w.close()
json.dump({'voices': voices, 'turns': truth}, open(sys.argv[3] + '.json', 'w'))
print(len(y) / 16000, 's', len(truth), 'turns')
