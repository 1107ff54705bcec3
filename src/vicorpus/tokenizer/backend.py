"""The HF ``tokenizers`` package, imported only when a tokenizer is trained or loaded.

vicorpus itself must import and run without it (it is the optional extra ``tokenizer``),
so every module here imports it through :func:`require_tokenizers`, inside functions.
"""

from __future__ import annotations

from types import ModuleType

from vicorpus.errors import ConfigError

INSTALL_HINT = "pip install 'vicorpus[tokenizer]'"


def require_tokenizers() -> ModuleType:
    """The ``tokenizers`` module; ConfigError with the install command when it is missing."""
    try:
        import tokenizers
    except ImportError as error:
        raise ConfigError(
            [f"training a tokenizer needs the Hugging Face 'tokenizers' package ({error}): {INSTALL_HINT}"]
        ) from None
    return tokenizers
