"""Stages for web sources."""
