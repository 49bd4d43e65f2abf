"""A delivered file as records: decoded, split into rows, its CSV structure checked.

The landing contract (docs/architecture.md) is UTF-8, comma-separated, `"` quotes, a header row.
What breaks it for the whole file refuses the file (`FileError`, naming the line and the rule);
what breaks it on one row quarantines that row (`Malformed`, with its rule and its text exactly as
delivered), and the other rows go on to the extract's contract. Tolerated: a UTF-8 byte-order
mark (dropped), CRLF or LF line ends, blank lines (not rows), line breaks and quotes inside quoted
fields, spaces around header names (trimmed). A compressed file, an archive, a workbook or text in
UTF-16/32 is named as such. See docs/data-quality.md.

Rows are numbered 1, 2, ... in file order, blank lines not counted (the numbering of
`raw.<extract>._row_number`); `line_number` is the physical line a row starts on (header = line 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_FIELD_CHARS = 10_000
OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "pipes"}

# Whole-file rules (in the DeliveryError message).
RULE_TEXT = "file is CSV text"
RULE_UTF8 = "file is UTF-8"
RULE_HEADER = "file starts with a header row"
RULE_COMMAS = "fields separated by commas"
RULE_QUOTE_CLOSED = "every quoted field is closed"

# Row rules (in raw.rejects.rule).
RULE_FIELD_COUNT = "row has as many fields as the header"
RULE_QUOTES = "quotes well-formed"
RULE_FIELD_SIZE = f"every field at most {MAX_FIELD_CHARS:,} characters"
RULE_CSV = "row is well-formed CSV"
RULE_CONTROL = "no control characters (such as NUL) in a field"

STRUCTURE_RULES = (RULE_FIELD_COUNT, RULE_QUOTES, RULE_FIELD_SIZE, RULE_CSV, RULE_CONTROL)
# C0 controls and DEL, but tab and line ends, which quoted text may hold.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FileError(ValueError):
    """The file cannot be read as the landing contract describes: the whole file is refused."""

    def __init__(self, where: str, rule: str, detail: str):
        super().__init__(f"{where} breaks rule '{rule}': {detail}")
        self.where, self.rule, self.detail = where, rule, detail


@dataclass(frozen=True)
class Record:
    row_number: int
    line_number: int
    text: str  # the row exactly as delivered, without its line end
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Malformed(Record):
    rule: str = RULE_CSV
    detail: str = ""


@dataclass(frozen=True)
class ParsedFile:
    header: list[str]
    rows: list[Record]  # well-formed rows, for the extract's contract
    malformed: list[Malformed]  # rows quarantined before the contract sees them
    byte_order_mark: bool
    crlf: bool

    @property
    def rows_delivered(self) -> int:
        return len(self.rows) + len(self.malformed)

    def text_of(self) -> dict[int, str]:
        """Each row's text as delivered, by row number."""
        return {r.row_number: r.text for r in (*self.rows, *self.malformed)}


# What a file that is not CSV text usually is, told by its first bytes. UTF-32 before UTF-16:
# the UTF-32 LE mark begins with the UTF-16 LE one.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed (name it .csv.gz, or decompress it)"),
    (b"PK\x03\x04", "a zip archive or an Excel .xlsx workbook (export it as CSV)"),
    (b"\xd0\xcf\x11\xe0", "an Excel .xls workbook or another Office file (export it as CSV)"),
    (b"%PDF", "a PDF document"),
    (b"\xfd7zXZ\x00", "xz-compressed"),
    (codecs.BOM_UTF32_LE, "UTF-32 text (re-export it as UTF-8)"),
    (codecs.BOM_UTF32_BE, "UTF-32 text (re-export it as UTF-8)"),
    (codecs.BOM_UTF16_LE, "UTF-16 text (re-export it as UTF-8)"),
    (codecs.BOM_UTF16_BE, "UTF-16 text (re-export it as UTF-8)"),
)
SNIFF_BYTES = 4096


def _not_text(data: bytes) -> str | None:
    """What the file is, when its first bytes say it is not CSV text; None when it may be."""
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            return what
    if data.startswith(b"BZh") and data[3:4].isdigit():
        return "bzip2-compressed"
    head = data[:SNIFF_BYTES]
    if head and head.count(0) * 4 >= len(head):
        # ASCII text in UTF-16 or UTF-32 is every other (or three in four) bytes zero
        return "UTF-16 or UTF-32 text without a byte-order mark (re-export it as UTF-8)"
    return None


