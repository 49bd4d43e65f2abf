"""The relations between the counts about people a force-extracts paper prints, for the audit
(tests/disclosure_audit.py): each section's figures as sums of atoms, the truth read from the
board's edition of the month and the printed figures from the edition under attack."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reports.phrases import number_word
from tests.disclosure_audit import Audit, Reading, Table, table_starting, tables, text_of

WORDS = {number_word(n): n for n in range(100)}


def _exact(text: str) -> int:
    return int(text.replace(",", ""))


def _word(text: str) -> int:
    return WORDS[text] if text in WORDS else _exact(text)


@dataclass(frozen=True)
class Pages:
    """The board's edition (the truth) and the edition under attack, of one month."""

    board: str
    edition: str

    def tables(self, start: str) -> tuple[Table, Table] | None:
        board = table_starting(tables(self.board), start)
        edition = table_starting(tables(self.edition), start)
        return None if board is None or edition is None else (board, edition)

    def sentence(self, pattern: str) -> tuple[re.Match[str], re.Match[str]] | None:
        """The pattern in the board's words and in the edition's (a count is `(\\S+)`)."""
        board = re.search(pattern, text_of(self.board))
        edition = re.search(pattern, text_of(self.edition))
        return None if board is None or edition is None else (board, edition)


def additive_table(audit: Audit, pages: Pages, start: str, total_row: str, columns: int) -> None:
    """A table whose last row is the sum of the others, column by column (the first `columns`
    count columns, of those printed: a column of nothing is left out of the paper); every row's
    cell is an atom."""
    found = pages.tables(start)
    if found is None:
        return
    board, edition = found
    for c in range(min(columns, len(board.headers) - 1)):
        parts = []
        for label, cells in board.rows.items():
            if label == total_row or cells[c] == "not available":
                continue
            atom = audit.atom(f"{start} | {label} | {board.headers[c + 1]}", _exact(cells[c]))
            audit.printed([atom], edition.rows[label][c], start)
            parts.append(atom)
        if total_row in edition.rows:
            audit.printed(parts, edition.rows[total_row][c], f"{start} total")


def wanted(audit: Audit, pages: Pages) -> list[str]:
    """Risk level by time outstanding, with row and column totals and the sentences' totals;
    returns the atoms of the force's total."""
    found = pages.tables("Wanted suspects outstanding")
    if found is None:
        return []
    board, edition = found
    risks, bands = [r for r in board.rows if r != "All"], range(len(board.headers) - 2)
    atom = {
        (r, b): audit.atom(f"wanted | {r} | {board.headers[b + 1]}", _exact(board.rows[r][b]))
        for r in risks
        for b in bands
    }
    for r in risks:
        for b in bands:
            audit.printed([atom[r, b]], edition.rows[r][b], "wanted cell")
        audit.printed([atom[r, b] for b in bands], edition.rows[r][-1], "wanted row total")
    for b in bands:
        audit.printed([atom[r, b] for r in risks], edition.rows["All"][b], "wanted column")
    everyone = list(atom.values())
    audit.printed(everyone, edition.rows["All"][-1], "wanted total")
    said = pages.sentence(r"(\S+) wanted suspects were outstanding")
    if said:
        audit.printed(everyone, said[1].group(1), "wanted sentence")
    high = pages.sentence(r"(\S+) of them assessed as high risk")
    if high:
        audit.printed([atom["High", b] for b in bands], high[1].group(1), "high risk sentence")
    return everyone


