"""Read plan files from disk: text for YAML, rows of cells for CSV and XLSX."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import openpyxl

from bot.plans.document import PlanError
from bot.plans.values import value_text

Rows = list[list[str]]


def read_text(path: Path, kind: str) -> str:
    """Return the file's text, or raise PlanError if it is binary or not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanError(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from exc
    if b"\x00" in data:
        raise PlanError(f"not a {kind} file: it is binary, not text", file=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError(
            f"not a {kind} file: it is not UTF-8 text (save it as UTF-8, e.g. 'CSV UTF-8')",
            file=str(path),
        ) from exc


def read_csv_rows(path: Path) -> Rows:
    """Return the records of a CSV file as lists of cells (a quoted cell may hold newlines)."""
    text = read_text(path, "CSV")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: Rows = []
    try:
        for record in reader:
            rows.append(record)
    except csv.Error as exc:
        raise PlanError(
            f"not a readable CSV file: {exc}", file=str(path), row=len(rows) + 1
        ) from exc
    return rows


def _delimiter(text: str) -> str:
    """Guess the separator from the first line: Excel uses ';' in some locales."""
    first = text.split("\n", 1)[0]
    if "," in first:
        return ","
    for candidate in ";\t":
        if candidate in first:
            return candidate
    return ","


def read_xlsx_sheets(path: Path) -> list[Rows]:
    """Return every worksheet of an XLSX workbook as rows of cell text."""
    try:
        # openpyxl warns about workbook features it ignores (data validation, styles);
        # they do not change the cell values we read.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any failure of the zip/XML readers means the same to a user
        raise PlanError(
            "not an XLSX file: it cannot be opened as a workbook", file=str(path)
        ) from exc
    try:
        return [
            [[_shown(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        ]
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise PlanError("not an XLSX file: a worksheet cannot be read", file=str(path)) from exc
    finally:
        book.close()


def _shown(value: object) -> str:
    """Return a workbook cell as the text a person sees in the spreadsheet."""
    return value_text(value, yes="TRUE", no="FALSE")
