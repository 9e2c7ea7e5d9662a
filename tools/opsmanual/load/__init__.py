"""Reading a manual: which files make it up (discover) and what each says (the strict YAML loader)."""
