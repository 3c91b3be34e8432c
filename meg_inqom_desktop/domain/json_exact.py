"""JSON text with ``Decimal`` written as exact JSON numbers (never through float).

``json.dumps`` can only write a Decimal by turning it into a float or a string; remote APIs
(Inqom) and our emulators want JSON numbers, so this small encoder writes each Decimal from its
own text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any


def _plain(value: Decimal) -> str:
    return f"{value:f}"


def dumps_exact(
    value: Any,
    *,
    decimal: Callable[[Decimal], str] = _plain,
    default: Callable[[Any], Any] | None = None,
) -> bytes:
    """UTF-8 JSON of ``value``: each Decimal through ``decimal``, floats refused.

    ``default`` converts a value the encoder does not know (a date, say) into one it does.
    """
    out: list[str] = []

    def encode(item: Any) -> None:
        if isinstance(item, Decimal):
            out.append(decimal(item))
        elif isinstance(item, bool) or item is None or isinstance(item, int | str):
            out.append(json.dumps(item, ensure_ascii=False))
        elif isinstance(item, float):
            raise TypeError("float in a JSON payload: amounts must be Decimal")
        elif isinstance(item, Mapping):
            out.append("{")
            for i, (key, sub) in enumerate(item.items()):
                if i:
                    out.append(",")
                out.append(json.dumps(str(key), ensure_ascii=False))
                out.append(":")
                encode(sub)
            out.append("}")
        elif isinstance(item, list | tuple):
            out.append("[")
            for i, sub in enumerate(item):
                if i:
                    out.append(",")
                encode(sub)
            out.append("]")
        elif default is not None:
            encode(default(item))
        else:
            raise TypeError(f"cannot encode {type(item).__name__}")

    encode(value)
    return "".join(out).encode("utf-8")
