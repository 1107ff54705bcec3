"""Near-duplicate detection primitives: dedup keys, shingles, MinHash, LSH, components.

Pure functions over texts and arrays; they know nothing of pipelines. The stage
``minhash_dedup`` (``vicorpus.stages.dedup.minhash``) runs them at corpus scale.
"""

from vicorpus.minhash.components import Components
from vicorpus.minhash.folding import DiacriticsFolding, fold_text
from vicorpus.minhash.shingles import shingle_hashes
from vicorpus.minhash.signatures import band_keys, detection_probability, jaccard, minhash_signatures

__all__ = [
    "Components",
    "DiacriticsFolding",
    "band_keys",
    "detection_probability",
    "fold_text",
    "jaccard",
    "minhash_signatures",
    "shingle_hashes",
]
