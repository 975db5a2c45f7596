"""Read a file of any supported type into raw text plus where each piece came from.

Interface (stable, used by ingest.normalise and ingest.pipeline):

    read_source(path, max_bytes=DEFAULT_MAX_BYTES) -> SourceText
        raises ingest.errors.IngestError subclasses, never anything else.
"""
