"""Adapters that connect the ingest domain to infrastructure (databases)."""
