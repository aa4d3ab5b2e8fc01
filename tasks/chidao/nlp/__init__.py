"""Vietnamese text stages: cleaning, classification and directive extraction (pure, spaCy-based)."""

from chidao.nlp import native

# Before any reader is imported: the compiled readers run when their build is fresh (chidao.nlp.native).
native.install()
