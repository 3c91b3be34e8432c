"""Parsing untrusted XML (pièces come from outside): no DTD, no entity, no network, no file.

lxml is told not to load DTDs, not to resolve entities and not to touch the network; a
document that declares a DOCTYPE (where entities live: « billion laughs », external entities
reading local files) is refused outright, before and after parsing. Documents above
:data:`MAX_XML_BYTES` are refused unread.
"""

from __future__ import annotations

from lxml import etree

from meg_inqom_desktop.domain.einvoice.findings import Rule

#: Largest XML invoice read (10 MB: an EXTENDED invoice of thousands of lines stays far below).
MAX_XML_BYTES = 10 * 1024 * 1024


class XmlRejected(Exception):
    """An XML document not read: ``rule`` says why, ``message`` says it in French."""

    def __init__(self, rule: Rule, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def _parser() -> etree.XMLParser:
    # a new parser per call: lxml parsers are not shared between threads
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_untrusted(data: bytes, what: str = "Le XML") -> etree._Element:
    """The root element of ``data``; raises :class:`XmlRejected` (never anything else)."""
    if len(data) > MAX_XML_BYTES:
        raise XmlRejected(
            Rule.XML_TOO_LARGE,
            f"{what} fait {len(data) / 1e6:.0f} Mo, au-delà des {MAX_XML_BYTES // 2**20} Mo "
            "admis pour une facture : il n'est pas lu.",
        )
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise XmlRejected(
            Rule.XML_REFUSED,
            f"{what} déclare un DOCTYPE (entités) : refusé par sécurité, aucune facture "
            "électronique n'en a besoin. Demandez au fournisseur une facture conforme.",
        )
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise XmlRejected(
            Rule.XML_UNREADABLE, f"{what} n'est pas un XML bien formé ({exc})."
        ) from exc
    if root is None:
        raise XmlRejected(Rule.XML_UNREADABLE, f"{what} est vide.")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # e.g. a UTF-16 document
        raise XmlRejected(
            Rule.XML_REFUSED, f"{what} déclare un DOCTYPE (entités) : refusé par sécurité."
        )
    return root
