"""The manual as site pages: Markdown that stands on its own, safe to publish."""
