"""The manual as site pages: Markdown that stands on its own, safe to publish.

Nothing here imports MkDocs: the plugin (opsmanual.plugin) and
`opsmanual export-markdown` both hand these pages to an engine.
"""
