"""Build tests/fixtures/shapes/: the five seed texts in the shapes delegates really have them in.

Each shape is rendered from the seed's parsed structure (never from retyped wording), so a reader that reads a
shape right gives back exactly the seed's sections, labels, clause texts and footnotes:

- bullets:   a copy of a web page's bulleted list (`  • recognizing` / `    • a) that ...`);
- glued:     PDF text with labels glued to their text (`a)that ...`), lines wrapped, page breaks (`- 2 -`) and a
             running header in the middle of clauses, footnotes after a rule;
- html:      a saved ITU web page (navigation, scripts, footer, call words in <em>, clauses in <p>/<li>);
- word.pdf:  our CleanResolutionExporter's .docx printed to PDF by LibreOffice (as Word would);
- lo.pdf:    a LibreOffice document (flat ODT with a running header, page-number footer, real footnotes) as PDF;
- compilation.pdf: three seeds in one LibreOffice PDF, each resolution on a new page (and compilation.docx,
  the same document saved as Word).

Run `python tools/make_shape_fixtures.py` (needs LibreOffice for the PDFs); the output is committed, so tests
never need LibreOffice. `python tools/make_shape_fixtures.py --bench OUT.pdf` builds the ~320-page benchmark.
"""

from __future__ import annotations

import argparse
import html
import logging
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cop_drafter.core.model import Clause, Resolution  # noqa: E402
from cop_drafter.formats.decoding import decode_text  # noqa: E402
from cop_drafter.formats.text_parser import parse_text  # noqa: E402

log = logging.getLogger(__name__)
CORPUS = ROOT / "resources" / "corpus"
OUT = ROOT / "tests" / "fixtures" / "shapes"
SEEDS = {p.name[:3]: p for p in sorted(CORPUS.glob("0*.txt"))}
COMPILATION_SEEDS = ("000", "001", "002")


def seed_resolution(key: str) -> Resolution:
    """The seed as the text parser reads it (no bundled metadata): the structure every shape must give back."""
    return parse_text(decode_text(SEEDS[key].read_bytes(), SEEDS[key].name), SEEDS[key].name)


def with_refs(clause: Clause, mark) -> str:
    """The clause text with its footnote references put back at their offsets, written by `mark(id)`."""
    text = clause.text
    for ref in sorted(clause.footnotes, key=lambda r: r.offset, reverse=True):
        text = text[: ref.offset] + mark(ref.id) + text[ref.offset:]
    return text


def header_lines(res: Resolution) -> list[str]:
    head = res.header
    lines = [head.heading()] if head.number else []
    return lines + [p for p in (head.title, head.conference_line) if p]


def walk_lines(res: Resolution, mark):
    """(depth, label, text) for every clause, with call words as depth -1."""
    for section in res.sections:
        yield -1, "", section.call
        stack = [(0, c) for c in reversed(section.clauses)]
        while stack:
            depth, clause = stack.pop()
            yield depth, clause.label, with_refs(clause, mark)
            stack.extend((depth + 1, c) for c in reversed(clause.children))


def bullets(res: Resolution) -> str:
    out = header_lines(res) + [""]
    for depth, label, text in walk_lines(res, lambda fid: fid):
        pad = "  " * (depth + 2)
        out.append(f"{pad}\u2022 {text}" if depth < 0 else f"{pad}\u2022 {label} {text}".rstrip())
        out.append("")
    if res.footnotes:
        out += ["__________"] + [f"{f.id} {f.text}" for f in res.footnotes]
    return "\n".join(out) + "\n"


