"""What a checked manual becomes: the site's pages, the printed checklists, a portable Markdown export.

Nothing here imports MkDocs: the plugin (opsmanual.mkdocs) and `export-markdown`
both hand the pages to an engine.
"""
