#!/usr/bin/env python3
"""Replays speaker-counting rules on window embeddings dumped once by scripts/dump-window-embeddings.sh, so that
rules and parameters are compared on exactly the embeddings the engine clusters, in seconds to minutes.

    scripts/clustering-sweep.py DUMP.tsv [RULE ...]     (default: every rule below)

Prints exact, MAE, one voice says 1, exact by set, and the confusion (rows true 1-4, columns estimated 0-6).
Research code: the engine's rules are the Java ones (ClusterCut, SpectralClustering); 'ahc' and 'spectral' here
reproduce their counts on the real-voice corpora (docs/BENCHMARKS.md, issue 16). Needs numpy and scipy.
"""
import sys, numpy as np
from scipy.cluster.hierarchy import linkage, fcluster
from scipy.spatial.distance import pdist

def load(path):
    files=[]
    for line in open(path):
        f=line.rstrip('\n').split('\t')
        n=int(f[5])
        X=np.array([[float(v) for v in w.split(',')] for w in f[6].split(';')]) if n>0 else np.zeros((0,128))
        files.append(dict(file=f[0], set=f[1], cond=f[2], snr=f[3], true=int(f[4]), X=X))
    return files

def count_sizes(sizes, n, min_frac):
    return max(1, sum(1 for s in sizes if s >= min_frac*n))

def ahc_labels(X, thr):
    if len(X) < 2: return np.zeros(len(X), int)
    Z = linkage(X, 'average', metric='cosine')
    return fcluster(Z, t=1-thr, criterion='distance')

def ahc(X, thr=0.2, min_frac=0.1, **k):
    if len(X) < 2: return 1
    lab = ahc_labels(X, thr)
    return count_sizes(np.bincount(lab), len(X), min_frac)

def laplacian(A):
    A = A.copy(); np.fill_diagonal(A, 0)
    return np.diag(A.sum(1)) - A

def eig_count(A, kmax, kmin=1):
    L = laplacian(A)
    lam = np.linalg.eigvalsh(L)
    gaps = np.diff(lam[:kmax+1])
    k = int(np.argmax(gaps[kmin-1:kmax])) + kmin
    return k, lam, gaps

def nmesc(X, kmax=8, max_rp=0.15, min_frac=0.0, fixed_p=None, **kw):
    n = len(X)
    if n < 6: return 1
    S = X @ X.T
    best=None
    ps = [fixed_p] if fixed_p else range(1, max(2, int(np.floor(n*max_rp)))+1)
    for p in ps:
        A = np.zeros_like(S)
        idx = np.argsort(-S, axis=1)[:, :p]
        np.put_along_axis(A, idx, 1.0, axis=1)
        A = 0.5*(A+A.T)
        k, lam, gaps = eig_count(A, min(kmax, n-1))
        g = gaps[k-1] / (lam.max()+1e-10)
        r = (p/n) / (g+1e-10)
        if best is None or r < best[0]: best=(r,p,k)
    return best[2]

def sc3d(X, pval=0.032, kmax=8, **kw):
    n=len(X)
    if n < 6: return 1
    S = X @ X.T
    if n*pval < 6: pval = 6./n
    nz = int((1-pval)*n)
    A = S.copy()
    for i in range(n):
        low = np.argsort(A[i])[:nz]
        A[i, low] = 0
    A = 0.5*(A+A.T)
    k,_,_ = eig_count(A, min(kmax, n-1))
    return k

def wang(X, pct=0.95, sigma=1.0, kmax=8, **kw):
    from scipy.ndimage import gaussian_filter
    n=len(X)
    if n < 6: return 1
    A = X @ X.T
    A = (A+1)/2
    np.fill_diagonal(A, 0); np.fill_diagonal(A, A.max(1))
    A = gaussian_filter(A, sigma)
    rowmax = A.max(1, keepdims=True)
    A = np.where(A > pct*rowmax, A, 0.01*A)  # row-wise thresholding (keep above pct of row max)
    A = np.maximum(A, A.T)
    A = A @ A.T
    A = A / A.max(1, keepdims=True)
    lam = np.sort(np.linalg.eigvalsh(0.5*(A+A.T)))[::-1]
    ratios = lam[:kmax] / np.maximum(lam[1:kmax+1], 1e-10)
    return int(np.argmax(ratios))+1

