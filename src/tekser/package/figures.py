"""What a figure's row says of itself, read with tekser's number reader."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from tekser.package.descriptor import Row
from tekser.seeds.numbers import NumberError, read_number, scale_factor


def printed_as_value(row: Row, language: str = "") -> bool:
    """Whether value × scale is what the printed token reads as (tekser's number reader, in
    the language of the figure's quote: "1,234" is 1234 in English, its grouping no
    normalisation)."""
    try:
        stated = Decimal(row.get("value", "")) * scale_factor(row.get("scale", ""))
        return read_number(row.get("printed", ""), language) == stated
    except (InvalidOperation, NumberError):
        return False
