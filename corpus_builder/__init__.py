"""corpus_builder: raw news pages -> annotated, schema-validated Parquet corpus."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.1"
