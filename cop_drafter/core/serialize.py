"""Model <-> plain dicts (the `parse --json` shape, and the body of a .copdraft project file).

`resolution_from_dict` and `draft_from_dict` first check the whole dict against the schema in `core.validate`
(types, ranges, nesting depth, valid strings) and raise one ParseError line naming the field, so a hand-edited
or damaged project file never surfaces as a KeyError, a traceback or a crash in the GUI.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from cop_drafter.core.compilation import Compilation, Note, Row, Version
from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.core.model import (
    Clause,
    Footnote,
    FootnoteRef,
    Header,
    ParseError,
    ParseWarning,
    Resolution,
    Section,
    SectionKind,
)
from cop_drafter.core.textdiff import readable_diff
from cop_drafter.core.validate import validate_draft, validate_resolution


def clause_to_dict(clause: Clause, *, with_uid: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "label": clause.label,
        "text": clause.text,
        "children": [clause_to_dict(c, with_uid=with_uid) for c in clause.children],
        "footnotes": clause.footnote_ids,
    }
    if clause.footnotes:
        data["footnote_offsets"] = {ref.id: ref.offset for ref in clause.footnotes}
    if with_uid:
        data["uid"] = clause.uid
    return data


def resolution_to_dict(resolution: Resolution, *, with_uid: bool = False) -> dict[str, Any]:
    """The `cop-drafter parse --json` shape (uids added for project files)."""
    sections = []
    for section in resolution.sections:
        item: dict[str, Any] = {
            "call": section.call,
            "kind": section.kind.value,
            "clauses": [clause_to_dict(c, with_uid=with_uid) for c in section.clauses],
        }
        if with_uid:
            item["uid"] = section.uid
        sections.append(item)
    return {
        "header": asdict(resolution.header),
        "sections": sections,
        "footnotes": [{"id": f.id, "text": f.text} for f in resolution.footnotes],
        "warnings": [asdict(w) for w in resolution.warnings],
        "source": resolution.source,
    }


def _expect(value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(value, kind):
        raise ParseError(f"malformed document: {what} has the wrong type")
    return value


def clause_from_dict(data: Any) -> Clause:
    _expect(data, dict, "a clause")
    offsets = _expect(data.get("footnote_offsets", {}), dict, "footnote offsets")
    refs = []
    for fid in _expect(data.get("footnotes", []), list, "a clause's footnotes"):
        offset = offsets.get(str(fid), len(str(data.get("text", ""))))
        refs.append(FootnoteRef(str(fid), int(_expect(offset, int, "a footnote offset"))))
    clause = Clause(
        text=_expect(data.get("text", ""), str, "a clause's text"),
        label=_expect(data.get("label", ""), str, "a clause's label"),
        children=[clause_from_dict(c) for c in _expect(data.get("children", []), list, "sub-clauses")],
        footnotes=refs,
    )
    if "uid" in data:
        clause.uid = _expect(data["uid"], str, "a clause id")
    return clause


def resolution_from_dict(data: Any) -> Resolution:
    """A Resolution from the `parse --json` shape; ParseError naming the first malformed field."""
    validate_resolution(data)
    return _build_resolution(data)


def _build_resolution(data: Any) -> Resolution:
    _expect(data, dict, "the document")
    header_data = _expect(data.get("header", {}), dict, "the header")
    known = set(Header.__dataclass_fields__)
    header = Header(**{k: v for k, v in header_data.items() if k in known})
    if header.year is not None and not isinstance(header.year, int):
        raise ParseError("malformed document: the header year is not a number")
    sections = []
    for item in _expect(data.get("sections", []), list, "the sections"):
        _expect(item, dict, "a section")
        try:
            kind = SectionKind(item.get("kind", "preamble"))
        except ValueError as exc:
            raise ParseError(f"malformed document: unknown section kind {item.get('kind')!r}") from exc
        section = Section(
            call=_expect(item.get("call", ""), str, "a call"),
            kind=kind,
            clauses=[clause_from_dict(c) for c in _expect(item.get("clauses", []), list, "clauses")],
        )
        if "uid" in item:
            section.uid = _expect(item["uid"], str, "a section id")
        sections.append(section)
    footnotes = [
        Footnote(str(_expect(f, dict, "a footnote").get("id", "")), str(f.get("text", "")))
        for f in _expect(data.get("footnotes", []), list, "the footnotes")
    ]
    warnings = [
        ParseWarning(**{k: v for k, v in _expect(w, dict, "a warning").items() if k in ParseWarning.__dataclass_fields__})
        for w in _expect(data.get("warnings", []), list, "the warnings")
    ]
    return Resolution(header, sections, footnotes, warnings, str(data.get("source", "")))


def draft_to_dict(draft: Draft) -> dict[str, Any]:
    return {
        "current": resolution_to_dict(draft.current, with_uid=True),
        "base": resolution_to_dict(draft.base, with_uid=True) if draft.base is not None else None,
        "suppressed": sorted(draft.suppressed),
        "reasons": dict(draft.reasons),
        "comments": dict(draft.comments),
        "meta": asdict(draft.meta),
        "base_source": draft.base_source,
        **({"compilation": compilation_to_dict(draft.compilation)} if draft.compilation is not None else {}),
    }


def draft_from_dict(data: Any) -> Draft:
    """A Draft from a project file's "draft" object; ParseError naming the first malformed field."""
    validate_draft(data)
    _expect(data, dict, "the draft")
    base = data.get("base")
    meta_data = _expect(data.get("meta", {}), dict, "the proposal details")
    known = set(ProposalMeta.__dataclass_fields__)
    return Draft(
        current=_build_resolution(data.get("current")),
        base=_build_resolution(base) if base is not None else None,
        suppressed={str(u) for u in _expect(data.get("suppressed", []), list, "the suppressed clauses")},
        reasons={str(k): str(v) for k, v in _expect(data.get("reasons", {}), dict, "the reasons").items()},
        comments={str(k): str(v) for k, v in _expect(data.get("comments", {}), dict, "the comments").items()},
        meta=ProposalMeta(**{k: str(v) for k, v in meta_data.items() if k in known}),
        base_source=str(data.get("base_source", "")),
        compilation=_build_compilation(data["compilation"]) if data.get("compilation") is not None else None,
    )