def decode(data: bytes) -> tuple[str, bool]:
    """The file's text and whether it began with a UTF-8 byte-order mark (dropped)."""
    what = _not_text(data)
    if what is not None:
        raise FileError("the whole file", RULE_TEXT, f"it is {what}, not CSV text")
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    try:
        return body.decode("utf-8"), bom
    except UnicodeDecodeError as error:
        offset = error.start + (len(codecs.BOM_UTF8) if bom else 0)
        line = data[:offset].count(b"\n") + 1
        raise FileError(
            f"line {line}",
            RULE_UTF8,
            f"byte 0x{data[offset]:02X} at byte offset {offset} is not UTF-8 "
            "(was it exported as Windows-1252 or Latin-1? re-export it as UTF-8)",
        ) from None


class _Lines:
    """The text's physical lines (line ends kept), remembering those the CSV reader took."""

    def __init__(self, text: str):
        self._lines = iter(io.StringIO(text, newline=""))
        self.taken: list[str] = []
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.taken.append(line)
        self.count += 1
        return line

    def take(self) -> str:
        text, self.taken = "".join(self.taken), []
        return _without_line_end(text)


def _without_line_end(text: str) -> str:
    for end in ("\r\n", "\n", "\r"):
        if text.endswith(end):
            return text[: -len(end)]
    return text


def parse_delivery(data: bytes) -> ParsedFile:
    """Split a delivered file into its header, well-formed rows and malformed rows.

    Raises FileError when the file as a whole is unreadable: not UTF-8, empty, no header, another
    delimiter, or a quote opened on one line and left open to the end of the file."""
    text, bom = decode(data)
    if not text.strip():
        raise FileError("row 1 (header)", RULE_HEADER, "the file is empty (no header)")
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=",", quotechar='"', strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise FileError("row 1 (header)", RULE_HEADER, f"the header is not CSV ({error})") from None
    lines.take()
    if not header:
        raise FileError("row 1 (header)", RULE_HEADER, "line 1 is blank")
    header = [name.strip() for name in header]  # as values are (data_contracts/validate.py)
    if len(header) == 1:
        for delimiter, name in OTHER_DELIMITERS.items():
            if delimiter in header[0]:
                raise FileError(
                    "row 1 (header)",
                    RULE_COMMAS,
                    f"the header's fields are separated by {name}, not commas",
                )

    rows: list[Record] = []
    malformed: list[Malformed] = []
    row_number = 0
    while True:
        start = lines.count + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raw = lines.take()
            if "\n" in raw or "\r" in raw:
                # A quote opened on this line ran over the next lines (to the end of the file,
                # or past the field size limit, or into a later quote): rows cannot be told.
                raise FileError(
                    f"line {start}",
                    RULE_QUOTE_CLOSED,
                    f"a quote opened on this line is still open {lines.count - start} lines "
                    f"on, so the rows from here on cannot be told apart ({error})",
                ) from None
            if "unexpected end of data" in str(error):
                rule = RULE_QUOTES  # the last line, cut off inside a quoted field
            elif "field larger than field limit" in str(error):
                rule = RULE_FIELD_SIZE
            elif "expected after" in str(error):
                rule = RULE_QUOTES
            else:
                rule = RULE_CSV
            row_number += 1
            malformed.append(Malformed(row_number, start, raw, [], rule, str(error)))
            continue
        raw = lines.take()
        if not fields:
            continue  # a blank line is not a row
        row_number += 1
        if len(fields) != len(header):
            detail = f"{len(fields)} fields, the header has {len(header)}"
            malformed.append(Malformed(row_number, start, raw, fields, RULE_FIELD_COUNT, detail))
        # A field is never longer than its line, nor holds a character its line does not: the
        # line is looked at once, the fields only when it fails (a profile's hot spot).
        elif len(raw) > MAX_FIELD_CHARS and any(len(value) > MAX_FIELD_CHARS for value in fields):
            longest = max(len(value) for value in fields)
            detail = f"a field of {longest:,} characters"
            malformed.append(Malformed(row_number, start, raw, fields, RULE_FIELD_SIZE, detail))
        elif CONTROL_CHARACTERS.search(raw) and any(
            CONTROL_CHARACTERS.search(value) for value in fields
        ):
            detail = "a control character in a field"
            malformed.append(Malformed(row_number, start, raw, fields, RULE_CONTROL, detail))
        else:
            rows.append(Record(row_number, start, raw, fields))
    return ParsedFile(header, rows, malformed, bom, "\r\n" in text)
