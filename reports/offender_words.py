"""Wording of the offender updates' figures: money, sentence lengths, days, names of codes.

Pure functions from numbers to words, as `phrases` (whose rules they follow).
"""

from __future__ import annotations


def pounds(amount: float) -> str:
    """47033.4 -> "£47,033" (whole pounds, as the paper prints seizures)."""
    return f"£{round(amount):,}"


def sentence_length(months: float) -> str:
    """763 -> "63 years and 7 months"; 12 -> "1 year"; 5 -> "5 months"; 0 -> "0 months"."""
    total = round(months)
    years, rest = divmod(total, 12)
    parts = []
    if years:
        parts.append(f"{years:,} year" + ("" if years == 1 else "s"))
    if rest or not years:
        parts.append(f"{rest} month" + ("" if rest == 1 else "s"))
    return " and ".join(parts)


def days(n: float) -> str:
    """27 -> "27 days"; 1 -> "1 day"; 26.5 -> "26.5 days" (a median may fall between two)."""
    text = f"{n:,.1f}".removesuffix(".0")
    return f"{text} day" + ("" if text == "1" else "s")


def code_label(code: str) -> str:
    """ "crime_allocation" -> "Crime allocation"."""
    text = code.replace("_", " ")
    return text[:1].upper() + text[1:]
