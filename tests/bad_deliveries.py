"""The corpus of bad deliveries: each kind is a function that spoils a good generated file.

A kind returns `Bad`: the spoiled file's bytes and what the loader must do with it, either refuse
the whole file (`refused`: words the DeliveryError must contain) or load it with the listed rows
quarantined (`rejected`: row number -> a rule that row must be rejected under). Rows are numbered
as the loader numbers them: 1 is the first row after the header, blank lines not counted.
docs/data-quality.md lists the kinds and what happens to each.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from data_contracts.delivery import MAX_FIELD_CHARS


@dataclass(frozen=True)
class Good:
    """A good file of an extract, split into its lines (no line ends); line 0 is the header."""

    extract: str
    lines: list[str]

    @property
    def header(self) -> list[str]:
        return self.lines[0].split(",")

    def fields(self, row: int) -> dict[str, str]:
        return dict(zip(self.header, next(csv.reader([self.lines[row]])), strict=True))

    def row_with(self, row: int, **values: str) -> str:
        """Row `row` with some fields changed, written as a CSV line."""
        fields = self.fields(row) | values
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(fields[c] for c in self.header)
        return out.getvalue()


@dataclass(frozen=True)
class Bad:
    data: bytes
    rejected: dict[int, str] = field(default_factory=dict)
    refused: tuple[str, ...] = ()  # fragments of the DeliveryError message
    preload: tuple[str, ...] = ()  # good files of the same month to load first


def text(lines: list[str], end: str = "\n") -> bytes:
    return (end.join(lines) + end).encode("utf-8")


def replace(good: Good, changes: dict[int, str]) -> list[str]:
    return [changes.get(i, line) for i, line in enumerate(good.lines)]


def spoil(good: Good, rule: str, rows: tuple[int, ...], **values: str) -> Bad:
    """Set fields of some rows to bad values; each row must be rejected under `rule`."""
    lines = replace(good, {row: good.row_with(row, **values) for row in rows})
    return Bad(text(lines), rejected=dict.fromkeys(rows, rule))


def columns_reordered(lines: list[str], order: list[int]) -> list[str]:
    out = []
    for row in csv.reader(lines):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(row[i] for i in order)
        out.append(buffer.getvalue())
    return out


# --- whole-file problems: refused --------------------------------------------------------------


def missing_column(good: Good) -> Bad:
    drop = good.header.index("status")
    keep = [i for i in range(len(good.header)) if i != drop]
    return Bad(
        text(columns_reordered(good.lines, keep)),
        refused=("row 1 (header)", "crimes contract", "missing column 'status'"),
    )


def extra_column(good: Good) -> Bad:
    lines = [good.lines[0] + ",officer_id", *(line + ",PC123" for line in good.lines[1:])]
    return Bad(text(lines), refused=("row 1 (header)", "unexpected column 'officer_id'"))


def renamed_column(good: Good) -> Bad:
    lines = [good.lines[0].replace("outcome_date", "date_of_outcome"), *good.lines[1:]]
    return Bad(
        text(lines),
        refused=(
            "row 1 (header)",
            "missing column 'outcome_date'",
            "unexpected column 'date_of_outcome'",
        ),
    )


def duplicated_column(good: Good) -> Bad:
    lines = [good.lines[0].replace("district", "area"), *good.lines[1:]]
    return Bad(text(lines), refused=("row 1 (header)", "duplicate column 'area'"))


def semicolon_delimiter(good: Good) -> Bad:
    lines = [";".join(row) for row in csv.reader(good.lines)]
    return Bad(text(lines), refused=("row 1 (header)", "fields separated by commas", "semicolons"))


def tab_delimiter(good: Good) -> Bad:
    lines = ["\t".join(row) for row in csv.reader(good.lines)]
    return Bad(text(lines), refused=("row 1 (header)", "fields separated by commas", "tabs"))


def windows_1252(good: Good) -> Bad:
    """Exported from a Windows tool: 'café' as the single byte 0xE9 on line 11 (row 10)."""
    lines = replace(good, {10: good.row_with(10, offence_description="Theft from a café")})
    data = "\n".join(lines).encode("cp1252") + b"\n"
    return Bad(data, refused=("line 11", "file is UTF-8", "0xE9", "byte offset"))


def empty_file(good: Good) -> Bad:
    return Bad(b"", refused=("row 1 (header)", "file starts with a header row", "empty"))


def unclosed_quote(good: Good) -> Bad:
    """A quote opened mid-file and never closed: where rows end can no longer be told."""
    lines = replace(good, {20: good.row_with(20).replace(",", ',"', 1)})
    return Bad(text(lines), refused=("line 21", "every quoted field is closed"))


def gzip_named_csv(good: Good) -> Bad:
    """A compressed export saved under the plain name."""
    return Bad(gzip.compress(text(good.lines)), refused=("file is CSV text", "gzip-compressed"))


def zip_named_csv(good: Good) -> Bad:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("2026-10.csv", text(good.lines))
    return Bad(buffer.getvalue(), refused=("file is CSV text", "zip archive"))


def utf16_export(good: Good) -> Bad:
    """Excel's "Unicode text": UTF-16 with its byte-order mark."""
    data = codecs.BOM_UTF16_LE + "\n".join(good.lines).encode("utf-16-le")
    return Bad(data, refused=("file is CSV text", "UTF-16 text"))


