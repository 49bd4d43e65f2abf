"""Settings that protect people cannot be set so that they stop protecting: a small-count
threshold below 2 (or not a whole number) and a short pseudonym key are refused, in one line,
before anything runs."""

from __future__ import annotations

import pytest

from orchestration.cli import main
from pcp_assets.settings import Settings


@pytest.mark.parametrize("value", ["0", "1", "-3", "2.5", "five", " "])
def test_a_threshold_that_would_not_suppress_is_refused_in_one_line(
    value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PCP_SMALL_COUNT_THRESHOLD", value)
    assert main(["status"]) == 2
    output = capsys.readouterr()
    assert output.out == (
        f"pcp: PCP_SMALL_COUNT_THRESHOLD={value.strip()!r} would not suppress small counts: set "
        "a whole number of at least 2 (default 5), or leave it unset\n"
    )
    assert output.err == ""


@pytest.mark.parametrize(("value", "expected"), [("2", 2), ("5", 5), ("10", 10), ("", 5)])
def test_a_threshold_of_two_or_more_is_taken(
    value: str, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PCP_SMALL_COUNT_THRESHOLD", value)
    assert Settings.from_env().small_count_threshold == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "PCP_PSEUDONYM_KEY has 3 characters, fewer than 16: a short key can be guessed"),
        ("x" * 15, "PCP_PSEUDONYM_KEY has 15 characters, fewer than 16"),
        ("a-long-enough-secret\n", "PCP_PSEUDONYM_KEY begins or ends with a space or line end"),
        (" padded-secret-key ", "PCP_PSEUDONYM_KEY begins or ends with a space or line end"),
    ],
)
def test_a_short_or_padded_pseudonym_key_is_refused_without_printing_it(
    value: str, message: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PCP_PSEUDONYM_KEY", value)
    assert main(["status"]) == 2
    out = capsys.readouterr().out
    assert out.startswith(f"pcp: {message}") and out.count("\n") == 1
    assert value.strip() not in out.removeprefix("pcp: PCP_PSEUDONYM_KEY")


def test_a_long_key_is_taken_and_an_empty_one_is_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PCP_PSEUDONYM_KEY", "x" * 16)
    assert Settings.from_env().pseudonym_key == "x" * 16
    monkeypatch.setenv("PCP_PSEUDONYM_KEY", "")
    assert Settings.from_env().pseudonym_key is None