def centroid_ahc(X, thr=0.4, min_frac=0.1, **kw):
    # average-linkage over-clustering then merging clusters whose normalised centroids are similar
    n=len(X)
    if n<2: return 1
    lab = ahc_labels(X, kw.get('over', 0.2))
    cl = [X[lab==c] for c in np.unique(lab)]
    while len(cl) > 1:
        C = np.array([c.sum(0)/np.linalg.norm(c.sum(0)) for c in cl])
        S = C@C.T; np.fill_diagonal(S, -2)
        i,j = np.unravel_index(np.argmax(S), S.shape)
        if S[i,j] < thr: break
        cl[i] = np.vstack([cl[i], cl[j]]); del cl[j]
    return count_sizes([len(c) for c in cl], n, min_frac)

def report(name, files, fn, **kw):
    conf = np.zeros((5,8), int)
    exact=0; ae=0; one=0; ones=0; byset={}
    for f in files:
        est = fn(f['X'], **kw) if len(f['X'])>0 else 1
        t=f['true']; conf[t, min(est,7)]+=1
        exact += est==t; ae += abs(est-t)
        if t==1: ones+=1; one += est==1
        s=f['set']; a=byset.setdefault(s,[0,0]); a[0]+=est==t; a[1]+=1
    N=len(files)
    bs=' '.join(f"{s}:{a[0]/a[1]:.2f}" for s,a in sorted(byset.items()))
    rows=' | '.join(' '.join(str(x) for x in conf[t,:7]) for t in range(1,5))
    print(f"{name:40s} exact {exact/N:.3f} MAE {ae/N:.2f} one {one}/{ones}  {bs}  [{rows}]", flush=True)
    return exact/N


def smooth(X, w=(0.25,0.5,0.25)):
    n=len(X); r=len(w)//2; Y=np.zeros_like(X)
    for i in range(n):
        for k,wk in enumerate(w):
            j=min(max(i+k-r,0),n-1); Y[i]+=wk*X[j]
    return Y/np.linalg.norm(Y,axis=1,keepdims=True)

def ahc_smooth(X, thr=0.2, min_frac=0.1, w=(0.25,0.5,0.25), **kw):
    return ahc(smooth(X,w), thr, min_frac) if len(X)>=3 else 1

def ahc_gap(X, lo=0.1, hi=0.35, min_frac=0.1, **kw):
    # file-adaptive threshold: cut at the largest drop between successive merge similarities in [lo, hi]
    n=len(X)
    if n<3: return 1
    Z=linkage(X,'average',metric='cosine'); sims=1-Z[:,2]  # increasing distance -> decreasing sim
    cand=[m for m in range(len(sims)-1) if hi>=sims[m+1] and sims[m]>=lo]
    if not cand: return ahc(X, 0.2, min_frac)
    m=max(cand, key=lambda m: sims[m]-sims[m+1])
    thr=(sims[m]+sims[m+1])/2
    return ahc(X, thr, min_frac)

def spec_thr(X, thr=0.2, kmax=8, **kw):
    n=len(X)
    if n<6: return 1
    S=X@X.T; A=np.maximum(S-thr,0)
    k,_,_=eig_count(A, min(kmax,n-1)); return k


def oracle_possible(X, true, min_frac=0.1):
    if len(X)<2: return true==1
    for t in np.arange(-0.2, 0.9, 0.01):
        if ahc(X, t, min_frac)==true: return True
    return False

def ahc_refine(X, thr=0.2, min_frac=0.1, iters=3, **kw):
    n=len(X)
    if n<2: return 1
    lab=ahc_labels(X, thr)
    for _ in range(iters):
        ids=[c for c in np.unique(lab) if (lab==c).sum()>=min_frac*n] or [np.bincount(lab).argmax()]
        C=np.array([X[lab==c].mean(0) for c in ids])
        C/=np.linalg.norm(C,axis=1,keepdims=True)
        lab=np.argmax(X@C.T,1)
        # merge voices whose windows' average cross similarity is above the threshold
        changed=True
        while changed and len(np.unique(lab))>1:
            changed=False; u=np.unique(lab)
            best=None
            for a in range(len(u)):
                for b in range(a+1,len(u)):
                    s=(X[lab==u[a]]@X[lab==u[b]].T).mean()
                    if s>=thr and (best is None or s>best[0]): best=(s,u[a],u[b])
            if best: lab[lab==best[2]]=best[1]; changed=True
    return count_sizes(np.bincount(lab), n, min_frac)


