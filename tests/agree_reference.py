"""Reference figures for `hashiya agree`, computed from the definitions in
docs/AGREE.md with independent implementations: scikit-learn's
cohen_kappa_score, the `krippendorff` package and NLTK's AnnotationTask for
alpha, SciPy's linear_sum_assignment for the maximum overlap matching.

Inputs: the corpus folder (layer files are read with tomllib), a folder of
CoNLL exports written by `hashiya export --format conll --annotator A`
(`A.conll`, entity tags) and `--label L` (`A.L.conll`), and the annotators.
Prints one JSON object shaped like `hashiya agree --format json`.

    python3 agree_reference.py CORPUS CONLL_DIR amal,badr,huda label:T1,T2 label ...
"""

import json
import math
import sys
import tomllib
from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np
import krippendorff
from nltk.metrics.agreement import AnnotationTask
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import cohen_kappa_score

corpus = Path(sys.argv[1])
conll_dir = Path(sys.argv[2])
annotators = sys.argv[3].split(",")
labels = []  # [(label, [types])]
for spec in sys.argv[4:]:
    name, _, types = spec.partition(":")
    labels.append((name, [t for t in types.split(",") if t]))
pairs = list(combinations(annotators, 2))


def read_conll(path):
    """[[tag, ...] per document] with B-/I- dropped."""
    docs = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            docs.append([])
        elif line:
            tag = line.rsplit(" ", 1)[1]
            docs[-1].append(tag[2:] if tag[:2] in ("B-", "I-") else tag)
    return docs


documents = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.txt"))


def layer(doc, a):
    """(status, accepted annotations) of a's layer of doc."""
    p = corpus / doc
    f = p.with_name(p.name[: -len(".txt")] + f".{a}.layer.toml")
    if not f.exists():
        return "todo", []
    t = tomllib.loads(f.read_text(encoding="utf-8"))
    anns = t.get("annotation", [])
    status = t.get("status", "in-progress" if anns else "todo")
    return status, [x for x in anns if x.get("status", "accepted") == "accepted"]


layers = {(d, a): layer(d, a) for d in documents for a in annotators}
counted = {
    d: [a for a in annotators if layers[(d, a)][0] in ("done", "in-progress")]
    for d in documents
}
tags = {a: read_conll(conll_dir / f"{a}.conll") for a in annotators}
label_tags = {
    (a, l): read_conll(conll_dir / f"{a}.{l}.conll") for a in annotators for (l, _) in labels
}


def f1(m, oa, ob):
    return None if 2 * m + oa + ob == 0 else 2 * m / (2 * m + oa + ob)


def scores(m, oa, ob):
    return {
        "precision": None if m + ob == 0 else m / (m + ob),
        "recall": None if m + oa == 0 else m / (m + oa),
        "f1": f1(m, oa, ob),
        "matched": m,
        "only_a": oa,
        "only_b": ob,
    }


def overlap_pairs(xs, ys):
    """A maximum matching of overlapping spans (SciPy's assignment)."""
    if not xs or not ys:
        return []
    w = np.array([[1 if x["start"] < y["end"] and y["start"] < x["end"] else 0 for y in ys] for x in xs])
    r, c = linear_sum_assignment(w, maximize=True)
    return [(i, j) for i, j in zip(r, c) if w[i, j] == 1]


def compare(xs, ys):
    key = lambda s: (s["start"], s["end"], s["label"], s.get("kind", ""))
    strict = sum((Counter(map(key, xs)) & Counter(map(key, ys))).values())
    over = len(overlap_pairs(xs, ys))
    return (strict, len(xs) - strict, len(ys) - strict), (over, len(xs) - over, len(ys) - over)


def rows():
    yield "", ""
    for l, ts in labels:
        yield l, ""
        for t in ts:
            yield l, t


def keep(spans, l, t):
    return [s for s in spans if s["label"] == l and (not t or s.get("kind", "") == t)]


def spans_compare(xs, ys, l, t):
    if l == "":
        tot_s, tot_o = [0, 0, 0], [0, 0, 0]
        for ll, _ in labels:
            s, o = compare(keep(xs, ll, ""), keep(ys, ll, ""))
            tot_s = [u + v for u, v in zip(tot_s, s)]
            tot_o = [u + v for u, v in zip(tot_o, o)]
        return tuple(tot_s), tuple(tot_o)
    return compare(keep(xs, l, t), keep(ys, l, t))


def token_values(d_index, a, l, t):
    if l == "":
        return tags[a][d_index]
    seq = label_tags[(a, l)][d_index]
    if t:
        return ["1" if x == t else "0" for x in seq]
    return ["0" if x == "O" else "1" for x in seq]


def kappa(xs, ys):
    if not xs:
        return None
    # Undefined when both use one and the same category throughout.
    if len(set(xs) | set(ys)) == 1:
        return None
    return float(cohen_kappa_score(xs, ys))


out = {"annotators": annotators, "pairs": [], "alpha": {}, "alpha_nltk": {}, "documents": []}
pair_counts = {}
for a, b in pairs:
    docs = [i for i, d in enumerate(documents) if a in counted[d] and b in counted[d]]
    for l, t in rows():
        st, ov = [0, 0, 0], [0, 0, 0]
        xa, xb = [], []
        for i in docs:
            s, o = spans_compare(layers[(documents[i], a)][1], layers[(documents[i], b)][1], l, t)
            st = [u + v for u, v in zip(st, s)]
            ov = [u + v for u, v in zip(ov, o)]
            xa += token_values(i, a, l, t)
            xb += token_values(i, b, l, t)
        pair_counts[(a, b, l, t)] = (st, ov)
        out["pairs"].append(
            {"a": a, "b": b, "label": l, "type": t, "strict": scores(*st), "overlap": scores(*ov), "kappa": kappa(xa, xb)}
        )


