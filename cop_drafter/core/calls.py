"""Recognising ITU call words ("considering", "resolves to instruct the Director of ...").

The lists follow ITU-STYLE.md. Matching is by leading phrase, case- and space-insensitive, so compound calls
("instructs the Secretary-General and the Director of the Telecommunication Development Bureau") are
recognised from their verb.
"""

from __future__ import annotations

import re

from cop_drafter.core.model import SectionKind

PREAMBLE_CALLS: tuple[str, ...] = (
    "considering", "considering further", "considering also", "further considering",
    "recognizing", "recognizing further", "recognizing also", "further recognizing",
    "recalling", "recalling further", "recalling also", "further recalling",
    "noting", "noting further", "noting also", "noting with satisfaction", "noting with concern",
    "noting with appreciation", "having noted", "taking into account", "taking into account further",
    "taking into consideration", "bearing in mind", "mindful", "aware", "concerned", "convinced",
    "emphasizing", "acknowledging", "welcoming", "having examined", "having considered",
    "observing", "reaffirming", "affirming", "stressing", "highlighting", "underlining", "expressing",
    "in view of", "given",
    # French and Spanish
    "considérant", "considerando", "reconnaissant", "reconociendo", "rappelant", "recordando",
    "notant", "observando", "tenant compte", "teniendo en cuenta",
)

OPERATIVE_CALLS: tuple[str, ...] = (
    "resolves", "further resolves", "resolves further", "decides", "further decides",
    "resolves to instruct the Director of the Telecommunication Development Bureau",
    "resolves to instruct the Director of the Telecommunication Standardization Bureau",
    "resolves to instruct the Director of the Radiocommunication Bureau",
    "resolves to instruct the Secretary-General",
    "resolves to instruct the Secretary-General and the Directors of the three Bureaux",
    "instructs the Secretary-General", "instructs the Council",
    "instructs the Director of the Telecommunication Development Bureau",
    "instructs the Director of the Telecommunication Standardization Bureau",
    "instructs the Director of the Radiocommunication Bureau",
    "instructs the Secretary-General and the Directors of the three Bureaux",
    "requests the Council", "requests the Secretary-General",
    "invites Member States", "invites Sector Members", "invites Member States and Sector Members",
    "invites the Council", "encourages", "encourages Member States", "urges", "urges Member States",
    "calls upon", "calls upon Member States", "appeals", "requests", "invites", "instructs",
    # French and Spanish
    "décide", "resuelve", "charge", "encarga", "invite", "invita",
)

# Leading verbs that make any call operative, even a compound one we have never seen.
_OPERATIVE_VERBS = (
    "resolves", "further resolves", "resolve", "decides", "further decides", "instructs", "instruct",
    "requests", "invites", "encourages", "urges", "calls upon", "appeals", "calls on",
    "décide", "decide", "resuelve", "charge", "encarga", "invite", "invita", "prie", "pide",
)

STANDARD_CALLS: tuple[str, ...] = PREAMBLE_CALLS + OPERATIVE_CALLS


def normalise_call(text: str) -> str:
    """Lower case, single spaces, no surrounding punctuation or emphasis marks."""
    text = re.sub(r"[*_#]", " ", text)
    return " ".join(text.strip(" \t,:;.").split()).lower()


def _leading(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for "the text is one of the phrases, or starts with one and a space" (a parser calls
    call_kind on every short line: one regex match instead of a loop over ~80 phrases)."""
    alternatives = "|".join(re.escape(p.lower()) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(f"(?:{alternatives})(?: |$)")


_OPERATIVE_START = _leading(_OPERATIVE_VERBS)
_PREAMBLE_START = _leading(PREAMBLE_CALLS)


def call_kind(text: str) -> SectionKind | None:
    """PREAMBLE or OPERATIVE for a call-word line, None when it is not a call at all.

    A call is short, has no clause label, and starts with a known preambular phrase or operative verb.
    Operative verbs win over preambular phrases ("resolves to instruct ..." is operative).
    """
    norm = normalise_call(text)
    if not norm or len(norm) > 160 or norm[0].isdigit():
        return None
    if _OPERATIVE_START.match(norm):
        return SectionKind.OPERATIVE
    # A preamble call is a few words: "recognizing further", not "recognizing that ..." prose.
    if (
        _PREAMBLE_START.match(norm)
        and len(norm.split()) <= 6
        and " that " not in f" {norm} "
    ):
        return SectionKind.PREAMBLE
    return None


def is_known_call(text: str) -> bool:
    """True when the call words are exactly one of the standard ITU calls (used by the checks panel)."""
    norm = normalise_call(text)
    return any(norm == call.lower() for call in STANDARD_CALLS) or bool(
        re.fullmatch(
            r"(resolves to instruct|instructs|requests|invites) the (secretary-general|council|directors? of the "
            r"(telecommunication development|telecommunication standardization|radiocommunication) bureaux?)"
            r"( and the (director|directors) of .+)?",
            norm,
        )
    )
