"""Annotation stages: add measurement columns, change nothing else."""
