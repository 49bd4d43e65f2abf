"""The paper's number style, worked out independently of reports/phrases.py."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# The paper writes small counts in words ("two DVPOs", "eleven months").
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def percent(numerator: int, denominator: int, signed: bool = False) -> str:
    """One decimal, halves away from zero, changes and rates alike ("+4.0%", "+21.5%",
    "10.8%"); changes are signed (U+2212 for minus), and one that rounds to zero is "no
    change"."""
    exact = Fraction(numerator, denominator) * 100
    value = Decimal(exact.numerator) / Decimal(exact.denominator)
    text = str(abs(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    if not signed:
        return f"{text}%"
    if text == "0.0":
        return "no change"
    sign = "\u2212" if value < 0 else "+"  # the minus sign U+2212, never a hyphen
    return f"{sign}{text}%"
