"""The owner's commands that write the manual's own files: init, new, bump, and the review calendar."""
