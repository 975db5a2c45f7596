"""ingest: bytes → normalised text → reports → sections → plain records (no RDF, no index)."""