def glued(res: Resolution, running: str, per_page: int = 30) -> str:
    body: list[str] = []
    for depth, label, text in walk_lines(res, lambda fid: fid):
        if depth < 0:
            body.append(text)
            continue
        wrapped = textwrap.wrap(f"{label}{text}", 88, break_long_words=False, break_on_hyphens=False)
        body.extend(wrapped or [label])
    lines = header_lines(res)
    page = 1
    for n, line in enumerate(body, 1):
        lines.append(line)
        if n % per_page == 0:
            page += 1
            lines += ["", f"- {page} -", running, ""]
    if res.footnotes:
        lines += ["__________"] + [f"{f.id} {f.text}" for f in res.footnotes]
    return "\n".join(lines) + "\n"


HTML_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>body {{ font-family: Arial; }} .nav li {{ display: inline; }}</style></head>
<body>
<header class="site-header"><a href="/">ITU</a> <span>Committed to connecting the world</span></header>
<nav class="nav"><ul><li><a href="/en/about">About ITU</a></li><li><a href="/en/mediacentre">News</a></li>
<li><a href="/en/ITU-D">Development</a></li><li>Resolutions</li></ul></nav>
<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/en/ITU-D">ITU-D</a> &gt; Resolutions</div>
<main><article class="resolution">
"""
HTML_TAIL = """</article></main>
<aside class="related"><h3>Related</h3><ul><li><a href="/cop">Child Online Protection</a></li></ul></aside>
<footer><p>&copy; ITU All Rights Reserved</p><ul><li><a href="/privacy">Privacy notice</a></li>
<li><a href="/contact">Contact us</a></li></ul></footer>
<script src="/js/site.js"></script>
</body></html>
"""


def web_page(res: Resolution) -> str:
    esc = html.escape
    out = [HTML_HEAD.format(title=esc(res.header.title or "Resolution"))]
    head = header_lines(res)
    for n, line in enumerate(head):
        tag = "h2" if n == 0 and res.header.number else "p"
        out.append(f"<{tag}>{esc(line)}</{tag}>")
    in_list = False
    for depth, label, text in walk_lines(res, lambda fid: f"\ue000{fid}\ue001"):
        if depth < 0:
            if in_list:
                out.append("</ul>")
                in_list = False
            out.append(f"<p class=\"call\"><em>{esc(text)}</em></p>")
            continue
        body = esc(text).replace("\ue000", '<sup><a href="#fn">').replace("\ue001", "</a></sup>")
        if depth == 0 and label[:1].isdigit():
            if in_list:
                out.append("</ul>")
                in_list = False
            out.append(f"<p>{esc(label)}&nbsp;&nbsp;{body}</p>")
        else:
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{esc(label)}\t{body}</li>")
    if in_list:
        out.append("</ul>")
    if res.footnotes:
        out.append('<div class="footnotes"><hr>')
        out += [f'<p id="fn{f.id}"><sup>{f.id}</sup> {esc(f.text)}</p>' for f in res.footnotes]
        out.append("</div>")
    out.append(HTML_TAIL)
    return "\n".join(out)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SystemExit("LibreOffice (soffice) is needed to build the PDF fixtures")
    return found


def to_pdf(source: Path, out_dir: Path, target: str = "pdf") -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                        "--outdir", str(out_dir), str(source)], check=True, timeout=300, capture_output=True)
    return out_dir / f"{source.stem}.{target}"


FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="Standard" style:family="paragraph"><style:text-properties fo:font-size="11pt"/></style:style>
 <style:style style:name="Head" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
 <style:style style:name="Call" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.2cm"/>
  <style:text-properties fo:font-style="italic"/></style:style>
 <style:style style:name="Clause" style:family="paragraph"><style:paragraph-properties fo:margin-left="1cm"
  fo:text-indent="-1cm" fo:margin-top="0.1cm"><style:tab-stops><style:tab-stop style:position="0cm"/></style:tab-stops>
  </style:paragraph-properties></style:style>
 <style:style style:name="Sub" style:family="paragraph" style:parent-style-name="Clause">
  <style:paragraph-properties fo:margin-left="2cm"/></style:style>
 <style:style style:name="Break" style:family="paragraph" style:parent-style-name="Head">
  <style:paragraph-properties fo:break-before="page"/></style:style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm"
 fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
</style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
 <style:header><text:p text:style-name="Head">{running}</text:p></style:header>
 <style:footer><text:p text:style-name="Head">- <text:page-number text:select-page="current"/> -</text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>
"""


