"""Pairing an old and a new text into a Draft for `propose --base OLD --revised NEW`.

The precedent engine's `precedents.align.draft_from_revisions` is the real alignment; this module uses
it when present and otherwise falls back to a simple in-order alignment: sections by call words (or
the most similar call of the same kind),
clauses by wording in order (difflib over the normalised wordings; replaced runs paired one to one
when at least half their words are kept).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from cop_drafter.core.draft import Draft, wording
from cop_drafter.core.model import Clause, Resolution, Section
from cop_drafter.core.textdiff import similarity

# Below this share of kept words a replaced clause counts as removed + added, not modified.
MIN_SIMILARITY = 0.5


def draft_from_revisions(old: Resolution, new: Resolution) -> Draft:
    """A Draft whose base is `old` and whose current text is `new`, sharing uids where clauses correspond."""
    try:
        from cop_drafter.precedents.align import draft_from_revisions as aligned
    except ImportError:
        return in_order_draft(old, new)
    return aligned(old, new)


def _call_key(section: Section) -> str:
    return " ".join(section.call.lower().split())


def _flat(section: Section) -> list[Clause]:
    return list(section.walk())


def _pair_clauses(old: Section, new: Section) -> None:
    old_flat, new_flat = _flat(old), _flat(new)
    matcher = SequenceMatcher(None, [wording(c.text) for c in old_flat], [wording(c.text) for c in new_flat],
                              autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for a, b in zip(old_flat[i1:i2], new_flat[j1:j2], strict=False):
                if tag == "equal" or similarity(a.text, b.text) >= MIN_SIMILARITY:
                    b.uid = a.uid


def in_order_draft(old: Resolution, new: Resolution) -> Draft:
    base, current = old.copy(), new.copy()
    unused = list(base.sections)
    pairs: list[tuple[Section, Section]] = []
    unmatched = []
    for section in current.sections:
        match = next((s for s in unused if _call_key(s) == _call_key(section)), None)
        if match is None:
            unmatched.append(section)
        else:
            unused.remove(match)
            pairs.append((match, section))
    # Reworded calls ("instructs the Director ..." -> "resolves to instruct the Director ...").
    for section in unmatched:
        scored = [(similarity(s.call, section.call), s) for s in unused if s.kind is section.kind]
        score, match = max(scored, key=lambda item: item[0], default=(0.0, None))
        if match is not None and score >= MIN_SIMILARITY:
            unused.remove(match)
            pairs.append((match, section))
    for match, section in pairs:
        section.uid = match.uid
        _pair_clauses(match, section)
    return Draft(current=current, base=base)