# -- a negotiation's compilation ------------------------------------------------------------------------------
# Saved as read: every proposer's wording per row. The word differences are not saved but recomputed by the one
# diff function, so a file can never show marks that do not turn the text in force into the proposer's words.
def _notes_to_list(notes: list[Note]) -> list[dict[str, Any]]:
    return [{"key": key, "offset": offset, "text": text} for key, offset, text in notes]


def _notes_from_list(items: list[dict[str, Any]]) -> list[Note]:
    return [(item.get("key", item["text"]), item.get("offset", 0), item["text"]) for item in items]


def compilation_to_dict(compilation: Compilation) -> dict[str, Any]:
    return {
        "proposers": list(compilation.proposers),
        "warnings": list(compilation.warnings),
        "base": resolution_to_dict(compilation.base, with_uid=True),
        "rows": [{
            "kind": row.kind, "call": row.call, "base_text": row.base_text, "base_label": row.base_label,
            "depth": row.depth, "preamble": row.preamble, "base_uid": row.base_uid,
            "base_notes": _notes_to_list(row.base_notes),
            "versions": [{"proposer": v.proposer, "status": v.status, "text": v.text, "label": v.label,
                          "call": v.call, "reasons": v.reasons, "notes": _notes_to_list(v.notes)}
                         for v in row.versions],
        } for row in compilation.rows],
    }


def _diffed(row: Row, status: str) -> bool:
    """Whether `compile_proposals` gives this version word differences (a clause it suppresses has none)."""
    return status in ("MOD", "ADD") or (status == "SUP" and row.kind != "clause")


def _build_compilation(data: dict[str, Any]) -> Compilation:
    """From a dict `validate_draft` has checked (types, ranges, one version per proposer)."""
    rows = []
    for item in data["rows"]:
        row = Row(item["kind"], item.get("call", ""), item.get("base_text"), item.get("base_label", ""),
                  item.get("depth", 0), item.get("preamble", False), [],
                  _notes_from_list(item.get("base_notes", [])), item.get("base_uid", ""))
        for v in item["versions"]:
            text = v.get("text", "")
            diff = readable_diff(row.base_text or "", text) if _diffed(row, v["status"]) else []
            row.versions.append(Version(v["proposer"], v["status"], text, v.get("label", ""), v.get("call", ""),
                                        diff, v.get("reasons", ""), _notes_from_list(v.get("notes", []))))
        rows.append(row)
    return Compilation(_build_resolution(data["base"]), list(data["proposers"]), rows, list(data.get("warnings", [])))
