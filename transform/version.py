"""The pipeline version: part of the idempotency key (sha256 + version). Bump it whenever
extraction or transformation logic changes what a document's rows would be."""

PIPELINE_VERSION = "0.2.0"
