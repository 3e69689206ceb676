"""What the concordance search sends to SQLite FTS5 for what a delegate typed.

FTS5 has a query syntax, and a delegate's terms collide with it: "WG-COP" reads as the column filter "COP"
("no such column: COP"), an unclosed quote is "unterminated string", "AND" alone is a syntax error. So a typed
phrase is searched as plain words and phrases (each term quoted: "WG-COP" matches the words WG and COP next to
each other, as the tokenizer splits them), and the FTS syntax is used only when the delegate visibly uses it
(balanced quotes, AND/OR/NOT/NEAR between words, prefix*, parentheses); if that fails to parse, the plain reading
is searched instead.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cop_drafter.formats.document_kind import KIND_RANK
from cop_drafter.precedents.results import SearchHit, SearchSyntaxError, Source

if TYPE_CHECKING:
    from cop_drafter.precedents.store import Store

log = logging.getLogger(__name__)

_TERM = re.compile(r"\w+(?:[-'’/.:]\w+)*")
_OPERATOR = re.compile(r"(?:^|\s)(?:AND|OR|NOT)\s+\S|\bNEAR\(|\w\*|\(.*\)")


def uses_syntax(phrase: str) -> bool:
    """Does the delegate use FTS5 operators on purpose?"""
    quotes = phrase.count('"')
    return (quotes >= 2 and quotes % 2 == 0) or bool(_OPERATOR.search(phrase))


def plain_query(phrase: str) -> str:
    """Every term as a quoted FTS5 string: words match as words, hyphenated terms as phrases. An unclosed
    quote makes the rest of the text one phrase ('"child online' -> "child online"). '' when nothing is left
    to search for."""
    quotes = phrase.count('"')
    if quotes % 2 == 1:
        before, _sep, rest = phrase.rpartition('"') if quotes > 1 else ("", "", phrase.replace('"', ""))
        head = plain_query(before) if before else ""
        tail = " ".join(_TERM.findall(rest))
        return " ".join(p for p in (head, f'"{tail}"' if tail else "") if p)
    parts = []
    for chunk in re.findall(r'"[^"]*"|[^\s"]+', phrase):
        words = _TERM.findall(chunk)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts)


def fts_queries(phrase: str) -> list[str]:
    """The FTS5 queries to try in order: the delegate's own syntax when used, then the plain reading."""
    plain = plain_query(phrase)
    queries = [phrase] if uses_syntax(phrase) else []
    if plain and plain not in queries:
        queries.append(plain)
    return queries


def search_stores(stores: Sequence[Store], phrase: str, limit: int) -> list[SearchHit]:
    """Every clause of the stores matching what the delegate typed, best first (at equal rank the text in force,
    then the newer); the FTS reading first, the plain one when SQLite refuses it (`fts_queries`)."""
    queries = fts_queries(phrase.strip())
    if not queries:
        raise SearchSyntaxError("type a word or a phrase to search for")
    for query in queries:
        try:
            hits = [SearchHit(Source.from_row(row), row.text, marked, rank)
                    for store in stores for row, marked, rank in store.search(query, limit)]
            break
        except sqlite3.OperationalError as exc:
            log.info("concordance query %r: %s", query, exc)
    else:
        raise SearchSyntaxError(f"cannot search for {phrase!r}: use words, \"a phrase\", AND, OR, NOT or prefix*")
    hits.sort(key=lambda h: (h.rank, KIND_RANK.get(h.source.kind, 0), -(h.source.year or 0)))
    return hits[:limit]
