"""Renderers of results: what a person reads (terminal, HTML) from the versioned models that tools read (JSON)."""
