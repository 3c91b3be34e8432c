"""The FEC format (Fichier des écritures comptables, article A47 A-1 LPF), without any I/O.

- :mod:`.columns`: the 18/21/22 column layouts and header matching;
- :mod:`.fields`: amounts (integer cents) and dates;
- :mod:`.rows`: one parsed line and the line parser;
- :mod:`.report`: the validation report (errors, alerts, accounting checks);
- :mod:`.grouping`: how lines become entries, with the accounting checks;
- :mod:`.naming`: ``SirenFECAAAAMMJJ`` file names;
- :mod:`.convert`: lines to domain entries with a stable ``source_id``;
- :mod:`.writer`: formatting the lines we write.
"""

from __future__ import annotations

from meg_inqom_desktop.domain.fec.report import FecReport, Finding, Grouping, Severity
from meg_inqom_desktop.domain.fec.rows import FecRow

__all__ = ["FecReport", "FecRow", "Finding", "Grouping", "Severity"]