def fodt_body(res: Resolution, first_break: bool) -> list[str]:
    esc = html.escape
    notes = {f.id: f.text for f in res.footnotes}

    def note(fid: str) -> str:
        return (f'<text:note text:note-class="footnote"><text:note-citation>{fid}</text:note-citation><text:note-body>'
                f'<text:p>{esc(notes.get(fid, ""))}</text:p></text:note-body></text:note>')

    out = []
    for n, line in enumerate(header_lines(res)):
        style = "Break" if n == 0 and first_break else "Head"
        out.append(f'<text:p text:style-name="{style}">{esc(line)}</text:p>')
    for depth, label, text in walk_lines(res, lambda fid: f"\ue000{fid}\ue001"):
        body = esc(text)
        while "\ue000" in body:
            start = body.index("\ue000")
            end = body.index("\ue001", start)
            body = body[:start] + note(body[start + 1:end]) + body[end + 1:]
        if depth < 0:
            out.append(f'<text:p text:style-name="Call">{body}</text:p>')
        else:
            style = "Clause" if depth == 0 else "Sub"
            out.append(f'<text:p text:style-name="{style}">{esc(label)}<text:tab/>{body}</text:p>')
    return out


def libreoffice_pdf(resolutions: list[Resolution], running: str, out: Path, target: str = "pdf") -> Path:
    """The resolutions as one LibreOffice document, converted to `target` (pdf, or docx for a Word file)."""
    parts = [FODT_HEAD.format(running=html.escape(running))]
    for n, res in enumerate(resolutions):
        parts += fodt_body(res, n > 0)
    parts.append("</office:text></office:body></office:document>\n")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / (out.stem + ".fodt")
        source.write_text("\n".join(parts), encoding="utf-8")
        shutil.move(str(to_pdf(source, Path(tmp), target)), out)
    return out


def word_pdf(res: Resolution, out: Path) -> Path:
    from cop_drafter.docx.exporters import CleanResolutionExporter

    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / (out.stem + ".docx")
        CleanResolutionExporter(res).export(docx)
        shutil.move(str(to_pdf(docx, Path(tmp))), out)
    return out


def running_header(res: Resolution) -> str:
    return f"{res.header.short_name()} \u2013 child online protection"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", metavar="PDF", help="build the benchmark compilation (~320 pages) instead")
    parser.add_argument("--no-pdf", action="store_true", help="only the text and HTML shapes")
    args = parser.parse_args(argv)
    if args.bench:
        seeds = [seed_resolution(k) for k in sorted(SEEDS)]
        with_heading = [r for r in seeds if r.header.number]
        libreoffice_pdf(with_heading * 32, "Final Acts \u2013 compilation", Path(args.bench))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for key in sorted(SEEDS):
        res = seed_resolution(key)
        (OUT / f"{key}.bullets.txt").write_text(bullets(res), encoding="utf-8")
        (OUT / f"{key}.glued.txt").write_text(glued(res, running_header(res)), encoding="utf-8")
        (OUT / f"{key}.html").write_text(web_page(res), encoding="utf-8")
        if not args.no_pdf:
            word_pdf(res, OUT / f"{key}.word.pdf")
            libreoffice_pdf([res], running_header(res), OUT / f"{key}.lo.pdf")
    if not args.no_pdf:
        compiled = [seed_resolution(k) for k in COMPILATION_SEEDS]
        libreoffice_pdf(compiled, "Final Acts \u2013 compilation", OUT / "compilation.pdf")
        libreoffice_pdf(compiled, "Final Acts \u2013 compilation", OUT / "compilation.docx", "docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
