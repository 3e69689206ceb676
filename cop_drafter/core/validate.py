"""The schema of a saved draft, in code: every field's type and range, checked before anything is built from it.

A `.copdraft` is JSON a delegate (or another tool) may edit by hand. Building the model from unchecked JSON let
a `"number": 67` reach the GUI's outline (SIGSEGV), a list where a title belongs raise deep in the exporter, 300
levels of sub-clauses exhaust the stack. `validate_draft` walks the whole dict once against `DRAFT` below and
raises one ParseError line naming the field and where it is (`"number" (current.header.number) must be text, not
a number`), so `core.serialize` only ever builds from well-formed data. Unknown keys are ignored (a newer minor
version may add some); missing ones take the model's defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cop_drafter.core.model import ParseError

MAX_STRING = 1_000_000  # characters in one field; a whole resolution is ~50k
MAX_ITEMS = 100_000  # entries in one list or mapping
MAX_CLAUSE_DEPTH = 8  # sub-clause levels; ITU texts use three
MAX_INT_DIGITS = 18  # JSON integers longer than this are refused before int() (a 5,000-digit one costs seconds)
MAX_OFFSET = MAX_STRING


class HugeInt:
    """Stands in for an over-long JSON integer (json.loads(parse_int=bounded_int)); validation names its field."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def bounded_int(literal: str) -> int | HugeInt:
    digits = len(literal.lstrip("-"))
    return int(literal) if digits <= MAX_INT_DIGITS else HugeInt(digits)


def _type_name(value: Any) -> str:
    if isinstance(value, HugeInt):
        return f"an integer of {value.digits} digits"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "an object",
            type(None): "null"}.get(type(value), type(value).__name__)


class _Key(str):
    """A mapping key in a field path (shown as ["key"], never taken for the field's name)."""


class _Invalid(Exception):
    def __init__(self, path: tuple[str | int, ...], problem: str) -> None:
        super().__init__(problem)
        self.path, self.problem = path, problem


Check = Callable[[Any, tuple[str | int, ...], "_Context"], None]


@dataclass
class _Context:
    depth: int = 0
    uids: dict[str, set[str]] = field(default_factory=dict)


def text(max_len: int = MAX_STRING) -> Check:
    def check(value: Any, path: tuple, _ctx: _Context) -> None:
        if not isinstance(value, str):
            raise _Invalid(path, f"must be text, not {_type_name(value)}")
        if len(value) > max_len:
            raise _Invalid(path, f"is too long ({len(value)} characters, at most {max_len})")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _Invalid(path, f"holds an invalid character (U+{ord(value[exc.start]):04X}, half of a pair)") from None
    return check


def integer(low: int, high: int, *, optional: bool = False) -> Check:
    def check(value: Any, path: tuple, _ctx: _Context) -> None:
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(path, f"must be a whole number, not {_type_name(value)}")
        if not low <= value <= high:
            raise _Invalid(path, f"must be between {low} and {high}, not {value}")
    return check


def boolean(value: Any, path: tuple, _ctx: _Context) -> None:
    if not isinstance(value, bool):
        raise _Invalid(path, f"must be true or false, not {_type_name(value)}")


def one_of(*choices: str) -> Check:
    def check(value: Any, path: tuple, ctx: _Context) -> None:
        text()(value, path, ctx)
        if value not in choices:
            raise _Invalid(path, f"must be one of {', '.join(choices)}, not {value!r}")
    return check


def list_of(item: Check, max_items: int = MAX_ITEMS) -> Check:
    def check(value: Any, path: tuple, ctx: _Context) -> None:
        if not isinstance(value, list):
            raise _Invalid(path, f"must be a list, not {_type_name(value)}")
        if len(value) > max_items:
            raise _Invalid(path, f"has too many entries ({len(value)}, at most {max_items})")
        for index, element in enumerate(value):
            item(element, path + (index,), ctx)
    return check


def mapping(value_check: Check, max_items: int = MAX_ITEMS) -> Check:
    def check(value: Any, path: tuple, ctx: _Context) -> None:
        if not isinstance(value, dict):
            raise _Invalid(path, f"must be an object, not {_type_name(value)}")
        if len(value) > max_items:
            raise _Invalid(path, f"has too many entries ({len(value)}, at most {max_items})")
        for key, element in value.items():
            text(200)(key, path, ctx)
            value_check(element, path + (_Key(key),), ctx)
    return check


def record(fields: dict[str, Check], *, required: tuple[str, ...] = (), nullable: bool = False) -> Check:
    def check(value: Any, path: tuple, ctx: _Context) -> None:
        if value is None and nullable:
            return
        if not isinstance(value, dict):
            raise _Invalid(path, f"must be an object, not {_type_name(value)}")
        for name in required:
            if name not in value:
                raise _Invalid(path + (name,), "is missing")
        for name, field_check in fields.items():
            if name in value:
                field_check(value[name], path + (name,), ctx)
    return check


def unique_uid(scope: str) -> Check:
    """A clause or section id: text, and not used twice in one text (the GUI looks clauses up by it)."""
    def check(value: Any, path: tuple, ctx: _Context) -> None:
        text(64)(value, path, ctx)
        key = f"{path[0]}:{scope}"
        seen = ctx.uids.setdefault(key, set())
        if value in seen:
            raise _Invalid(path, f"is used twice ({value!r})")
        seen.add(value)
    return check


