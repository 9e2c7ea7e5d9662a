"""The `opsmanual` MkDocs plugin: the checked manual as Material pages."""
