"""Data in: source parsers, the canonical schema, the atomic store and the `python -m etl` CLI."""
