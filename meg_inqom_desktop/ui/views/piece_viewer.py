"""The pièce viewer: PDF pages (rendered with pdfium, no system package) and images, inside
the app, with "Ouvrir avec l'application par défaut"; beside them, the electronic invoice the
pièce carries (Factur-X, CII, UBL: :mod:`.invoice_panel`), read off the GUI thread.

PySide6-Addons 6.12 on this platform ships no QtPdf (and PySide6-WebEngine does not carry it),
so PDF pages are rendered by ``pypdfium2`` in a worker thread and shown as images.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from meg_inqom_desktop.errors import MegInqomError
from meg_inqom_desktop.store.einvoice.reader import InvoiceRead, read_invoice
from meg_inqom_desktop.ui.async_tools import async_slot
from meg_inqom_desktop.ui.views.invoice_panel import InvoicePanel

if TYPE_CHECKING:
    from meg_inqom_desktop.app.connector import Connector
    from meg_inqom_desktop.store.ledger_queries import DocumentInfo

RENDER_SCALE = 1.3  # 94 dpi: an A4 page fits the viewer width


_PDFIUM = threading.Lock()  # pdfium must not run in two threads at once


def render_pdf(data: bytes, scale: float = RENDER_SCALE, max_pages: int = 50) -> list[QImage]:
    """Every page of a PDF as a QImage (call it in a worker thread)."""
    import pypdfium2 as pdfium

    images: list[QImage] = []
    with _PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            for index in range(min(len(pdf), max_pages)):
                page = pdf[index]
                bitmap = page.render(scale=scale, rev_byteorder=True)
                fmt = (
                    QImage.Format.Format_RGBA8888
                    if bitmap.n_channels == 4
                    else QImage.Format.Format_RGB888
                )
                pixels = bytes(bitmap.buffer)  # kept alive until the QImage owns a copy
                view = QImage(pixels, bitmap.width, bitmap.height, bitmap.stride, fmt)
                images.append(view.copy())
                del view
                bitmap.close()
                page.close()
        finally:
            pdf.close()
    return images


def render_document(data: bytes, media_type: str) -> list[QImage]:
    """Pages of a pièce: PDF pages, or the image itself."""
    if data[:5] == b"%PDF-" or media_type == "application/pdf":
        return render_pdf(data)
    image = QImage.fromData(data)
    if image.isNull():
        raise ValueError("format de pièce non reconnu")
    return [image]


class PieceViewer(QDialog):
    """Shows an entry's pièces; several pièces are chosen from a list."""

    def __init__(
        self, connector: Connector, documents: list[DocumentInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pièce justificative"))
        self.resize(1180, 900)
        self.connector = connector
        self.documents = documents
        self.chooser = QComboBox()
        for doc in documents:
            self.chooser.addItem(doc.filename)
        self.open_button = QPushButton(self.tr("Ouvrir avec l'application par défaut"))
        self.status = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        top.addWidget(self.open_button)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        self.invoice_panel = InvoicePanel()
        side = QScrollArea()
        side.setWidgetResizable(True)
        side.setWidget(self.invoice_panel)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.page_count = 0
        self.invoice: InvoiceRead | None = None
        self.open_button.clicked.connect(self.open_external)
        self.chooser.currentIndexChanged.connect(self._chosen)
        if not documents:
            self.status.setText(self.tr("Aucune pièce pour cette écriture."))
            self.open_button.setEnabled(False)

    def _chosen(self, _index: int) -> None:
        self._load_task = asyncio.ensure_future(self.load())

    async def load(self) -> int:
        """Read and render the chosen pièce off the GUI thread; returns the page count."""
        if not self.documents:
            return 0
        doc = self.documents[max(self.chooser.currentIndex(), 0)]
        self.status.setText(self.tr("Chargement…"))
        try:
            data = await self.connector.read_document(doc.sha256)
        except Exception as exc:  # shown in the viewer; the external app may still open it
            self.status.setText(self.tr("Impossible d'afficher la pièce : {0}").format(exc))
            return 0
        self.invoice = await asyncio.to_thread(read_invoice, data, doc.filename)
        self.invoice_panel.show_read(self.invoice)
        try:
            images = await asyncio.to_thread(render_document, data, doc.media_type)
        except Exception as exc:  # the invoice, if any, is still shown beside
            self.status.setText(self.tr("Impossible d'afficher la pièce : {0}").format(exc))
            return 0
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            self.pages_layout.addWidget(label)
        self.page_count = len(images)
        self.status.setText(self.tr("{0} — {1} page(s)").format(doc.filename, len(images)))
        return len(images)

    def external_copy(self) -> Path:
        """A copy of the pièce for the default application, under the name the app makes from
        its bytes' type (never the server's name: a ``.bat`` would run)."""
        doc = self.documents[max(self.chooser.currentIndex(), 0)]
        return self.connector.piece_copy(doc)

    @async_slot()
    async def open_external(self) -> None:
        """Copy the pièce (in a worker thread), then open the default app."""
        try:
            copy = await asyncio.to_thread(self.external_copy)
        except MegInqomError as exc:
            self.status.setText(self.tr("Pièce non ouverte : {0}").format(exc.message))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