def utf16_without_mark(good: Good) -> Bad:
    data = "\n".join(good.lines).encode("utf-16-be")
    return Bad(data, refused=("file is CSV text", "without a byte-order mark"))


def another_forces_file(good: Good) -> Bad:
    """Every row of another force: a misplaced delivery, refused whole (the month stays)."""
    lines = [
        good.lines[0],
        *(line.replace("midshire,", "northshire,", 1) for line in good.lines[1:]),
    ]
    return Bad(text(lines), refused=("holds no rows of midshire", "'northshire'"))


def invisible_character_in_header(good: Good) -> Bad:
    """A zero-width space after a name: the message quotes the name so that it shows."""
    lines = [good.lines[0].replace("crime_ref", "crime_ref\u200b"), *good.lines[1:]]
    return Bad(text(lines), refused=(r"unexpected column 'crime_ref\u200b'",))


# --- accepted as they are -----------------------------------------------------------------------


def spaces_around_values(good: Good) -> Bad:
    """Padded keys (`'midshire '`, a non-breaking space before an LSOA) load trimmed: the one
    normalisation, so no padded value is ever stored as a new key."""
    changes = {
        row: good.row_with(
            row,
            force_id="midshire ",
            lsoa_code="\u00a0" + good.fields(row)["lsoa_code"],
            crime_ref=" " + good.fields(row)["crime_ref"] + "\t",
        )
        for row in range(1, 51)
    }
    return Bad(text(replace(good, changes)))


def spaces_around_header_names(good: Good) -> Bad:
    lines = [", ".join(good.header), *good.lines[1:]]
    return Bad(text(lines))


def reordered_columns(good: Good) -> Bad:
    order = list(reversed(range(len(good.header))))
    return Bad(text(columns_reordered(good.lines, order)))


def byte_order_mark(good: Good) -> Bad:
    return Bad(b"\xef\xbb\xbf" + text(good.lines))


def crlf_line_ends(good: Good) -> Bad:
    return Bad(text(good.lines, end="\r\n"))


def header_only(good: Good) -> Bad:
    return Bad(text(good.lines[:1]))


def blank_lines(good: Good) -> Bad:
    """Blank lines (here one mid-file and two at the end) are not rows."""
    return Bad(text([*good.lines[:30], "", *good.lines[30:], "", ""]))


def quotes_and_newlines_in_a_field(good: Good) -> Bad:
    value = 'Caller said "he\'s got a knife",\nthen the line went dead'
    lines = replace(good, {7: good.row_with(7, offence_description=value)})
    return Bad(text(lines))


# --- row problems: the bad rows quarantined, the rest loaded ------------------------------------


def rows_of_another_force(good: Good) -> Bad:
    """A file mixing forces: the other force's rows are quarantined, never stored under it."""
    return spoil(good, "force_id is midshire", (4, 17), force_id="northshire")


def unknown_lsoa(good: Good) -> Bad:
    return spoil(good, "lsoa_code is in area_lookup or is blank", (6, 8), lsoa_code="E01999999")


def unknown_beat(good: Good) -> Bad:
    return spoil(good, "beat_code is in area_lookup or is blank", (3,), beat_code="XX99")


def reference_with_a_space_inside(good: Good) -> Bad:
    rule = "crime_ref is a reference (letters, digits, / _ . -; at most 40)"
    return spoil(good, rule, (11,), crime_ref="MS/26 004711")


def reference_with_an_invisible_character(good: Good) -> Bad:
    rule = "incident_ref is a reference (letters, digits, / _ . -; at most 40)"
    return spoil(good, rule, (13,), incident_ref="INC\u200b" + good.fields(13)["incident_ref"])


