"""What assembly does with each record: its cluster id, or a reject (duplicate_id,
near_duplicate). The boundary `--append` uses: pass the existing corpus's signatures and
its records keep their ids, cluster ids and so their splits."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .clusters import THRESHOLD, cluster
from .store import Signatures


@dataclass
class Decisions:
    cluster_ids: list[str | None]  # per new record: its cluster id, None = dropped
    rejects: list[dict[str, str]] = field(default_factory=list)
    clusters: int = 0  # clusters with more than one member (kept or dropped)
    clustered: int = 0  # records in such clusters
    candidates: int = 0  # candidate pairs verified


def decide(
    new: Signatures,
    mode: str,
    existing: Signatures | None = None,
    known: set[str] | None = None,
    threshold: float = THRESHOLD,
) -> Decisions:
    """Cluster `new` (in input order) after `existing`, under `--dedup mode`.

    The cluster id is the id of the cluster's first record in input order (existing corpus
    first). keep-first drops every later member as `near_duplicate`, naming that id.
    `known`: ids already in the corpus (--append), which new records must not repeat.
    """
    old = existing or Signatures()
    before = set(old.ids) | (known or set())
    seen = set(before)
    out: list[str | None] = [None] * len(new)
    rejects: list[dict[str, str]] = []
    unique = []  # indices into `new` of first occurrences of their id
    for i, (rid, path) in enumerate(zip(new.ids, new.paths, strict=True)):
        if rid in seen:
            rejects.append(
                {
                    "input": path,
                    "reason": "duplicate_id",
                    "message": f"{path}: id {rid!r} was "
                    + (
                        "already in the corpus (an earlier build)"
                        if rid in before
                        else "already produced by an earlier input"
                    ),
                }
            )
            continue
        seen.add(rid)
        unique.append(i)
    if mode == "off":
        for i in unique:
            out[i] = new.ids[i]
        return Decisions(out, rejects)

    k = len(old)
    ids = old.ids + [new.ids[i] for i in unique]
    if k == 0 and len(unique) == len(new):  # the usual case: no copy of the signatures
        sigs, shingles = new.minhash, new.shingles
    else:
        sigs = np.concatenate([old.minhash, new.minhash[unique]]) if unique else old.minhash
        shingles = np.concatenate([old.shingles, new.shingles[unique]])
    index = {rid: j for j, rid in enumerate(old.ids)}
    existing_first = (
        np.array([index.get(c, j) for j, c in enumerate(old.cluster_ids or old.ids)], np.int64)
        if k
        else None
    )
    result = cluster(sigs, shingles, threshold, existing_first)
    first = result.first
    sizes = np.bincount(first, minlength=len(ids))
    for pos, i in enumerate(unique):
        j = k + pos
        root = int(first[j])
        if root == j or mode == "mark":
            out[i] = ids[root]
            continue
        similar = float((sigs[j] == sigs[root]).mean())
        rejects.append(
            {
                "input": new.paths[i],
                "reason": "near_duplicate",
                "message": f"{new.paths[i]}: near-duplicate of {ids[root]!r} (estimated "
                f"Jaccard similarity of word 5-shingles {similar:.2f}); "
                "kept the first copy",
            }
        )
    multi = sizes > 1
    return Decisions(
        out,
        rejects,
        clusters=int(multi.sum()),
        clustered=int(sizes[multi].sum()),
        candidates=result.candidates,
    )
