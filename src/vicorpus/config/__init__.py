"""Pipeline configuration: sources, run settings, YAML loading and validation."""
