"""Reading the electronic invoice inside a pièce: bytes in, :class:`~..domain.einvoice.Invoice`
and findings out.

Why here, in the store layer: the invoice model and the cross-check are pure domain code,
but turning untrusted bytes into it takes third-party parsers (pypdf for the PDF/A-3
attachment, lxml for the XML, factur-x for the profile and the XSD) and resource limits (the
size cap, refusing DTDs); the domain stays free of them. The store already holds the pièces
(``content_store``) and the other file-format reader (``store.fec``); ``sync``, ``app``, the
CLI and the UI may all call it.

- :mod:`.safe_xml`: the hardened XML parser (no DTD, no entities, no network, size cap);
- :mod:`.pdf_attachment`: the XML files embedded in a PDF;
- :mod:`.cii`, :mod:`.ubl`: the two syntaxes;
- :mod:`.reader`: :func:`read_invoice`, one pièce;
- :mod:`.checks`: :func:`check_entry_invoices`, what the sync calls per entry.
"""
