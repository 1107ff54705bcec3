"""Implementations behind the CLI commands that are more than a call into the pipeline."""
