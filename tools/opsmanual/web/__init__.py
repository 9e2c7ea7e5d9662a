"""The tablet app (`opsmanual records serve`): today's checklists run live, each row recorded as it is taken.

Starlette serves it (uvicorn runs it), Jinja2 writes its pages with every value escaped; people
sign in with a PIN kept only as an Argon2 hash. Every row saved, sign-off and verification is an
entry in the same append-only chain as an imported form (records/chain.py), stamped with the
server's time and the person signed in. pins.py keeps the PINs, live.py the runs, app.py the routes.
"""