def iom(audit: Audit, pages: Pages) -> tuple[list[str], list[str]]:
    """Members by cohort type and area, entries and exits; returns (members, exits) atoms."""
    found = pages.tables("IOM cohort at the end of")
    if found is None:
        return [], []
    board, edition = found
    kinds = [k for k in board.rows if k != "All"]
    areas = [h for h in board.headers[1:] if h.endswith("members") and not h.startswith("All")]
    members: list[str] = []
    moves: dict[str, list[str]] = {"Entries": [], "Exits": []}
    for k in kinds:
        row = []
        for a in areas:
            c = board.headers.index(a) - 1
            atom = audit.atom(f"iom | {k} | {a}", _exact(board.rows[k][c]))
            audit.printed([atom], edition.rows[k][c], "iom cell")
            row.append(atom)
        audit.printed(row, edition.rows[k][board.headers.index("All members") - 1], "iom row")
        members += row
        for move, atoms in moves.items():
            c = board.headers.index(move) - 1
            atoms.append(audit.atom(f"iom | {k} | {move}", _exact(board.rows[k][c])))
            audit.printed([atoms[-1]], edition.rows[k][c], "iom move")
    for a in areas:
        c = board.headers.index(a) - 1
        column = [m for m in members if m.endswith(f"| {a}")]
        audit.printed(column, edition.rows["All"][c], "iom column")
    audit.printed(members, edition.rows["All"][board.headers.index("All members") - 1], "iom")
    for move, atoms in moves.items():
        audit.printed(atoms, edition.rows["All"][board.headers.index(move) - 1], f"iom {move}")
    said = pages.sentence(
        r"cohort had (\S+) members?; (\S+) (?:person|people) entered the cohort and (\S+) left"
    )
    if said:
        for i, atoms in enumerate((members, moves["Entries"], moves["Exits"]), start=1):
            audit.printed(atoms, said[1].group(i), "iom sentence")
    return members, moves["Exits"]


FIGURES = ("Arrests", "Charges", "Weapons seized")
_RESULTS = r"(\S+) arrests?, (\S+) charges?, (\S+) weapons? seized"


def operations(audit: Audit, pages: Pages) -> None:
    """The month's results by operation with their total and sentences, the 12 months' totals,
    and the highlighted operation's month, 12 months and since it began."""
    found = pages.tables("Proactive operations")
    month: dict[tuple[str, str], str] = {}
    if found:
        board, edition = found
        for label, cells in board.rows.items():
            if label != "All operations":
                for i, figure in enumerate(FIGURES):
                    month[label, figure] = audit.atom(f"ops | {label} | {figure}", _exact(cells[i]))
                    audit.printed([month[label, figure]], edition.rows[label][i], "ops cell")
        for i, figure in enumerate(FIGURES):
            atoms = [a for (_, f), a in month.items() if f == figure]
            audit.printed(atoms, edition.rows["All operations"][i], "ops total")
            said = pages.sentence(r"reported the results of proactive operations: " + _RESULTS)
            if said:
                audit.printed(atoms, said[1].group(i + 1), "ops sentence")
    r12 = pages.sentence(r"the operations' results were " + _RESULTS)
    highlighted = table_pair_ending(pages, ": results")
    for i, figure in enumerate(FIGURES):
        own: list[str] = []
        if highlighted:
            board, edition, name = highlighted
            cells, shown = board.rows[figure], edition.rows[figure]
            m = month.get((name, figure)) or audit.atom(f"gp | {figure} | month", _exact(cells[0]))
            earlier = audit.atom(
                f"gp | {figure} | r12 less month", _exact(cells[1]) - _exact(cells[0])
            )
            before = audit.atom(f"gp | {figure} | before r12", _exact(cells[2]) - _exact(cells[1]))
            audit.printed([m], shown[0], "highlighted month")
            if figure == "Arrests":  # the section's sentences give its 12 months and since
                lead = pages.sentence(
                    rf"12 months to \w+ \d{{4}} came from (?:the )?{name}: (\S+) arrests?"
                )
                since = pages.sentence(rf"{name} has made (\S+) arrests?")
                for said, atoms in ((lead, [m, earlier]), (since, [m, earlier, before])):
                    if said:
                        audit.printed(atoms, said[1].group(1), "highlighted sentence")
            audit.printed([m, earlier], shown[1], "highlighted 12 months")
            audit.printed([m, earlier, before], shown[2], "highlighted since")
            own = [m, earlier]
        if r12:
            total = _exact(r12[0].group(i + 1))
            atoms = [a for (_, f), a in month.items() if f == figure] + own[1:]
            if own and own[0] not in atoms:
                atoms.append(own[0])
            rest = total - sum(audit.truth[a] for a in atoms)
            atoms.append(audit.atom(f"ops | r12 rest | {figure}", rest))
            audit.printed(atoms, r12[1].group(i + 1), "ops 12 months")


def table_pair_ending(pages: Pages, end: str) -> tuple[Table, Table, str] | None:
    board = next((t for c, t in tables(pages.board).items() if c.endswith(end)), None)
    edition = next((t for c, t in tables(pages.edition).items() if c.endswith(end)), None)
    if board is None or edition is None:
        return None
    return board, edition, board.caption.removesuffix(end)


