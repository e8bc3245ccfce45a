# Scores speakers-job answers against a make_recording.py truth, and two answers against each other.
# Usage: score.py NAME C1 C2  (reads NAME.wav.json and NAME-C1.json, NAME-C2.json: GET /v1/jobs/{id} answers)
import json, sys, itertools, numpy as np
def frames(segs, n, key_s='start', key_e='end', key_v='speaker'):
    a = np.full(n, -1)
    for s in segs:
        a[int(s[key_s] * 100):int(s[key_e] * 100)] = s[key_v]
    return a
def best(a, b):
    m = (a >= 0) & (b >= 0)
    la, lb = sorted(set(a[m])), sorted(set(b[m]))
    c = {(x, y): int(np.sum((a[m] == x) & (b[m] == y))) for x in la for y in lb}
    # greedy-optimal via permutations of the smaller set
    best = 0
    if len(la) <= len(lb):
        for p in itertools.permutations(lb, len(la)):
            best = max(best, sum(c[(x, y)] for x, y in zip(la, p)))
    else:
        for p in itertools.permutations(la, len(lb)):
            best = max(best, sum(c[(x, y)] for x, y in zip(p, lb)))
    return best / max(1, m.sum()), m.sum()
name = sys.argv[1]
t = json.load(open(name + '.wav.json')); n = int(max(e for _, e, _ in t['turns']) * 100) + 100
truth = frames([{'start': s, 'end': e, 'speaker': v} for s, e, v in t['turns']], n)
hyps = {}
for c in sys.argv[2:]:
    r = json.load(open(f'{name}-{c}.json'))['result']
    hyps[c] = frames(r['speaker_segments'], n)
    acc, k = best(truth, hyps[c])
    print(f'{name} chunk {c}: {r["speaker_count"]} voices (truth {len(t["voices"])}); same voice as truth on {acc:.4f} of {k} frames both call speech')
cs = list(hyps)
acc, k = best(hyps[cs[0]], hyps[cs[1]])
print(f'{name}: chunk {cs[0]} and {cs[1]} agree on {acc:.4f} of {k} frames')
