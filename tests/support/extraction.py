"""Short extraction texts for tests: paragraphs in, item tuples out."""

from __future__ import annotations

from chidao.core.models import CleanedArticle
from chidao.nlp.extract import DirectiveExtractor

ItemTuple = tuple[str, str, str | None, str | None, str | None]


def items_of(extractor: DirectiveExtractor, *paragraphs: str) -> list[ItemTuple]:
    """(text, kind, issuer, assignee, deadline) of each item found in the paragraphs, in order."""
    found = extractor.extract(CleanedArticle(title=None, text="\n\n".join(paragraphs)))
    return [(d.text, d.kind, d.issuer, d.assignee, d.deadline) for d in found]