def _board_month_funnel(text: str) -> tuple[int, int, int] | None:
    """(applied, authorised, granted) from the board's words ("three of four DVPNs ...")."""
    if re.search(r"In \w+ \d{4}, no DVPNs were applied for", text):
        return 0, 0, 0
    if one := re.search(r"the one DVPN applied for was (not )?authorised", text):
        applied, authorised = 1, 0 if one.group(1) else 1
    elif none := re.search(r"none of the (\S+) DVPNs applied for was authorised", text):
        applied, authorised = _word(none.group(1)), 0
    elif every := re.search(r"(both|all (\S+)) DVPNs applied for were authorised", text):
        applied = 2 if every.group(1) == "both" else _word(every.group(2))
        authorised = applied
    elif share := re.search(r"(\S+) of (\S+) DVPNs applied for (?:was|were) authorised", text):
        applied, authorised = _word(share.group(2)), _word(share.group(1))
    else:
        return None
    granted = re.search(r"(no|\S+) DVPOs? (?:was|were) granted at court", text)
    assert granted, "the board's DVPN sentence names no DVPOs granted"
    return applied, authorised, 0 if granted.group(1) == "no" else _word(granted.group(1))


def dvpn(audit: Audit, pages: Pages) -> list[str]:
    """The funnel, month and 12 months: each stage at most the one before, the month at most
    the 12 months; returns the atoms of the month's DVPNs applied for."""
    truth = _board_month_funnel(text_of(pages.board))
    printed = re.search(
        r"In \w+ \d{4}, (\S+) DVPNs? (?:was|were) applied for, (\S+) (?:was|were) authorised and "
        r"(\S+) DVPOs? (?:was|were) granted",
        text_of(pages.edition),
    )
    if truth is None:
        return []
    applied, authorised, granted = truth
    g = audit.atom("dvpn month | granted", granted)
    not_granted = audit.atom("dvpn month | authorised, no DVPO granted", authorised - granted)
    refused = audit.atom("dvpn month | not authorised", applied - authorised)
    month = [g, not_granted, refused]
    if printed:
        audit.printed(month, printed.group(1), "dvpn month applied")
        audit.printed([g, not_granted], printed.group(2), "dvpn month authorised")
        audit.printed([g], printed.group(3), "dvpn month granted")
    else:  # the edition words the funnel as the board's does
        audit.stated(month, applied, applied, "dvpn month applied")
        audit.stated([g, not_granted], authorised, authorised, "dvpn month authorised")
        audit.stated([g], granted, granted, "dvpn month granted")
    board = re.search(
        r"(\S+) DVPNs were applied for and (\S+) authorised.*?after (\S+) of the authorised "
        r"notices.*?and (\S+) (?:was|were) granted",
        text_of(pages.board),
    )
    shown = re.search(
        r"12 months to \w+ \d{4}, (\S+) DVPNs? (?:was|were) applied for,? (?:and )?(\S+) "
        r"authorised.*?after (\S+) of the(?: authorised)? notices.*?and (\S+) "
        r"(?:was |were )?granted",
        text_of(pages.edition),
    )
    if board is None or shown is None:
        return month
    a12, u12, d12, g12 = (_exact(board.group(i)) for i in range(1, 5))
    stages = [
        audit.atom("dvpn 12 months | granted", g12),
        audit.atom("dvpn 12 months | DVPO applied for, not granted", d12 - g12),
        audit.atom("dvpn 12 months | authorised, no DVPO applied for", u12 - d12),
        audit.atom("dvpn 12 months | not authorised", a12 - u12),
    ]
    for k in range(1, 5):  # applied, authorised, DVPO applied for, granted
        audit.printed(stages[: 5 - k], shown.group(k), "dvpn 12 months")
    audit.at_least(stages[:1], [g], "the month's DVPOs granted are in the 12 months'")
    audit.at_least(stages[:3], [g, not_granted], "the month's authorised are in the 12 months'")
    audit.at_least(stages, month, "the month's applications are in the 12 months'")
    hearings = pages.sentence(r"\((\S+) hearings?;")
    if hearings and _exact(hearings[0].group(1)) == d12:  # a reader may guess one per DVPO
        audit.printed(stages[:2], hearings[1].group(1), "dvpn hearings")
    return month


