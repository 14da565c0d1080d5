"""Browse a built corpus: load its article Parquet, render static HTML pages, serve or export them.

`load` reads records, `render` turns them into a site (relative path -> bytes), `server` serves
that site on loopback, `cli` is `corpus-builder view`.
"""
