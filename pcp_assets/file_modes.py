"""Who may read what the pipeline writes (PCP_FILE_MODE; docs/personal-data.md).

The warehouse holds names and dates of birth in `raw` and rejected rows' text; the Dagster home
the run's events; the logs what failed; the board's edition of the paper restricted commentary.
So each process that writes (the `pcp` command, the Dagster code location, what `pcp ui` starts)
sets its umask once, at start, and every file it or a library in it creates (DuckDB, dbt, Dagster's
SQLite, Great Expectations, the papers) follows:

- `group` (the default): files 0640, folders 0750: the owner writes, the pipeline's group reads.
- `private`: files 0600, folders 0700: the owner alone.

What is for circulation is opened explicitly: the published edition (`board_paper_published.*`)
and the published marts (`<published>/releases/...`) are 0644 in 0755 folders, as are the folders
from the reports folder down to a month's papers (which list the board's files, not open them).
"""

from __future__ import annotations

import os
from pathlib import Path

UMASKS = {"group": 0o027, "private": 0o077}
PUBLIC_FILE = 0o644
PUBLIC_FOLDER = 0o755


def checked_file_mode(value: str) -> str:
    if value not in UMASKS:
        raise ValueError(
            f"PCP_FILE_MODE={value!r} is not a file mode: set {' or '.join(UMASKS)} (default group)"
        )
    return value


def restrict_new_files(file_mode: str) -> None:
    """This process and what it starts create files and folders as `file_mode` says."""
    os.umask(UMASKS[file_mode])


def restrict_existing(file_mode: str, paths: list[Path]) -> None:
    """Files written before the umask was set (a warehouse of an earlier version) take the mode
    new ones get."""
    mode = 0o666 & ~UMASKS[file_mode]
    for path in paths:
        if path.is_file() and not path.is_symlink():
            path.chmod(mode)


def open_folders(folder: Path, top: Path) -> None:
    """`folder` and the folders above it up to `top` can be passed and listed by anyone."""
    for part in (folder, *folder.parents):
        if part != top and top not in part.parents:
            return
        part.chmod(PUBLIC_FOLDER)
        if part == top:
            return


def open_tree(root: Path) -> None:
    """Every file under `root` readable by anyone, and every folder passable."""
    root.chmod(PUBLIC_FOLDER)
    for folder, folders, files in os.walk(root):
        for name in folders:
            (Path(folder) / name).chmod(PUBLIC_FOLDER)
        for name in files:
            (Path(folder) / name).chmod(PUBLIC_FILE)
