"""Near-duplicate detection: MinHash signatures per record (computed in the shard, a pure
function of the text) and LSH clustering once over all signatures at assembly.

- `minhash`: text -> normalised word 5-shingles -> 128 minimum hashes (numpy, seeded, no
  Python `hash()`), so the same text has the same signature on every machine.
- `clusters`: LSH bands -> candidate pairs -> verified by estimated similarity -> union-find.
  A cluster's id is the id of its first record in input order.
- `store`: the signature files (per shard in the work dir; one file in the output for
  `--append`).
"""

from .clusters import DEDUP_MODES, Clustering, cluster
from .minhash import NUM_PERM, signature

__all__ = ["DEDUP_MODES", "NUM_PERM", "Clustering", "cluster", "signature"]
