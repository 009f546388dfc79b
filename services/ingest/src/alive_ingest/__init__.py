"""Alive ingest service: validates submissions, normalises photos and owns the job store."""
