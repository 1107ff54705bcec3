"""The Hugging Face dataset card (``README.md``) with the sections of Datasheets for Datasets."""

from vicorpus.release.card.card import render_dataset_card, write_dataset_card

__all__ = ["render_dataset_card", "write_dataset_card"]
