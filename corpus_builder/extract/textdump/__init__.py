"""The text-dump path: `extract.extract_textdump(page, template) -> Document`.

`lines` (line model), `body` + `patterns` (site-agnostic body finder and its phrase tables),
`metadata` (title, byline, date from the lines), `profiles` (site knowledge as data) and
`template` (cross-page boilerplate learned over the build).
"""