def _clause(value: Any, path: tuple, ctx: _Context) -> None:
    if ctx.depth >= MAX_CLAUSE_DEPTH:
        raise _Invalid(path, f"sub-clauses are nested deeper than {MAX_CLAUSE_DEPTH} levels")
    ctx.depth += 1
    try:
        CLAUSE(value, path, ctx)
    finally:
        ctx.depth -= 1


CLAUSE = record({
    "label": text(200),
    "text": text(),
    "children": list_of(_clause),
    "footnotes": list_of(text(200)),
    "footnote_offsets": mapping(integer(0, MAX_OFFSET)),
    "uid": unique_uid("clause"),
})

HEADER = record({
    "number": text(200), "revision": boolean, "place": text(200), "year": integer(1000, 9999, optional=True),
    "title": text(), "body": text(), "conference_line": text(), "doc_type": text(200),
})

WARNING = record({"code": text(200), "message": text(), "where": text(), "line": integer(0, 10**9, optional=True)},
                 required=("code", "message"))

RESOLUTION = record({
    "header": HEADER,
    "sections": list_of(record({
        "call": text(), "kind": one_of("preamble", "operative"), "clauses": list_of(_clause),
        "uid": unique_uid("section"),
    })),
    "footnotes": list_of(record({"id": text(200), "text": text()})),
    "warnings": list_of(WARNING),
    "source": text(),
}, required=("sections",))

def optional(check: Check) -> Check:
    def inner(value: Any, path: tuple, ctx: _Context) -> None:
        if value is not None:
            check(value, path, ctx)
    return inner


MAX_PROPOSERS = 200  # a column each; an ITU conference has some 190 Member States
NOTE = record({"key": text(), "offset": integer(0, MAX_OFFSET), "text": text()}, required=("text",))
VERSION = record({
    "proposer": text(200), "status": one_of("NOC", "MOD", "SUP", "ADD", ""), "text": text(), "label": text(200),
    "call": text(), "reasons": text(), "notes": list_of(NOTE),
}, required=("proposer", "status"))
ROW = record({
    "kind": one_of("heading", "title", "conference", "clause"), "call": text(), "base_text": optional(text()),
    "base_label": text(200), "depth": integer(0, MAX_CLAUSE_DEPTH), "preamble": boolean, "base_uid": text(64),
    "base_notes": list_of(NOTE), "versions": list_of(VERSION, MAX_PROPOSERS),
}, required=("kind", "versions"))


def _one_version_each(value: Any, path: tuple, _ctx: _Context) -> None:
    """Every row holds one version per proposer, in the proposers' order (the pane and the exporter pair them
    by position and look each proposer's up by name)."""
    proposers = value["proposers"]
    if not proposers:
        raise _Invalid(path + ("proposers",), "must name at least one proposer")
    twice = next((name for n, name in enumerate(proposers) if name in proposers[:n]), None)
    if twice is not None:
        raise _Invalid(path + ("proposers",), f"names {twice!r} twice")
    for index, row in enumerate(value["rows"]):
        where = path + ("rows", index, "versions")
        names = [version["proposer"] for version in row["versions"]]
        stranger = next((name for name in names if name not in proposers), None)
        if stranger is not None:
            raise _Invalid(where, f"has a version by {stranger!r}, not one of the proposers ({', '.join(proposers)})")
        missing = next((name for name in proposers if name not in names), None)
        if missing is not None:
            raise _Invalid(where, f"has no version by {missing!r}")
        if names != proposers:
            raise _Invalid(where, f"must hold one version per proposer in the order {', '.join(proposers)}")


COMPILATION = record({
    "proposers": list_of(text(200), MAX_PROPOSERS),
    "warnings": list_of(text()),
    "base": RESOLUTION,  # its uids a scope of their own: a path starting at "compilation"
    "rows": list_of(ROW),
}, required=("proposers", "base", "rows"))

DRAFT = record({
    "current": RESOLUTION,
    "base": record({}, nullable=True),  # checked as RESOLUTION below, with its own uid scope
    "suppressed": list_of(text(64)),
    "reasons": mapping(text()),
    "comments": mapping(text()),
    "meta": mapping(text()),
    "base_source": text(),
    "compilation": record({}, nullable=True),  # checked as COMPILATION below
}, required=("current",))


def _where(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, _Key):
            out += f'["{part}"]'
        else:
            out += f".{part}" if out else str(part)
    return out


def _field_name(path: tuple[str | int, ...]) -> str:
    names = [p for p in path if isinstance(p, str) and not isinstance(p, _Key)]
    return names[-1] if names else "the document"


def _raise(invalid: _Invalid) -> None:
    raise ParseError(f'"{_field_name(invalid.path)}" ({_where(invalid.path)}) {invalid.problem}') from None


def validate_resolution(data: Any, root: str = "document") -> None:
    """ParseError naming the first field of a resolution dict that is not what the model needs."""
    try:
        RESOLUTION(data, (root,), _Context())
    except _Invalid as invalid:
        _raise(invalid)


def validate_draft(data: Any) -> None:
    """ParseError naming the first field of a draft dict (a .copdraft's "draft") that is wrong."""
    try:
        DRAFT(data, (), _Context())
        if isinstance(data, dict) and data.get("base") is not None:
            RESOLUTION(data["base"], ("base",), _Context())
        if isinstance(data, dict) and data.get("compilation") is not None:
            COMPILATION(data["compilation"], ("compilation",), _Context())
            _one_version_each(data["compilation"], ("compilation",), _Context())
    except _Invalid as invalid:
        _raise(invalid)