def silhouette(S, lab):
    n=len(lab); u=np.unique(lab)
    if len(u)<2: return -1
    D=1-S; s=np.zeros(n)
    for i in range(n):
        own=lab==lab[i]; m=own.sum()
        if m<=1: s[i]=0; continue
        a=D[i,own].sum()/(m-1)
        b=min(D[i,lab==c].mean() for c in u if c!=lab[i])
        s[i]=(b-a)/max(a,b)
    return s.mean()

def ahc_sil(X, thr=0.2, min_frac=0.1, kmax=6, mode='ge2', **kw):
    n=len(X)
    if n<3: return 1
    base=ahc(X, thr, min_frac)
    if base==1 and mode=='ge2': return 1
    Z=linkage(X,'average',metric='cosine'); S=X@X.T
    best=None
    for k in range(2, min(kmax, n-1)+1):
        lab=fcluster(Z, k, 'maxclust')
        sz=np.bincount(lab)
        big=[c for c in range(len(sz)) if sz[c]>=min_frac*n]
        if len(big)!=k: continue   # a cut with too-small clusters is not a k-voice answer
        sc=silhouette(S, lab)
        if best is None or sc>best[0]: best=(sc,k)
    return best[1] if best else base


def sc3d_labels(X, pval=0.032, kmax=8, kmin=1, min_frac=0.0, **kw):
    n=len(X)
    if n < 6: return 1
    S = X @ X.T
    if n*pval < 6: pval = 6./n
    keep = n - int((1-pval)*n)
    A = np.zeros_like(S)
    for i in range(n):
        top = np.argsort(-S[i], kind='stable')[:keep]
        A[i, top] = S[i, top]
    A = 0.5*(A+A.T); np.fill_diagonal(A,0)
    L = np.diag(A.sum(1)) - A
    lam, V = np.linalg.eigh(L)
    kmax=min(kmax,n-1)
    gaps=np.diff(lam[:kmax+1])
    k=int(np.argmax(gaps[kmin-1:kmax]))+kmin
    if k==1: return 1
    E=V[:,:k]; E=E/np.maximum(np.linalg.norm(E,axis=1,keepdims=True),1e-12)
    # k-means, farthest-first init from row 0
    C=[E[0]]
    for _ in range(1,k):
        d=np.min([((E-c)**2).sum(1) for c in C],0); C.append(E[int(np.argmax(d))])
    C=np.array(C)
    for _ in range(50):
        lab=np.argmin(((E[:,None,:]-C[None])**2).sum(2),1)
        newC=np.array([E[lab==c].mean(0) if (lab==c).any() else C[c] for c in range(k)])
        if np.allclose(newC,C): break
        C=newC
    return count_sizes(np.bincount(lab,minlength=k), n, min_frac)



RULES = {
    'ahc': lambda X: ahc(X),
    'ahc-thr-0.15': lambda X: ahc(X, thr=0.15),
    'ahc-thr-0.25': lambda X: ahc(X, thr=0.25),
    'ahc-minfrac-0.08': lambda X: ahc(X, min_frac=0.08),
    'ahc-minfrac-0.12': lambda X: ahc(X, min_frac=0.12),
    'spectral': lambda X: sc3d_labels(X, min_frac=0.1),
    'nme-sc': lambda X: nmesc(X),
    'spectral-refined-wang2018': lambda X: wang(X, pct=0.9),
    'ahc-adaptive-gap': lambda X: ahc_gap(X, lo=0.15, hi=0.3),
    'ahc-then-centroid-merge': lambda X: centroid_ahc(X, thr=0.45, over=0.3),
    'ahc-silhouette-k': lambda X: ahc_sil(X),
    'ahc-smoothed-neighbours': lambda X: ahc_smooth(X, thr=0.3),
    'ahc-reassign-to-centroids': lambda X: ahc_refine(X),
}

if __name__ == '__main__':
    files = load(sys.argv[1])
    for name in (sys.argv[2:] or list(RULES)):
        report(name, files, lambda X, f=RULES[name]: f(X))
