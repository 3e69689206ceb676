"""Word comments (w:comment) on the paragraphs of a .docx: who wrote what on which paragraph.

A proposal's comments are notes to the group on a clause (issue 14). They are read by anchor: the paragraph that
holds a comment's range start or its reference, as that paragraph reads with every change accepted; the
proposal reader then gives each comment to the clause whose words that paragraph holds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from cop_drafter.core.draft import wording
from cop_drafter.core.model import Resolution
from cop_drafter.formats.docx_package import DocxPackage

log = logging.getLogger(__name__)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_GONE = {f"{W}del", f"{W}moveFrom"}  # text there is not in the accepted view


@dataclass(frozen=True)
class DocxComment:
    author: str
    text: str
    paragraph: str  # the anchored paragraph's text, every change accepted


def _accepted_text(paragraph: Any) -> str:
    parts = []
    for node in paragraph.iter(f"{W}t", f"{W}tab"):
        if any(ancestor.tag in _GONE for ancestor in node.iterancestors()):
            continue
        parts.append("\t" if node.tag == f"{W}tab" else node.text or "")
    return "".join(parts)


def read_comments(package: DocxPackage) -> list[DocxComment]:
    """Every comment of the main document with the paragraph it is anchored on, in document order."""
    main = package.main_document()
    part = next((target for kind, target in package.relationships(main).values() if kind == "comments"), "")
    if not part or not package.has(part):
        return []
    texts: dict[str, tuple[str, str]] = {}
    for comment in package.xml(part).iter(f"{W}comment"):
        words = " ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in comment.iter(f"{W}p"))
        texts[comment.get(f"{W}id", "")] = (comment.get(f"{W}author", ""), " ".join(words.split()))
    found: list[DocxComment] = []
    seen: set[str] = set()
    for paragraph in package.xml(main).iter(f"{W}p"):
        for marker in paragraph.iter(f"{W}commentRangeStart", f"{W}commentReference"):
            cid = marker.get(f"{W}id", "")
            if cid in texts and cid not in seen:
                seen.add(cid)
                author, text = texts[cid]
                if text:
                    found.append(DocxComment(author, text, _accepted_text(paragraph)))
    return found


def comments_by_clause(comments: list[DocxComment], resolution: Resolution) -> dict[str, str]:
    """clause uid -> its comments' text (joined by a blank line): the clause whose words the anchored
    paragraph holds (after its label); a comment on no clause (the cover, the Reasons) is left out."""
    clauses = [(clause.uid, wording(clause.text)) for _s, clause in resolution.clauses()]
    out: dict[str, str] = {}
    for comment in comments:
        said = wording(comment.paragraph.rsplit("\t", 1)[-1])
        if not said:
            continue
        uid = next((uid for uid, words in clauses if words == said), None) or next(
            (uid for uid, words in sorted(clauses, key=lambda c: -len(c[1])) if words and words in said), None)
        if uid is None:
            log.info("comment by %s on no clause: %s", comment.author, comment.paragraph[:60])
            continue
        out[uid] = f"{out[uid]}\n\n{comment.text}" if uid in out else comment.text
    return out
