"""Train a Vietnamese tokenizer on a run's kept text and measure its fertility against baselines.

Needs the optional HF ``tokenizers`` package (``pip install 'vicorpus[tokenizer]'``),
imported only when a tokenizer is trained; importing this package does not need it.
"""

from vicorpus.tokenizer.baselines import BASELINE_NAMES, MissingBaseline
from vicorpus.tokenizer.from_run import train_tokenizer_from_run
from vicorpus.tokenizer.pretokenize import PATTERN, pre_tokenize
from vicorpus.tokenizer.report import HeldOutText, TokenizerReport, TokenizerScore
from vicorpus.tokenizer.training import MAX_VOCAB_SIZE, MIN_VOCAB_SIZE, MODELS, SPECIAL_TOKENS

__all__ = [
    "BASELINE_NAMES",
    "MAX_VOCAB_SIZE",
    "MIN_VOCAB_SIZE",
    "MODELS",
    "PATTERN",
    "SPECIAL_TOKENS",
    "HeldOutText",
    "MissingBaseline",
    "TokenizerReport",
    "TokenizerScore",
    "pre_tokenize",
    "train_tokenizer_from_run",
]