def alpha_of(doc_indices, l):
    """krippendorff's alpha and NLTK's on the tokens of these documents."""
    cats = {}
    matrix = []
    triples = []
    for k, a in enumerate(annotators):
        row = []
        for n, i in enumerate(doc_indices):
            d = documents[i]
            seq = token_values(i, annotators[0] if a not in counted[d] else a, l, "")
            for u, v in enumerate(seq):
                if a in counted[d] and len(counted[d]) >= 2:
                    row.append(cats.setdefault(v, len(cats)))
                    triples.append((a, f"{n}:{u}", v))
                else:
                    row.append(np.nan)
        matrix.append(row)
    if len(cats) < 2:
        return None, None
    ka = krippendorff.alpha(reliability_data=np.array(matrix, dtype=float), level_of_measurement="nominal")
    na = AnnotationTask(data=triples).alpha()
    return float(ka), float(na)


compared = [i for i, d in enumerate(documents) if len(counted[d]) >= 2]
for l in [""] + [l for l, _ in labels]:
    ka, na = alpha_of(compared, l)
    out["alpha"][l] = ka
    out["alpha_nltk"][l] = na


def mean(v):
    v = [x for x in v if x is not None]
    return sum(v) / len(v) if v else None


def pair_f1(a, b, which):
    st, ov = pair_counts[(a, b, "", "")]
    return f1(*(st if which == "strict" else ov))


out["average"] = {
    "strict_f1": mean([pair_f1(a, b, "strict") for a, b in pairs]),
    "overlap_f1": mean([pair_f1(a, b, "overlap") for a, b in pairs]),
    "kappa": mean([p["kappa"] for p in out["pairs"] if p["label"] == ""]),
}

# Per document.
doc_counts = {}
for i, d in enumerate(documents):
    s_f1, o_f1 = [], []
    for a, b in pairs:
        if a in counted[d] and b in counted[d]:
            s, o = spans_compare(layers[(d, a)][1], layers[(d, b)][1], "", "")
            doc_counts[(i, a, b)] = s
            s_f1.append(f1(*s))
            o_f1.append(f1(*o))
    alpha = alpha_of([i], "")[0] if len(counted[d]) >= 2 else None
    out["documents"].append(
        {
            "path": d,
            "annotators": counted[d],
            "skipped": {a: layers[(d, a)][0] for a in annotators if a not in counted[d]},
            "strict_f1": mean(s_f1),
            "overlap_f1": mean(o_f1),
            "alpha": alpha,
        }
    )

# Attributes on the overlap matching of each label.
out["attributes"] = []
for a, b in pairs:
    value = [0, 0]
    speaker = [0, 0]
    types_a, types_b = [], []
    for d in documents:
        if not (a in counted[d] and b in counted[d]):
            continue
        la, lb = layers[(d, a)][1], layers[(d, b)][1]
        matched = []
        for l, _ in labels:
            xs, ys = keep(la, l, ""), keep(lb, l, "")
            matched += [(xs[i], ys[j]) for i, j in overlap_pairs(xs, ys)]
        partner = {x["id"]: y["id"] for x, y in matched}
        for x, y in matched:
            vx, vy = x.get("attrs", {}).get("value"), y.get("attrs", {}).get("value")
            if vx is not None or vy is not None:
                value[1] += 1
                value[0] += vx is not None and vx == vy
            px, py = x.get("attrs", {}).get("speaker"), y.get("attrs", {}).get("speaker")
            if px is not None or py is not None:
                speaker[1] += 1
                speaker[0] += px is not None and py is not None and partner.get(px) == py
            if any(l == x["label"] and ts for l, ts in labels):
                types_a.append(x.get("kind", ""))
                types_b.append(y.get("kind", ""))
    rate = lambda v: {"agreement": v[0] / v[1] if v[1] else None, "pairs": v[1]}
    out["attributes"].append(
        {
            "a": a,
            "b": b,
            "value": rate(value),
            "speaker": rate(speaker),
            "type_kappa": {"agreement": kappa(types_a, types_b), "pairs": len(types_a)},
        }
    )

# The bootstrap: SplitMix64 from seed 11, index = next % n, n draws a sample.
MASK = (1 << 64) - 1
state = 11


def next_u64():
    global state
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


f1s, alphas = [], []
n = len(compared)
for _ in range(1000):
    sample = [compared[next_u64() % n] for _ in range(n)]
    per_pair = []
    for a, b in pairs:
        tot = [0, 0, 0]
        for i in sample:
            if (i, a, b) in doc_counts:
                tot = [u + v for u, v in zip(tot, doc_counts[(i, a, b)])]
        per_pair.append(f1(*tot))
    m = mean(per_pair)
    if m is not None:
        f1s.append(m)
    # alpha of the resample: the documents repeated as drawn.
    cats, matrix = {}, []
    for a in annotators:
        row = []
        for i in sample:
            d = documents[i]
            seq = tags[a if a in counted[d] else annotators[0]][i]
            row += [cats.setdefault(v, len(cats)) if a in counted[d] else np.nan for v in seq]
        matrix.append(row)
    if len(cats) >= 2:
        alphas.append(float(krippendorff.alpha(reliability_data=np.array(matrix, dtype=float), level_of_measurement="nominal")))


def interval(est, v):
    lo, hi = (np.percentile(v, [2.5, 97.5]) if v else (None, None))
    return {"estimate": est, "low": None if lo is None else float(lo), "high": None if hi is None else float(hi)}


out["intervals"] = {
    "strict_f1": interval(out["average"]["strict_f1"], f1s),
    "alpha": interval(out["alpha"][""], alphas),
}
print(json.dumps(out))