def custody(audit: Audit, pages: Pages) -> None:
    additive_table(audit, pages, "Custody by suite", "All suites", 3)
    found = pages.tables("Custody by suite")
    if found is None:
        return
    board, _ = found
    month = []
    for suite in board.rows:
        # the 12 months' column is left out of the paper until it has figures
        m, *y = (f"Custody by suite | {suite} | {h}" for h in board.headers[1:3])
        if m in audit.truth:
            month.append(m)
            if y and y[0] in audit.truth:
                audit.at_least(y, [m], "a suite's month is in its 12 months")
    said = pages.sentence(
        r"In \w+ \d{4}, (\S+) (?:person was|people were) booked into custody after arrest, "
        r"(\S+) bookings? in all"
    )
    if said:
        audit.printed(month, said[1].group(2), "custody sentence")
        people = audit.atom("custody | people, month", _exact(said[0].group(1)))
        audit.printed([people], said[1].group(1), "custody people")


def entrants(audit: Audit, pages: Pages) -> None:
    said = pages.sentence(
        r"In \w+ \d{4}, (\S+) offenders? received a first charge.*?: (\S+) in the North "
        r"and (\S+) in the South"
    )
    if said is None:
        return
    board, edition = said
    north = audit.atom("entrants | North", _exact(board.group(2)))
    south = audit.atom("entrants | South", _exact(board.group(3)))
    rest = _exact(board.group(1)) - audit.truth[north] - audit.truth[south]
    unknown = audit.atom("entrants | area unknown", rest)
    audit.printed([north], edition.group(2), "entrants North")
    audit.printed([south], edition.group(3), "entrants South")
    audit.printed([north, south, unknown], edition.group(1), "entrants month")


def harm_cohort(audit: Audit, pages: Pages) -> None:
    board = re.search(
        r"Of the (\S+) highest-harm offenders of the 12 months to \w+ \d{4}, (none|\S+) (?:is|are) "
        r"in the IOM cohort and (none|\S+) (?:is|are) not",
        text_of(pages.board),
    )
    edition = re.search(
        r"Of the (\S+) highest-harm offenders of the 12 months to \w+ \d{4}, (none|\S+) (?:is|are) "
        r"in the IOM cohort(?: and (none|\S+) (?:is|are) not)?",
        text_of(pages.edition),
    )
    if board is None or edition is None:
        return
    counts = [0 if board.group(i) == "none" else _exact(board.group(i)) for i in (2, 3)]
    inside = audit.atom("highest harm | in the IOM cohort", counts[0])
    outside = audit.atom("highest harm | not in the IOM cohort", counts[1])
    audit.printed([inside, outside], edition.group(1), "highest harm ranked")
    for atom, i in ((inside, 2), (outside, 3)):
        if edition.group(i) == "none":
            audit.stated([atom], 0, 0, "highest harm none")
        elif edition.group(i):
            audit.printed([atom], edition.group(i), "highest harm")


def deliveries(audit: Audit, pages: Pages, same: dict[str, list[str]]) -> None:
    """Rows delivered by extract add up to the month's total; an extract's rows that the board
    shows equal to a count of people (`same`: the DVPN cases, the wanted suspects) are that
    count to a reader too."""
    found = pages.tables("Rows delivered, loaded and rejected")
    if found is None:
        return
    board, edition = found
    atoms = []
    for label, cells in board.rows.items():
        people = same.get(label, [])
        if people and sum(audit.truth[a] for a in people) == _exact(cells[0]):
            atoms += people
            audit.printed(people, edition.rows[label][0], "rows delivered")
            continue
        atoms.append(audit.atom(f"rows delivered | {label}", _exact(cells[0])))
        audit.printed([atoms[-1]], edition.rows[label][0], "rows delivered")
    said = pages.sentence(r"(\S+) rows were delivered for")
    if said:
        audit.printed(atoms, said[1].group(1), "rows delivered sentence")


def audit_paper(board: str, edition: str, reading: Reading) -> Audit:
    """The audit of `edition`, a force-extracts paper, against the board's of the same month."""
    audit, pages = Audit(reading), Pages(board, edition)
    everyone = wanted(audit, pages)
    _members, _exits = iom(audit, pages)
    operations(audit, pages)
    applied = dvpn(audit, pages)
    custody(audit, pages)
    entrants(audit, pages)
    harm_cohort(audit, pages)
    additive_table(audit, pages, "IMU queues at the end of", "All queues", 1)
    same = {"DVPN and DVPO cases": applied, "Outstanding wanted suspects": everyone}
    deliveries(audit, pages, same)
    return audit
