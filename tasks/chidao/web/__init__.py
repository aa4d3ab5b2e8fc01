"""``chidao web``: the review app (server-rendered pages over the same services as the CLI)."""
