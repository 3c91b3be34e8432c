"""Render the SVG icon sources of ``resources/icons/`` into PNG sizes, ``app.ico`` and ``app.icns``.

Run from anywhere: ``python packaging/make_icons.py``. The outputs are committed, so the build
and the app never need this script; run it again after changing an SVG.

SVG → PNG uses Qt's ``QSvgRenderer`` on the offscreen platform (no display needed); the ``.ico``
(Windows) and ``.icns`` (macOS) containers are written by Pillow, which needs no macOS tool.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_DIR = ICONS / "png"

APP_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
TRAY_SIZES = (16, 22, 24, 32, 48, 64)
TRAY_STATES = ("idle", "syncing", "error")
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent ``size``×``size`` image, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"invalid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (keeps Qt up)
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    app_pngs: dict[int, bytes] = {}
    for size in sorted(set(APP_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES)):
        app_pngs[size] = render_png(ICONS / "app.svg", size)
    for size in APP_SIZES:
        out = PNG_DIR / f"app-{size}.png"
        out.write_bytes(app_pngs[size])
        written.append(out)
    for state in TRAY_STATES:
        for size in TRAY_SIZES:
            out = PNG_DIR / f"tray-{state}-{size}.png"
            out.write_bytes(render_png(ICONS / f"tray-{state}.svg", size))
            written.append(out)

    # .ico: every size drawn from the SVG (not downscaled from 256), PNG-compressed entries.
    images = {s: Image.open(io.BytesIO(app_pngs[s])).convert("RGBA") for s in app_pngs}
    largest = images[max(ICO_SIZES)]
    ico = ICONS / "app.ico"
    largest.save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    written.append(ico)

    icns = ICONS / "app.icns"
    images[512].save(icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES if s != 512])
    written.append(icns)

    for path in written:
        print(path.relative_to(ICONS.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
