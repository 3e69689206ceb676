"""Generate the app icon (SVG master, PNG sizes, Windows .ico, macOS .icns) without network or extra tools.

Why a script: the icon is source we can review and regenerate; the binaries it writes are derived files.
The SVG is rendered with Qt's SVG renderer (already a dependency); .ico and .icns are written by hand
because both formats can simply wrap PNG images (Windows Vista+, macOS 10.7+).
Run: `python packaging/make_icons.py` (uses QT_QPA_PLATFORM=offscreen, works headless).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "icons"
NAME = "cop-drafter"

# A blue rounded square (ITU-like blue), a white page with a folded corner, text lines, and a green
# check mark: "a drafted, approved text". Flat shapes only so it stays legible at 16 px.
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <rect x="16" y="16" width="480" height="480" rx="96" ry="96" fill="#1d5fa8"/>
  <path d="M150 88 H310 L378 156 V424 H150 Z" fill="#ffffff"/>
  <path d="M310 88 V156 H378 Z" fill="#c7d8ee"/>
  <rect x="184" y="196" width="160" height="22" rx="11" fill="#1d5fa8"/>
  <rect x="184" y="244" width="160" height="22" rx="11" fill="#9bb6d8"/>
  <rect x="184" y="292" width="112" height="22" rx="11" fill="#9bb6d8"/>
  <circle cx="352" cy="372" r="84" fill="#2e9d57"/>
  <path d="M310 374 L340 404 L396 344" fill="none" stroke="#ffffff" stroke-width="26"
        stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# .icns element types that hold PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def render_pngs(svg: bytes) -> dict[int, bytes]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit("make_icons: the SVG did not parse")
    pngs: dict[int, bytes] = {}
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per size, each image stored as PNG (0 in a size byte means 256)."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    entries, blobs = b"", b""
    offset = 6 + 16 * len(ICO_SIZES)
    for size in ICO_SIZES:
        data = pngs[size]
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def build_icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for size, kind in ICNS_TYPES.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{NAME}.svg").write_text(SVG, encoding="utf-8")
    pngs = render_pngs(SVG.encode("utf-8"))
    for size in (16, 32, 48, 64, 128, 256, 512):
        (OUT / f"{NAME}-{size}.png").write_bytes(pngs[size])
    (OUT / f"{NAME}.png").write_bytes(pngs[256])
    (OUT / f"{NAME}.ico").write_bytes(build_ico(pngs))
    (OUT / f"{NAME}.icns").write_bytes(build_icns(pngs))
    print(f"make_icons: wrote {len(list(OUT.iterdir()))} files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
