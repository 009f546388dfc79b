"""Cross-cutting observability for every Alive service: logs, metrics, health."""
