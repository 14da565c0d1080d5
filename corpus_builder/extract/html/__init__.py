"""The HTML path: `extract.extract_html(page) -> Document`.

`parse` (safe lxml parsing), `blocks` (text blocks), `cleanup` + `rules` (page furniture),
`readability` (second opinion), `meta` (the page's declared metadata, with `authors` and
`titles` cleaning bylines and headlines).
"""
