"""One module per source format: raw bytes in, canonical rows out, or a SourceFormatError."""
