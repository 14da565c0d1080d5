"""LSH clustering of MinHash signatures, linear in the number of records.

Each signature is cut into BANDS bands of ROWS values; records whose band is equal fall in
one bucket and become candidate pairs. A bucket of m records yields at most 2m pairs (each
member with the bucket's first member and with its predecessor), never m^2, so one huge
bucket (a template page repeated 10,000 times) stays cheap. Candidates are verified by the
estimated Jaccard similarity (share of equal minimum hashes) and joined with union-find.

A cluster's root is its smallest index, i.e. its first record in input order, which is
the same whatever the engine or the number of workers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .minhash import NUM_PERM

DEDUP_MODES = ("keep-first", "mark", "off")
BANDS, ROWS = 32, 4  # candidate probability 1-(1-J^4)^32: 0.87 at J=0.5, 0.99 at J=0.6
assert BANDS * ROWS == NUM_PERM
THRESHOLD = 0.5  # estimated Jaccard of word 5-shingles at or above which two texts are copies
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)


@dataclass
class Clustering:
    first: np.ndarray  # index of each record's cluster root (itself when alone)
    candidates: int  # candidate pairs verified


def candidate_pairs(signatures: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Distinct (i, j), i < j, of usable records sharing at least one band bucket."""
    rows = np.flatnonzero(usable)
    found = []
    for b in range(BANDS):
        band = signatures[rows, b * ROWS : (b + 1) * ROWS].astype(np.uint64)
        keys = (band * _MIX[:ROWS]).sum(axis=1)  # wraps mod 2^64; equal bands -> equal keys
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        same = sorted_keys[1:] == sorted_keys[:-1]
        if not same.any():
            continue
        members = rows[order]
        starts = np.r_[0, np.flatnonzero(~same) + 1]
        head = np.zeros(len(members), dtype=np.int64)
        head[starts] = starts
        head = np.maximum.accumulate(head)  # position of each member's bucket head
        later = np.flatnonzero(np.r_[False, same])
        found.append(np.stack([members[later - 1], members[later]], axis=1))
        found.append(np.stack([members[head[later]], members[later]], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    pairs = np.sort(pairs, axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0)


def estimated_jaccard(signatures: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    out = np.empty(len(pairs), dtype=np.float64)
    for at in range(0, len(pairs), 65536):  # bounds the temporary (pairs x NUM_PERM)
        p = pairs[at : at + 65536]
        out[at : at + len(p)] = (signatures[p[:, 0]] == signatures[p[:, 1]]).mean(axis=1)
    return out


def cluster(
    signatures: np.ndarray,
    shingles: np.ndarray,
    threshold: float = THRESHOLD,
    existing_first: np.ndarray | None = None,
) -> Clustering:
    """Cluster n records (rows of `signatures`, in input order).

    `existing_first`: the cluster roots of the first k records, an existing corpus being
    appended to. Those records keep their clusters: a new record joins at most one existing
    cluster and two existing clusters are never merged.
    """
    n = len(signatures)
    fixed = 0 if existing_first is None else len(existing_first)
    parent = np.arange(n, dtype=np.int64)
    if fixed:
        parent[:fixed] = existing_first
    pairs = candidate_pairs(signatures, np.asarray(shingles) > 0)
    sims = estimated_jaccard(signatures, pairs)
    keep = sims >= threshold
    pairs = pairs[keep]

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:  # path compression
            parent[i], i = root, parent[i]
        return root

    for i, j in pairs.tolist():
        ri, rj = find(i), find(j)
        if ri == rj or (ri < fixed and rj < fixed):
            continue
        lo, hi = (ri, rj) if ri < rj else (rj, ri)
        parent[hi] = lo
    first = np.fromiter((find(i) for i in range(n)), dtype=np.int64, count=n)
    return Clustering(first=first, candidates=len(sims))
