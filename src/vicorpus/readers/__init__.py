"""Readers: turn input files into bounded batches of documents and quarantined records."""

from vicorpus.readers.base import ReadBatch, ReadLimits, ReadTask
from vicorpus.readers.dispatch import read_task

__all__ = ["ReadBatch", "ReadLimits", "ReadTask", "read_task"]