def nul_byte_in_a_row(good: Good) -> Bad:
    lines = replace(good, {21: good.lines[21].replace(",", ",\x00", 1)})
    return Bad(text(lines), rejected={21: "no control characters (such as NUL) in a field"})


FIELD_COUNT = "row has as many fields as the header"


def truncated_last_line(good: Good) -> Bad:
    last = len(good.lines) - 1
    lines = [*good.lines[:-1], good.lines[-1][: len(good.lines[-1]) // 2]]
    return Bad(("\n".join(lines)).encode("utf-8"), rejected={last: FIELD_COUNT})


def truncated_inside_quotes(good: Good) -> Bad:
    """The export stopped inside a quoted field on its last line."""
    last = len(good.lines) - 1
    cut = good.row_with(last, offence_description="Assault, with injury").rsplit(",", 4)[0]
    lines = [*good.lines[:-1], cut[: cut.index('"') + 8]]
    return Bad(("\n".join(lines)).encode("utf-8"), rejected={last: "quotes well-formed"})


def too_many_fields(good: Good) -> Bad:
    lines = replace(good, {12: good.lines[12] + ",spare", 40: good.lines[40] + ",,"})
    return Bad(text(lines), rejected={12: FIELD_COUNT, 40: FIELD_COUNT})


def too_few_fields(good: Good) -> Bad:
    lines = replace(good, {9: good.lines[9].rsplit(",", 1)[0]})
    return Bad(text(lines), rejected={9: FIELD_COUNT})


def stray_quote(good: Good) -> Bad:
    """A quoted field with text after its closing quote."""
    fields = good.fields(15)
    lines = replace(good, {15: good.lines[15].replace(fields["crime_ref"], '"X"Y', 1)})
    return Bad(text(lines), rejected={15: "quotes well-formed"})


def huge_field(good: Good) -> Bad:
    description = "A" * (1 << 20)  # 1 MB
    lines = replace(good, {25: good.row_with(25, offence_description=description)})
    return Bad(text(lines), rejected={25: f"every field at most {MAX_FIELD_CHARS:,} characters"})


def long_field_under_the_limit(good: Good) -> Bad:
    lines = replace(good, {26: good.row_with(26, offence_description="B" * MAX_FIELD_CHARS)})
    return Bad(text(lines))


def duplicate_key_in_file(good: Good) -> Bad:
    """Row 3 delivered again as the last row: the first wins."""
    lines = [*good.lines, good.lines[3]]
    return Bad(text(lines), rejected={len(lines) - 1: "crime_ref unique in file"})


def blank_key(good: Good) -> Bad:
    return spoil(good, "incident_ref not blank", (5,), incident_ref="")


def unknown_offence_code(good: Good) -> Bad:
    return spoil(good, "offence_code is a known Home Office code", (4, 50), offence_code="ZZ9")


def unknown_outcome_type(good: Good) -> Bad:
    lines = replace(
        good, {6: good.row_with(6, outcome_type="23"), 8: good.row_with(8, outcome_type="07")}
    )
    rule = "outcome_type is an integer 1..22"
    return Bad(text(lines), rejected={6: rule, 8: rule})


def bad_flag(good: Good) -> Bad:
    return spoil(good, "domestic_abuse is Y or N", (11,), domestic_abuse="yes")


def unknown_grade(good: Good) -> Bad:
    return spoil(good, "grade in {immediate, prompt, scheduled}", (13,), grade="urgent")


def unparseable_date(good: Good) -> Bad:
    return spoil(good, "call_at parses as YYYY-MM-DD HH:MM:SS", (14,), call_at="31/10/2026 10:00")


def impossible_date(good: Good) -> Bad:
    return spoil(good, "outcome_date parses as YYYY-MM-DD", (3,), outcome_date="2026-10-32")


def future_date(good: Good) -> Bad:
    return spoil(good, "recorded_at within 2026-10", (17,), recorded_at="2027-01-05 10:00:00")


def date_outside_month(good: Good) -> Bad:
    return spoil(good, "outcome_date within 2026-10", (10,), outcome_date="2026-09-30")


def arrival_before_call(good: Good) -> Bad:
    fields = good.fields(18)
    day = fields["call_at"][:10]
    return spoil(
        good,
        "arrived_at not before call_at",
        (18,),
        call_at=f"{day} 12:00:00",
        arrived_at=f"{day} 11:59:00",
    )


def absurd_attendance(good: Good) -> Bad:
    fields = good.fields(19)
    return spoil(
        good,
        "attendance under 7 days",
        (19,),
        call_at=fields["call_at"][:10] + " 08:00:00",
        arrived_at="2026-12-25 08:00:00",
    )


# --- custody -------------------------------------------------------------------------------------


def biometric_taken_but_not_eligible(good: Good) -> Bad:
    return spoil(good, "dna_taken only where dna_eligible", (5,), dna_eligible="N", dna_taken="Y")


def detention_past_the_pace_limit(good: Good) -> Bad:
    day = good.fields(6)["booked_in_at"][:10]
    return spoil(
        good,
        "detention at most 96 hours",
        (6,),
        booked_in_at=f"{day} 08:00:00",
        released_at="2026-11-20 08:00:00",
    )


def unknown_custody_suite(good: Good) -> Bad:
    return spoil(
        good, "suite is a custody suite of midshire", (7,), suite="Thorpe Wood Custody Centre"
    )


# --- dvpn_dvpo -----------------------------------------------------------------------------------

# A case that keeps every rule: authorised on Tuesday 6 October 2026, heard the next day, granted.
_DVPO_GRANTED = {
    "dvpn_applied_at": "2026-10-06 08:00:00",
    "dvpn_decision": "authorised",
    "authorising_rank": "superintendent",
    "dvpn_decided_at": "2026-10-06 09:00:00",
    "dvpo_applied": "Y",
    "court_hearing_at": "2026-10-07 10:00:00",
    "dvpo_outcome": "granted",
    "order_length_days": "28",
}


def dvpo_hearing_after_48_hours(good: Good) -> Bad:
    rule = "court hearing within 48 hours of authorisation (Sundays and holidays not counted)"
    late = _DVPO_GRANTED | {"court_hearing_at": "2026-10-09 10:00:00"}  # a Friday: 73 hours
    return spoil(good, rule, (1,), **late)


def dvpo_after_a_refused_dvpn(good: Good) -> Bad:
    refused = _DVPO_GRANTED | {"dvpn_decision": "refused"}
    return spoil(good, "dvpo_applied only after an authorised DVPN", (2,), **refused)


def order_length_outside_the_law(good: Good) -> Bad:
    too_long = _DVPO_GRANTED | {"order_length_days": "35"}
    return spoil(good, "order_length_days 14 to 28 when granted, blank otherwise", (3,), **too_long)


# --- case_files ----------------------------------------------------------------------------------


def rejected_court_file(good: Good) -> Bad:
    return spoil(
        good,
        "rejected only for cps_advice files with a decision",
        (2,),
        file_type="court_file",
        cps_decision_date="",
        rejected="Y",
    )


def unknown_error_category(good: Good) -> Bad:
    return spoil(
        good,
        "error_categories blank or ;-separated from {disclosure, evidence, format, timeliness}",
        (3,),
        assessed="Y",
        error_categories="evidence;spelling",
    )


def decision_before_submission(good: Good) -> Bad:
    return spoil(
        good,
        "cps_decision_date not before submitted_date",
        (5,),
        file_type="cps_advice",
        submitted_date="2026-10-20",
        assessed="N",
        error_categories="",
        cps_decision_date="2026-10-10",
        rejected="N",
    )


# --- imu_queue -----------------------------------------------------------------------------------


def snapshot_not_month_end(good: Good) -> Bad:
    return spoil(
        good, "snapshot_date is 2026-10-31 (the month's last day)", (2,), snapshot_date="2026-10-30"
    )


def negative_queue_count(good: Good) -> Bad:
    return spoil(good, "open_items is a whole number from 0 to 100,000", (3,), open_items="-5")


def unknown_queue(good: Good) -> Bad:
    rule = (
        "queue in {crime_allocation, crime_review, file_preparation, intelligence, victim_updates}"
    )
    return spoil(good, rule, (4,), queue="crime_triage")


# --- outstanding_suspects ------------------------------------------------------------------------


def wanted_after_snapshot(good: Good) -> Bad:
    return spoil(good, "wanted_since not after snapshot_date", (2,), wanted_since="2026-11-05")


def unknown_risk_level(good: Good) -> Bad:
    return spoil(good, "risk_level in {high, medium, low}", (3,), risk_level="very high")


def blank_nominal_id(good: Good) -> Bad:
    return spoil(good, "nominal_id not blank", (4,), nominal_id="")


# --- operations ----------------------------------------------------------------------------------


def amount_with_currency_sign(good: Good) -> Bad:
    return spoil(
        good,
        "cash_seized is an amount in pounds from 0 to 100,000,000",
        (1,),
        cash_seized="£1,250.00",
    )


def month_start_not_first_day(good: Good) -> Bad:
    return spoil(
        good, "month_start is 2026-10-01 (the month's first day)", (2,), month_start="2026-10-15"
    )


def fractional_arrests(good: Good) -> Bad:
    return spoil(good, "arrests is a whole number from 0 to 10,000", (3,), arrests="2.5")


# --- offender_links -----------------------------------------------------------------------------


def unknown_role(good: Good) -> Bad:
    return spoil(good, "role in {suspect, offender}", (5,), role="witness")


def link_outside_month(good: Good) -> Bad:
    return spoil(good, "linked_at within 2026-10", (8,), linked_at="2026-09-30 23:59:59")


def blank_link_nominal_id(good: Good) -> Bad:
    return spoil(good, "nominal_id not blank", (6,), nominal_id="")


# --- iom_cohort ---------------------------------------------------------------------------------


def snapshot_not_at_month_end(good: Good) -> Bad:
    return spoil(good, "snapshot_date is 2026-10-31", (4,), snapshot_date="2026-10-15")


def exit_before_entry(good: Good) -> Bad:
    return spoil(
        good,
        "exit_date not before entry_date",
        (3,),
        entry_date="2026-10-20",
        exit_date="2026-10-01",
    )


def unknown_cohort_type(good: Good) -> Bad:
    return spoil(good, "cohort_type in {fixed, flex, free}", (7,), cohort_type="fixed term")


Kind = Callable[[Good], Bad]

# kind -> the extract whose 2026-10 file it spoils
CORPUS: dict[Kind, str] = {
    missing_column: "crimes",
    extra_column: "incidents",
    renamed_column: "outcomes",
    duplicated_column: "crimes",
    semicolon_delimiter: "outcomes",
    tab_delimiter: "incidents",
    windows_1252: "crimes",
    empty_file: "incidents",
    unclosed_quote: "crimes",
    reordered_columns: "crimes",
    byte_order_mark: "outcomes",
    crlf_line_ends: "incidents",
    header_only: "crimes",
    blank_lines: "outcomes",
    quotes_and_newlines_in_a_field: "crimes",
    truncated_last_line: "crimes",
    truncated_inside_quotes: "crimes",
    too_many_fields: "incidents",
    too_few_fields: "outcomes",
    stray_quote: "crimes",
    huge_field: "crimes",
    long_field_under_the_limit: "crimes",
    duplicate_key_in_file: "crimes",
    blank_key: "incidents",
    unknown_offence_code: "crimes",
    unknown_outcome_type: "outcomes",
    bad_flag: "crimes",
    unknown_grade: "incidents",
    unparseable_date: "incidents",
    impossible_date: "outcomes",
    future_date: "crimes",
    date_outside_month: "outcomes",
    arrival_before_call: "incidents",
    absurd_attendance: "incidents",
    gzip_named_csv: "crimes",
    zip_named_csv: "outcomes",
    utf16_export: "incidents",
    utf16_without_mark: "crimes",
    another_forces_file: "outcomes",
    invisible_character_in_header: "crimes",
    spaces_around_values: "crimes",
    spaces_around_header_names: "incidents",
    rows_of_another_force: "crimes",
    unknown_lsoa: "crimes",
    unknown_beat: "incidents",
    reference_with_a_space_inside: "crimes",
    reference_with_an_invisible_character: "incidents",
    nul_byte_in_a_row: "outcomes",
    # custody
    biometric_taken_but_not_eligible: "custody",
    detention_past_the_pace_limit: "custody",
    unknown_custody_suite: "custody",
    # dvpn_dvpo
    dvpo_hearing_after_48_hours: "dvpn_dvpo",
    dvpo_after_a_refused_dvpn: "dvpn_dvpo",
    order_length_outside_the_law: "dvpn_dvpo",
    # case_files
    rejected_court_file: "case_files",
    unknown_error_category: "case_files",
    decision_before_submission: "case_files",
    # imu_queue
    snapshot_not_month_end: "imu_queue",
    negative_queue_count: "imu_queue",
    unknown_queue: "imu_queue",
    # outstanding_suspects
    wanted_after_snapshot: "outstanding_suspects",
    unknown_risk_level: "outstanding_suspects",
    blank_nominal_id: "outstanding_suspects",
    # operations
    amount_with_currency_sign: "operations",
    month_start_not_first_day: "operations",
    fractional_arrests: "operations",
    # offender_links
    unknown_role: "offender_links",
    link_outside_month: "offender_links",
    blank_link_nominal_id: "offender_links",
    # iom_cohort
    snapshot_not_at_month_end: "iom_cohort",
    exit_before_entry: "iom_cohort",
    unknown_cohort_type: "iom_cohort",
}
