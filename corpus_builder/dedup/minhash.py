"""MinHash signatures of normalised body text, vectorised with numpy.

Text is NFKC-normalised, case-folded, and cut into words at every run of non-word
characters (so punctuation, quotes and whitespace differences vanish). Shingles are 5
consecutive words. Each word is hashed once with blake2b (stable across processes and
machines, unlike `hash()`), a shingle's hash is a polynomial of its words' hashes mod 2^64
passed through the splitmix64 finaliser, and each of the NUM_PERM permutations is a
multiply-shift hash `(a*x + b) mod 2^64 >> 32` with fixed seeded a (odd) and b.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

NUM_PERM = 128
SHINGLE = 5
SEED = 20261204  # fixed: signatures are part of the output (--append reads them back)
EMPTY = np.uint32(0xFFFFFFFF)  # the minimum of no hashes; such records are never clustered

_WORD_SPLIT = re.compile(r"[\W_]+")
_rng = np.random.default_rng(SEED)
_A = (_rng.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64)
# Word k of a shingle is weighted by _POW[k] (odd constants: the polynomial is invertible).
_POW = np.array([0x9E3779B97F4A7C15**k % (1 << 64) | 1 for k in range(SHINGLE)], dtype=np.uint64)


def words(text: str) -> list[str]:
    """The normalised words of a text (what shingles are made of)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [w for w in _WORD_SPLIT.split(folded) if w]


def _word_hashes(tokens: list[str]) -> np.ndarray:
    vocab = {
        w: int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little")
        for w in set(tokens)
    }
    return np.fromiter((vocab[w] for w in tokens), dtype=np.uint64, count=len(tokens))


def _splitmix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_hashes(text: str) -> np.ndarray:
    """Distinct 64-bit hashes of the text's word 5-shingles (fewer words: one shingle)."""
    tokens = words(text)
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    h = _word_hashes(tokens)
    width = min(SHINGLE, len(h))
    n = len(h) - width + 1
    acc = np.zeros(n, dtype=np.uint64)
    for k in range(width):
        acc += h[k : k + n] * _POW[k]  # wraps mod 2^64, which is the intent
    return np.unique(_splitmix(acc))


def signature_of_hashes(hashes: np.ndarray) -> np.ndarray:
    if len(hashes) == 0:
        return np.full(NUM_PERM, EMPTY, dtype=np.uint32)
    sig = np.full(NUM_PERM, EMPTY, dtype=np.uint32)
    # Blocks bound the (shingles x NUM_PERM) temporary for very long texts.
    for at in range(0, len(hashes), 4096):
        block = hashes[at : at + 4096, None]
        perm = ((block * _A[None, :] + _B[None, :]) >> np.uint64(32)).astype(np.uint32)
        np.minimum(sig, perm.min(axis=0), out=sig)
    return sig


def signature(text: str) -> tuple[np.ndarray, int]:
    """(NUM_PERM uint32 minimum hashes, number of distinct shingles) of a body text."""
    hashes = shingle_hashes(text)
    return signature_of_hashes(hashes), len(hashes)
