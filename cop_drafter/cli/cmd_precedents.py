"""Precedent commands: `suggest`, `align`, `lineage`, `search`, `library add|list|remove`.

Each takes `--library PATH` (default: $COP_DRAFTER_LIBRARY, else library.sqlite3 in the platform data folder);
the bundled corpus is always searched as well. `suggest --corpus PATH ...` uses just those files instead.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from cop_drafter.cli.common import CliError, print_json
from cop_drafter.core.model import ParseError, Resolution
from cop_drafter.precedents.library import LibraryError, PrecedentLibrary, read_for_library


def _library_option(parser: argparse.ArgumentParser, *, nested: bool = False) -> None:
    # On `library ACTION`, the option is accepted before and after ACTION; the action's copy must not reset
    # what was given before it (argparse applies a sub-parser's defaults over the parent's values).
    parser.add_argument(
        "--library", metavar="PATH", default=argparse.SUPPRESS if nested else None,
        help="the user library file (default: $COP_DRAFTER_LIBRARY, else the platform data folder)",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    suggest = subparsers.add_parser("suggest", help="precedent wording for a (half-)typed clause")
    suggest.add_argument("text", nargs="?", help="the text typed so far")
    suggest.add_argument("--queries", metavar="FILE", help="one query per line, answered in one process (with timings)")
    suggest.add_argument("--corpus", metavar="PATH", nargs="+", action="extend",
                         help="use only these files as the library (repeatable)")
    suggest.add_argument("--limit", type=int, default=5, metavar="K", help="how many suggestions (default 5)")
    suggest.add_argument("--json", action="store_true", help="print JSON")
    _library_option(suggest)
    suggest.set_defaults(handler=run_suggest)

    align = subparsers.add_parser("align", help="pair the clauses of two revisions by content")
    align.add_argument("old", help="the older text")
    align.add_argument("new", help="the newer text")
    align.add_argument("--json", action="store_true", help="print JSON")
    align.set_defaults(handler=run_align)

    lineage = subparsers.add_parser("lineage", help="a clause's earlier wordings across the library")
    lineage.add_argument("path", help="the text the clause is in")
    lineage.add_argument("call", help='its call words, e.g. "recalling"')
    lineage.add_argument("label", help="its label, e.g. e) or 3")
    lineage.add_argument("--json", action="store_true", help="print JSON")
    _library_option(lineage)
    lineage.set_defaults(handler=run_lineage)

    search = subparsers.add_parser("search", help="every clause containing a phrase or words (FTS5 syntax)")
    search.add_argument("phrase", help='words, "a phrase", AND/OR/NOT, prefix*')
    search.add_argument("--limit", type=int, default=50, metavar="K", help="at most K clauses (default 50)")
    search.add_argument("--json", action="store_true", help="print JSON")
    _library_option(search)
    search.set_defaults(handler=run_search)

    library = subparsers.add_parser("library", help="the user's precedent library")
    _library_option(library)
    actions = library.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", help="import texts and folders of texts (recursively); the same text twice is "
                             "kept once")
    add.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder (hidden files and ~$ files skipped)")
    add.add_argument("--json", action="store_true", help="print JSON")
    _library_option(add, nested=True)
    add.set_defaults(handler=run_library_add)
    listing = actions.add_parser("list", help="the texts in the library (bundled and imported)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    _library_option(listing, nested=True)
    listing.set_defaults(handler=run_library_list)
    remove = actions.add_parser("remove", help="remove an imported text by its id (see list)")
    remove.add_argument("doc_id", metavar="ID")
    remove.add_argument("--json", action="store_true", help="print JSON")
    _library_option(remove, nested=True)
    remove.set_defaults(handler=run_library_remove)
    library.set_defaults(handler=lambda args: _missing_action(library))


def _missing_action(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _open(args: argparse.Namespace) -> PrecedentLibrary:
    try:
        return PrecedentLibrary.open(getattr(args, "library", None))
    except LibraryError as exc:
        raise CliError(str(exc)) from exc


def _read(path: str) -> Resolution:
    try:
        return read_for_library(path)
    except LibraryError as exc:
        raise CliError(str(exc)) from exc


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


# -- suggest --------------------------------------------------------------------------------------------------


def _suggest_library(args: argparse.Namespace) -> PrecedentLibrary:
    if not args.corpus:
        return _open(args)
    library = PrecedentLibrary.in_memory(bundled=False)
    for path in args.corpus:
        try:
            library.add_file(path)
        except (ParseError, LibraryError) as exc:
            library.close()
            raise CliError(str(exc)) from exc
    return library


def run_suggest(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    if args.queries and args.text:
        raise CliError("give either TEXT or --queries FILE, not both")
    if not args.queries and not (args.text or "").strip():
        raise CliError("nothing to suggest for: give the text typed so far, or --queries FILE")
    queries: list[str] = []
    if args.queries:
        try:
            raw = Path(args.queries).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"cannot read {args.queries}: {getattr(exc, 'strerror', None) or exc}") from exc
        queries = [line.strip() for line in raw.splitlines() if line.strip()]
    with _suggest_library(args) as library:
        if not args.queries:
            results = [s.to_dict() for s in library.suggest(args.text, limit=args.limit)]
            if args.json:
                print_json(results)
            else:
                _print_suggestions(results)
            return 0
        answers: list[dict[str, Any]] = []
        for query in queries:
            start = time.perf_counter()
            found = library.suggest(query, limit=args.limit)
            ms = round((time.perf_counter() - start) * 1000, 3)
            answers.append({"query": query, "ms": ms,
                            "results": [dict(s.to_dict(), ms=ms) for s in found]})
    if args.json:
        print_json(answers)
    else:
        for answer in answers:
            print(f"> {_short(answer['query'], 80)}  ({answer['ms']:.1f} ms)")
            _print_suggestions(answer["results"])
            print()
    return 0


def _where(source: dict[str, Any]) -> str:
    where = " ".join(str(p) for p in (source.get("call"), source.get("label")) if p)
    return f"{source.get('document')}, {where}" if where else str(source.get("document"))


def _print_suggestions(results: list[dict[str, Any]]) -> None:
    if not results:
        print("no precedent found")
        return
    for item in results:
        print(f"{item['score']:5.1f}  {_where(item['source'])}")
        print(f"       {_short(item['text'], 110)}")
        if item.get("group"):
            print(f"       same wording in: {'; '.join(_where(g) for g in item['group'])}")


# -- align ----------------------------------------------------------------------------------------------------


def run_align(args: argparse.Namespace) -> int:
    from cop_drafter.precedents.align import align_resolutions

    old, new = _read(args.old), _read(args.new)
    rows = align_resolutions(old, new)
    out = []
    for row in rows:
        out.append({
            "new": {"call": row.new_section.call, "label": row.new.label} if row.new and row.new_section else None,
            "old": {"call": row.old_section.call, "label": row.old.label} if row.old and row.old_section else None,
            "score": round(row.score, 1),
        })
    if args.json:
        print_json(out)
        return 0
    print(f"{'old':<44} {'new':<44} {'score':>5}")
    for item, row in zip(out, rows, strict=True):
        old_s = f"{item['old']['call'][:34]} {item['old']['label']}" if item["old"] else "-"
        new_s = f"{item['new']['call'][:34]} {item['new']['label']}" if item["new"] else "-"
        mark = "ADD" if row.old is None else "SUP" if row.new is None else f"{row.score:5.1f}"
        print(f"{old_s:<44} {new_s:<44} {mark:>5}")
    kept = sum(1 for r in rows if r.old and r.new)
    print(f"\n{kept} pairs, {sum(1 for r in rows if r.old is None)} new, {sum(1 for r in rows if r.new is None)} dropped")
    return 0


# -- lineage --------------------------------------------------------------------------------------------------


def run_lineage(args: argparse.Namespace) -> int:
    resolution = _read(args.path)
    clause = resolution.find_by_label(args.call, args.label)
    if clause is None:
        calls = ", ".join(dict.fromkeys(s.call for s in resolution.sections)) or "none"
        raise CliError(f"no clause {args.label!r} under {args.call!r} in {args.path} (calls: {calls})")
    with _open(args) as library:
        try:
            steps = library.lineage(resolution, clause)
        except LibraryError as exc:
            raise CliError(str(exc)) from exc
    if args.json:
        print_json([s.to_dict() for s in steps])
        return 0
    for n, step in enumerate(steps):
        score = f"  ({step.score:.0f}% like the previous)" if step.score is not None else ""
        print(f"{n + 1}. {_where(step.source.to_dict())}{score}")
        if n == 0:
            print(f"   {_short(step.text, 110)}")
        else:
            changes = [f"-[{p.text.strip()}]" if p.op == "delete" else f"+[{p.text.strip()}]"
                       for p in step.diff if p.op != "equal" and p.text.strip()]
            print(f"   {'; '.join(changes) if changes else 'no change in wording'}")
    return 0


# -- search ---------------------------------------------------------------------------------------------------


def run_search(args: argparse.Namespace) -> int:
    with _open(args) as library:
        try:
            hits = library.search(args.phrase, limit=max(1, args.limit))
        except LibraryError as exc:
            raise CliError(str(exc)) from exc
    if args.json:
        print_json([h.to_dict() for h in hits])
        return 0
    if not hits:
        print("no clause found")
    for hit in hits:
        print(f"{_where(hit.source.to_dict())}")
        print(f"    {_short(hit.highlighted, 120)}")
    return 0


# -- library --------------------------------------------------------------------------------------------------


def run_library_add(args: argparse.Namespace) -> int:
    from cop_drafter.cli.progress import import_with_progress

    with _open(args) as library:
        result = import_with_progress(library, args.paths)
    if args.json:
        print_json(result.to_dict())
    else:
        for added in result.added:
            print(f"added {added.heading} ({added.clauses} clauses) as {added.id}  <- {added.file}")
        for skipped in result.skipped:
            print(f"skipped {skipped.file}: {skipped.reason}")
        for failed in result.failed:
            print(f"failed {failed.file}: {failed.error}")
        print(f"{result.summary()}; library: {library.path}")
    if not result.ok:
        print("cop-drafter: nothing could be read into the library", file=sys.stderr)
        return 2
    return 0


def run_library_list(args: argparse.Namespace) -> int:
    with _open(args) as library:
        docs = library.documents()
    if args.json:
        print_json([d.to_dict() for d in docs])
        return 0
    print(f"{'id':<34} {'document':<50} {'year':>4} {'clauses':>7} {'kind':<8}  origin")
    for doc in docs:
        origin = "bundled" if doc.bundled else (doc.source_path or "imported")
        print(f"{doc.id:<34} {_short(doc.document, 50):<50} {doc.year or '':>4} {doc.clauses:>7} {doc.kind:<8}  "
              f"{origin}")
    print(f"library: {library.path}")
    return 0


def run_library_remove(args: argparse.Namespace) -> int:
    with _open(args) as library:
        try:
            info = library.remove(args.doc_id)
        except LibraryError as exc:
            raise CliError(str(exc)) from exc
    if args.json:
        print_json(info.to_dict())
    else:
        print(f"removed {info.document} ({info.clauses} clauses)")
    return 0
