"""Turning the bytes of a delegate's text file into a str, whatever it was saved as.

UTF-8 (with or without BOM), UTF-16/32 with BOM, UTF-16 without BOM (recognised by its NUL bytes), and Windows
cp1252 (with latin-1 for the five bytes cp1252 leaves undefined). Binary data is refused with a ParseError.
"""

from __future__ import annotations

import codecs
import re

from cop_drafter.core.model import ParseError, ParseWarning

MAX_TEXT_BYTES = 16 * 1024 * 1024  # a resolution is a few dozen KB; anything this big is not one

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

ZIP_MAGIC = b"PK\x03\x04"


def _utf16_without_bom(raw: bytes) -> str | None:
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def detect_encoding(raw: bytes) -> tuple[str, int]:
    """The codec name and the number of BOM bytes to skip."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name, len(bom)
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return utf16, 0
    try:
        raw.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError:
        return "cp1252", 0


_STRAY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # controls no text editor writes; tab, newlines, \f kept


def _looks_binary(text: str) -> bool:
    """Many controls (over 1 %), not one stray NUL: a 9 KB text with one NUL byte is still a text."""
    sample = text[:65536]
    controls = len(_STRAY.findall(sample))
    return controls > max(2, len(sample) // 100)


def decode_with_warnings(raw: bytes, name: str = "the file") -> tuple[str, list[ParseWarning]]:
    """`decode_text`, plus a warning naming the line of each stray control byte it dropped."""
    text = decode_text(raw, name, strip=False)
    warnings = []
    for number, line in enumerate(text.splitlines(), 1):
        found = _STRAY.findall(line)
        if found:
            codes = ", ".join(sorted({f"0x{ord(ch):02X}" for ch in found}))
            warnings.append(ParseWarning("control-character", f"{len(found)} stray control byte(s) ({codes}) "
                                         f"removed from line {number}", line=number))
    return _STRAY.sub("", text), warnings


def decode_text(raw: bytes, name: str = "the file", *, strip: bool = True) -> str:
    """Decode and sanity-check; raises ParseError with a delegate-readable reason. Stray controls are dropped
    (`decode_with_warnings` reports them)."""
    if not raw or not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ParseError(f"{name} is empty")
    if len(raw) > MAX_TEXT_BYTES:
        raise ParseError(f"{name} is too large for a resolution ({len(raw) // 1_000_000} MB)")
    if raw.startswith(ZIP_MAGIC):
        raise ParseError(f"{name} is a Word or zip file, not plain text: open it as a .docx")
    encoding, skip = detect_encoding(raw)
    if encoding == "cp1252":
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    else:
        text = raw[skip:].decode(encoding, errors="replace")
    if _looks_binary(text):
        raise ParseError(f"{name} is a binary file, not a text a resolution can be read from")
    return _STRAY.sub("", text) if strip else text
