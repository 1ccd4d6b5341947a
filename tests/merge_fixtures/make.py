#!/usr/bin/env python3
"""Writes the merge fixtures: tests/merge_fixtures/<case>/{base,ours,theirs,expected}.toml.

Each case below states by hand what the merge must give (`expected`), as
annotations, conflicts and top-level keys; this script only renders them in
hashiya's canonical sidecar layout (docs/FORMAT.md), computing offsets,
context and hashes from the document text. tests/merge_fixtures.rs runs
`hashiya merge-driver` on every case and compares byte for byte.

Run: python3 tests/merge_fixtures/make.py   (rewrites every case folder)
"""

import hashlib
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

DOC = (
    "Macron said 5,700 soldiers arrived in Paris on Monday, the ministry said.\n"
    "قال ماكرون إن ٥٧٠٠ جندي وصلوا إلى باريس.\n"
)
# The same document with a paragraph inserted at the top (an edit on one side).
DOC2 = "Breaking news from the ministry.\n\n" + DOC


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lit(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F:
            out.append("\\u%04X" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def key(k):
    if k and all(c.isascii() and (c.isalnum() or c in "_-") for c in k):
        return k
    return lit(k)


def value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return lit(v)
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def ann(id, label, quote, occurrence=0, doc=DOC, **kw):
    """An annotation of `quote` (its n-th occurrence) in `doc`."""
    at = -1
    for _ in range(occurrence + 1):
        at = doc.index(quote, at + 1)
    a = {"id": id, "label": label, "start": at, "end": at + len(quote), "quote": quote}
    a["before"] = doc[max(0, at - 24) : at]
    a["after"] = doc[at + len(quote) : at + len(quote) + 24]
    a.update(kw)
    return a


ORDER = ["annotator", "created", "modified", "reviewer", "reviewed"]


def render_ann(a):
    lines = ["[[annotation]]", f"id = {lit(a['id'])}", f"label = {lit(a['label'])}"]
    if "kind" in a:
        lines.append(f"kind = {lit(a['kind'])}")
    lines += [
        f"start = {a['start']}",
        f"end = {a['end']}",
        f"quote = {lit(a['quote'])}",
        f"before = {lit(a['before'])}",
        f"after = {lit(a['after'])}",
    ]
    for k in ORDER:
        if k in a:
            lines.append(f"{k} = {lit(a[k])}")
    lines.append(f"status = {lit(a.get('status', 'accepted'))}")
    if "note" in a:
        lines.append(f"note = {lit(a['note'])}")
    if a.get("orphan"):
        lines.append("orphan = true")
    if a.get("attrs"):
        lines.append("attrs = " + value(dict(sorted(a["attrs"].items()))))
    if a.get("links"):
        lines.append(
            "links = ["
            + ", ".join(value({"target": t, "kind": k}) for t, k in a["links"])
            + "]"
        )
    for k, v in sorted(a.get("extra", {}).items()):
        lines.append(f"{key(k)} = {value(v)}")
    return "\n".join(lines) + "\n"


def render_top(extras):
    """Top-level unknown keys as the toml crate writes a table: plain keys
    in key order, then sub-tables and arrays of tables."""
    out = []
    plain = {k: v for k, v in extras.items() if not isinstance(v, dict) and not _aot(v)}
    for k in sorted(plain):
        out.append(f"{key(k)} = {value(plain[k])}\n")
    for k in sorted(extras):
        v = extras[k]
        if isinstance(v, dict):
            if out:
                out.append("\n")
            out.append(f"[{key(k)}]\n")
            for ik in sorted(v):
                out.append(f"{key(ik)} = {value(v[ik])}\n")
        if _aot(v):
            for item in v:
                if out:
                    out.append("\n")
                out.append(f"[[{key(k)}]]\n")
                subs = {}
                for ik in sorted(item):
                    iv = item[ik]
                    if isinstance(iv, dict):
                        subs[ik] = iv
                    else:
                        out.append(f"{key(ik)} = {value(iv)}\n")
                for sk in sorted(subs):
                    out.append(f"\n[{key(k)}.{key(sk)}]\n")
                    for ssk in sorted(subs[sk]):
                        out.append(f"{key(ssk)} = {value(subs[sk][ssk])}\n")
    return "".join(out)


def _aot(v):
    return isinstance(v, list) and v and all(isinstance(x, dict) for x in v)


def sidecar(anns, doc=DOC, document="article.txt", top=None, conflicts=None):
    anns = sorted(anns, key=lambda a: (a["start"], a["end"], a["id"]))
    text = "# hashiya annotations (format: docs/FORMAT.md)\nversion = 1\n"
    text += f"document = {lit(document)}\nsha256 = {lit(sha(doc))}\n"
    extras = dict(top or {})
    if conflicts:
        extras["conflict"] = conflicts
    text += render_top(extras)
    for a in anns:
        text += "\n" + render_ann(a)
    return text


def conflict(id=None, field=None, base=None, ours=None, theirs=None, deleted=None, why=None):
    c = {}
    for k, v in [("id", id), ("field", field), ("base", base), ("ours", ours),
                 ("theirs", theirs), ("deleted", deleted), ("why", why)]:
        if v is not None:
            c[k] = v
    return c


def span(a):
    s = {k: a[k] for k in ["start", "end", "quote", "before", "after"]}
    if a.get("orphan"):
        s["orphan"] = True
    return s


def changed(a, **kw):
    b = dict(a)
    for k, v in kw.items():
        if v is None:
            b.pop(k, None)
        else:
            b[k] = v
    return b


T0 = "2026-11-02T09:14:00Z"
T1 = "2026-11-03T10:00:00Z"
T2 = "2026-11-04T11:30:00Z"

MACRON = ann("mcrn000001", "entity", "Macron", kind="PER", annotator="amal", created=T0, modified=T0)
FIG = ann("fig0000001", "figure", "5,700", annotator="amal", created=T0, modified=T0,
          attrs={"value": "5700"})
PARIS = ann("prs0000001", "entity", "Paris", kind="LOC", annotator="amal", created=T0, modified=T0)
FIG_AR = ann("figar00001", "figure", "٥٧٠٠", annotator="hashiya-suggest", created=T0, modified=T0,
             status="suggested", attrs={"value": "5700"})
CLAIM = ann("clm0000001", "claim", "Macron said 5,700 soldiers arrived in Paris on Monday",
            annotator="amal", created=T0, modified=T0)

CASES = {}


def case(name, base, ours, theirs, expected, path="article.ann.toml", docs=None, exit=None):
    CASES[name] = dict(base=base, ours=ours, theirs=theirs, expected=expected, path=path,
                       docs=docs or {"article.txt": DOC}, exit=exit)


# --- sidecars -------------------------------------------------------------

case("concurrent-adds",
     sidecar([MACRON]),
     sidecar([MACRON, FIG]),
     sidecar([MACRON, PARIS]),
     sidecar([MACRON, FIG, PARIS]))

# Two annotations added at the same place (same start) by the two sides.
PER_M = ann("o000000001", "entity", "Macron", kind="PER", annotator="amal", created=T1, modified=T1)
CLAIM_B = ann("t000000001", "claim", "Macron said 5,700 soldiers arrived", annotator="badr",
              created=T1, modified=T1)
case("concurrent-adds-same-place",
     sidecar([]),
     sidecar([PER_M]),
     sidecar([CLAIM_B]),
     sidecar([PER_M, CLAIM_B]))

case("edit-different-fields",
     sidecar([FIG]),
     sidecar([changed(FIG, note="troops, not police", modified=T1)]),
     sidecar([changed(FIG, attrs={"value": "5700", "unit": "soldiers"}, modified=T2)]),
     sidecar([changed(FIG, note="troops, not police", attrs={"value": "5700", "unit": "soldiers"},
                      modified=T2)]))

case("edit-same-field-same-value",
     sidecar([FIG_AR]),
     sidecar([changed(FIG_AR, status="rejected", reviewer="amal", reviewed=T1, modified=T1)]),
     sidecar([changed(FIG_AR, status="rejected", reviewer="amal", reviewed=T1, modified=T1)]),
     sidecar([changed(FIG_AR, status="rejected", reviewer="amal", reviewed=T1, modified=T1)]))

case("edit-vs-edit-conflict",
     sidecar([MACRON]),
     sidecar([changed(MACRON, kind="ORG", modified=T1)]),
     sidecar([changed(MACRON, kind="MISC", modified=T2)]),
     sidecar([changed(MACRON, kind="ORG", modified=T2)],
             conflicts=[conflict(id=MACRON["id"], field="kind", base="PER", ours="ORG", theirs="MISC")]))

case("edit-vs-delete",
     sidecar([MACRON, FIG]),
     sidecar([MACRON]),
     sidecar([MACRON, changed(FIG, note="check the source", modified=T1)]),
     sidecar([MACRON, changed(FIG, note="check the source", modified=T1)],
             conflicts=[conflict(id=FIG["id"], field="annotation", deleted="ours")]))

case("delete-vs-unchanged",
     sidecar([MACRON, FIG, PARIS]),
     sidecar([MACRON, PARIS]),
     sidecar([MACRON, FIG, changed(PARIS, note="the city", modified=T1)]),
     sidecar([MACRON, changed(PARIS, note="the city", modified=T1)]))

case("delete-both",
     sidecar([MACRON, FIG]),
     sidecar([MACRON]),
     sidecar([MACRON]),
     sidecar([MACRON]))

SAME_O = ann("samespan01", "entity", "Paris", kind="LOC", annotator="amal", created=T1, modified=T1)
SAME_T = ann("samespan02", "entity", "Paris", kind="LOC", annotator="amal", created=T2, modified=T2)
case("both-add-same-span",
     sidecar([MACRON]),
     sidecar([MACRON, SAME_O]),
     sidecar([MACRON, SAME_T]),
     sidecar([MACRON, SAME_O, SAME_T],
             conflicts=[conflict(id="samespan01", field="same-span", ours="samespan01",
                                 theirs="samespan02")]))

FIG_PARIS = ann("samespan03", "claim", "Paris", annotator="badr", created=T2, modified=T2)
case("both-add-same-span-other-label",
     sidecar([MACRON]),
     sidecar([MACRON, SAME_O]),
     sidecar([MACRON, FIG_PARIS]),
     sidecar([MACRON, SAME_O, FIG_PARIS]))

case("link-added-target-deleted",
     sidecar([MACRON, CLAIM]),
     sidecar([MACRON, changed(CLAIM, attrs={"speaker": MACRON["id"]},
                              links=[(MACRON["id"], "speaker")], modified=T1)]),
     sidecar([CLAIM]),
     sidecar([MACRON, changed(CLAIM, attrs={"speaker": MACRON["id"]},
                              links=[(MACRON["id"], "speaker")], modified=T1)],
             conflicts=[conflict(id=MACRON["id"], field="annotation", deleted="theirs",
                                 why="the other side added a link to it from clm0000001")]))

case("links-added-both",
     sidecar([MACRON, FIG, FIG_AR]),
     sidecar([MACRON, changed(FIG, links=[("figar00001", "translation")], modified=T1), FIG_AR]),
     sidecar([MACRON, changed(FIG, links=[(MACRON["id"], "about")],
                              modified=T2), FIG_AR]),
     # Links both sides added: ordered by their text (kind first), the same
     # whichever side is ours.
     sidecar([MACRON, changed(FIG, links=[(MACRON["id"], "about"),
                                          ("figar00001", "translation")],
                              modified=T2), FIG_AR]))

case("unknown-keys-one-side",
     sidecar([MACRON]),
     sidecar([MACRON, FIG]),
     sidecar([changed(MACRON, extra={"adjudicated": "huda", "sources": ["amal", "badr"]})],
             top={"adjudication": {"round": 2}}),
     sidecar([changed(MACRON, extra={"adjudicated": "huda", "sources": ["amal", "badr"]}), FIG],
             top={"adjudication": {"round": 2}}))

case("unknown-keys-conflict",
     sidecar([changed(MACRON, extra={"adjudicated": "amal"})]),
     sidecar([changed(MACRON, extra={"adjudicated": "badr"})]),
     sidecar([changed(MACRON, extra={"adjudicated": "huda"})]),
     sidecar([changed(MACRON, extra={"adjudicated": "badr"})],
             conflicts=[conflict(id=MACRON["id"], field="adjudicated", base="amal", ours="badr",
                                 theirs="huda")]))

case("attrs-per-key",
     sidecar([changed(FIG, attrs={})]),
     sidecar([changed(FIG, attrs={"value": "5700"})]),
     sidecar([changed(FIG, attrs={"unit": "soldiers"})]),
     sidecar([changed(FIG, attrs={"value": "5700", "unit": "soldiers"})]))

case("status-conflict",
     sidecar([FIG_AR]),
     sidecar([changed(FIG_AR, status="accepted", reviewer="amal", reviewed=T1, modified=T1)]),
     sidecar([changed(FIG_AR, status="rejected", reviewer="badr", reviewed=T2, modified=T2)]),
     sidecar([changed(FIG_AR, status="accepted", reviewer="amal", reviewed=T1, modified=T2)],
             conflicts=[conflict(id=FIG_AR["id"], field="review",
                                 ours={"reviewer": "amal", "reviewed": T1},
                                 theirs={"reviewer": "badr", "reviewed": T2}),
                        conflict(id=FIG_AR["id"], field="status", base="suggested",
                                 ours="accepted", theirs="rejected")]))

case("review-both-accepted",
     sidecar([FIG_AR]),
     sidecar([changed(FIG_AR, status="accepted", reviewer="amal", reviewed=T1, modified=T1)]),
     sidecar([changed(FIG_AR, status="accepted", reviewer="badr", reviewed=T2, modified=T2)]),
     sidecar([changed(FIG_AR, status="accepted", reviewer="badr", reviewed=T2, modified=T2)]))

MACRON_SHORT = dict(MACRON)
MACRON_SHORT.update(ann("x", "x", "Macro"))
MACRON_SHORT.update(id=MACRON["id"], label="entity")
MACRON_ACRON = dict(MACRON)
MACRON_ACRON.update(ann("x", "x", "acron"))
MACRON_ACRON.update(id=MACRON["id"], label="entity")
case("span-conflict",
     sidecar([MACRON]),
     sidecar([MACRON_SHORT]),
     sidecar([MACRON_ACRON]),
     sidecar([MACRON_SHORT],
             conflicts=[conflict(id=MACRON["id"], field="span", base=span(MACRON),
                                 ours=span(MACRON_SHORT), theirs=span(MACRON_ACRON))]))

# Ours edited the document (a paragraph inserted above) and re-anchored;
# theirs annotated in the old document: its annotation is re-anchored too.
MACRON2 = ann("mcrn000001", "entity", "Macron", doc=DOC2, kind="PER", annotator="amal",
              created=T0, modified=T0)
PARIS_NEW = ann("prs0000002", "entity", "Paris", kind="LOC", annotator="badr", created=T1,
                modified=T1)
PARIS_NEW2 = ann("prs0000002", "entity", "Paris", doc=DOC2, kind="LOC", annotator="badr",
                 created=T1, modified=T1)
case("document-edited-one-side",
     sidecar([MACRON]),
     sidecar([MACRON2], doc=DOC2),
     sidecar([MACRON, PARIS_NEW]),
     sidecar([MACRON2, PARIS_NEW2], doc=DOC2),
     docs={"article.txt": DOC2})

case("add-add-no-base",
     "",
     sidecar([MACRON, FIG]),
     sidecar([changed(MACRON, note="president", modified=T1), PARIS]),
     sidecar([changed(MACRON, note="president", modified=T1), FIG, PARIS]))

# Without a base, a field both sides have with different values conflicts.
case("add-add-no-base-conflict",
     "",
     sidecar([MACRON]),
     sidecar([changed(MACRON, kind="ORG")]),
     sidecar([MACRON], conflicts=[conflict(id=MACRON["id"], field="kind", ours="PER",
                                           theirs="ORG")]))

case("existing-conflict-kept",
     sidecar([MACRON], conflicts=[conflict(id=MACRON["id"], field="kind", base="LOC", ours="PER",
                                           theirs="ORG")]),
     sidecar([MACRON, FIG], conflicts=[conflict(id=MACRON["id"], field="kind", base="LOC",
                                                ours="PER", theirs="ORG")]),
     sidecar([MACRON], conflicts=[conflict(id=MACRON["id"], field="kind", base="LOC", ours="PER",
                                           theirs="ORG")]),
     sidecar([MACRON, FIG], conflicts=[conflict(id=MACRON["id"], field="kind", base="LOC",
                                                ours="PER", theirs="ORG")]))

LAYER_TOP = {"annotator": "amal"}
case("layer-status-conflict",
     sidecar([MACRON], top=dict(LAYER_TOP, status="in-progress")),
     sidecar([MACRON, FIG], top=dict(LAYER_TOP, status="done")),
     sidecar([MACRON, PARIS], top=dict(LAYER_TOP, status="todo")),
     sidecar([MACRON, FIG, PARIS], top=dict(LAYER_TOP, status="done"),
             conflicts=[conflict(field="status", base="in-progress", ours="done", theirs="todo")]),
     path="article.amal.layer.toml")

case("layer-one-annotator-two-machines",
     sidecar([], top=dict(LAYER_TOP)),
     sidecar([MACRON, FIG], top=dict(LAYER_TOP, status="in-progress")),
     sidecar([PARIS, FIG_AR], top=dict(LAYER_TOP, status="in-progress")),
     sidecar([MACRON, FIG, PARIS, FIG_AR], top=dict(LAYER_TOP, status="in-progress")),
     path="article.amal.layer.toml")

case("unparsable-side",
     sidecar([MACRON]),
     sidecar([MACRON, FIG]).replace('label = "figure"', 'label = "figure'),
     sidecar([MACRON, PARIS]),
     None,
     exit=1)

# --- alignment files ----------------------------------------------------

def align(beads, orphans=(), conflicts=()):
    text = 'version = 1\nsource = "en.txt"\ntarget = "ar.txt"\n'
    for b in beads:
        text += "\n[[bead]]\n" + bead_body(b)
    for b in orphans:
        text += "\n[[orphan]]\n" + bead_body(b)
    for c in conflicts:
        text += "\n[[conflict]]\n" + "".join(f"{key(k)} = {value(v)}\n" for k, v in c.items() if not isinstance(v, dict))
        for k, v in c.items():
            if isinstance(v, dict):
                text += f"\n[conflict.{k}]\n" + "".join(
                    f"{kk} = {value(v[kk])}\n" for kk in sorted(v))
    return text


def bead(s, t, sh, th, sq, tq):
    return {"src": s, "tgt": t, "src_hash": sh, "tgt_hash": th, "src_quote": sq, "tgt_quote": tq}


def bead_body(b):
    return "".join(f"{k} = {value(b[k])}\n" for k in
                   ["src", "tgt", "src_hash", "tgt_hash", "src_after", "tgt_after", "src_quote", "tgt_quote"]
                   if k in b)


B0 = bead([0, 1], [0, 1], ["1111111111111111"], ["aaaaaaaaaaaaaaaa"], "First.", "الأول.")
B1 = bead([1, 2], [1, 3], ["2222222222222222"], ["bbbbbbbbbbbbbbbb", "cccccccccccccccc"], "Second.", "الثاني.")
B2 = bead([2, 3], [3, 4], ["3333333333333333"], ["dddddddddddddddd"], "Third.", "الثالث.")
B1x = bead([1, 2], [1, 2], ["2222222222222222"], ["bbbbbbbbbbbbbbbb"], "Second.", "الثاني.")

case("align-beads-confirmed-both",
     align([B0]), align([B0, B2]), align([B0, B1]), align([B0, B1, B2]),
     path="en.align.toml", docs={})
case("align-same-bead-both",
     align([]), align([B1]), align([B1]), align([B1]),
     path="en.align.toml", docs={})
case("align-bead-conflict",
     align([B0]), align([B0, B1]), align([B0, B1x]),
     align([B0, B1], conflicts=[{"field": "bead", "id": "src = [1, 2]", "ours": B1, "theirs": B1x}]),
     path="en.align.toml", docs={})

# --- the manifest --------------------------------------------------------

MANIFEST = """# The corpus of the newsroom.
[[label]]
name = "entity"
types = ["PER", "ORG", "LOC", "MISC"]

[defaults]
lang = "ar"   # when the script does not tell
"""
PAIR_A = '\n[[pair]]\nfiles = ["a.en.txt", "a.ar.txt"]\nlangs = ["en", "ar"]\n'
PAIR_B = '\n[[pair]]\nfiles = ["b.en.txt", "b.ar.txt"]\nlangs = ["en", "ar"]\n'
case("manifest-pairs-added-both",
     MANIFEST, MANIFEST + PAIR_A, MANIFEST + PAIR_B, MANIFEST + PAIR_A + PAIR_B,
     path="hashiya.toml", docs={})

TEAM = '\n[team]\nannotators = ["amal", "badr"]\n'
case("manifest-annotators-added-both",
     TEAM, TEAM.replace('"badr"]', '"badr", "huda"]'), TEAM.replace('"badr"]', '"badr", "zaid"]'),
     '[team]\nannotators = ["amal", "badr", "huda", "zaid"]\n',
     path="hashiya.toml", docs={})

case("manifest-defaults-conflict",
     '[defaults]\nlang = "ar"\n', '[defaults]\nlang = "en"\n', '[defaults]\nlang = "und"\n',
     '[[conflict]]\nbase = "ar"\nfield = "defaults.lang"\nours = "en"\ntheirs = "und"\n\n[defaults]\nlang = "en"\n',
     path="hashiya.toml", docs={})


def main():
    for name in os.listdir(HERE):
        p = os.path.join(HERE, name)
        if os.path.isdir(p):
            shutil.rmtree(p)
    for name, c in CASES.items():
        d = os.path.join(HERE, name)
        os.makedirs(d)
        for side in ["base", "ours", "theirs", "expected"]:
            if c[side] is not None:
                with open(os.path.join(d, side + ".toml"), "w", encoding="utf-8", newline="") as f:
                    f.write(c[side])
        with open(os.path.join(d, "path"), "w") as f:
            f.write(c["path"] + "\n")
        for doc, text in c["docs"].items():
            with open(os.path.join(d, doc), "w", encoding="utf-8", newline="") as f:
                f.write(text)
    print(f"{len(CASES)} cases")


if __name__ == "__main__":
    main()
