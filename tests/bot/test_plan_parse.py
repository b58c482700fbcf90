"""Plan files: YAML, CSV and XLSX read into the same PlanDocument; bad files named precisely."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from bot.plans.document import PlanError
from bot.plans.parse import ParsedPlan, parse_plan
from bot.plans.table_cells import clean_text

DATA = Path(__file__).resolve().parents[2] / "bot" / "data"
PLANS = Path(__file__).resolve().parents[1] / "data" / "plans"
HEADER = ["Recommendation", "Action", "Lead Agency", "Target Date"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def parse_rows(tmp_path: Path, rows: list[list[str]], name: str = "plan.csv") -> ParsedPlan:
    return parse_plan(write_csv(tmp_path / name, rows))


def refs(parsed: ParsedPlan) -> list[str]:
    return [a.ref for r in parsed.document.recommendations for a in r.actions]


def plan_error(path: Path) -> PlanError:
    with pytest.raises(PlanError) as caught:
        parse_plan(path)
    assert caught.value.file == str(path)
    return caught.value


# --- the Lily plan ------------------------------------------------------------------


@pytest.fixture(scope="module")
def lily() -> dict[str, ParsedPlan]:
    return {suffix: parse_plan(DATA / f"lily.{suffix}") for suffix in ("yaml", "csv", "xlsx")}


def test_lily_yaml_csv_and_xlsx_give_the_same_plan(lily: dict[str, ParsedPlan]) -> None:
    yaml_doc = lily["yaml"].document
    for suffix in ("csv", "xlsx"):
        doc = lily[suffix].document
        assert doc.recommendations == yaml_doc.recommendations, suffix
        assert doc.review.slug == "lily"
        assert doc.review.title == "Domestic Homicide Review - Lily"
        assert {a.code for a in doc.agencies} == {a.code for a in yaml_doc.agencies}


def test_lily_transcription_matches_the_seed(lily: dict[str, ParsedPlan]) -> None:
    doc = lily["yaml"].document
    assert doc.review.partnership == "Safer Somerset Partnership"
    assert [r.number for r in doc.recommendations] == list(range(1, 9))
    assert [r.theme for r in doc.recommendations] == (
        ["MARAC", "Communication"] + ["Training"] * 3 + ["Other"] * 3
    )
    assert refs(lily["yaml"]) == [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5",
        "4.1", "5.1", "6.1", "6.2", "6.3", "7.1", "8.1",
    ]  # fmt: skip
    targets = [r.actions[0].target for r in doc.recommendations]
    assert targets == [
        "Autumn 2022", "Dec 22", "Summer 2023", "Dec 22", "2023", "Dec 2022", "Implemented",
        "Ongoing",
    ]  # fmt: skip
    rec3 = doc.recommendations[2]
    assert rec3.text.endswith(
        "what professionals can do to challenge it and how this impact "
        "on support to a victim of domestic abuse."
    )
    assert rec3.ownership == ("Police", "SomFT", "CCG")
    assert rec3.actions[2].text == (
        "CCG to promote best practice to GPs about trauma informed approach for supporting "
        "victims of DA."
    )
    assert doc.recommendations[4].ownership == ("Police", "CCG", "SomFT", "ASC")
    assert doc.recommendations[5].actions[0].lead == "SSAB"
    assert doc.recommendations[6].actions[0].text == doc.recommendations[6].text
    leads = {code: agency.leads for code, agency in ((a.code, a) for a in doc.agencies)}
    assert leads["Police"] == ("U0POLICELEAD",)


def test_lily_table_reports_what_it_read_on_its_own(lily: dict[str, ParsedPlan]) -> None:
    notes = " | ".join(lily["csv"].notes)
    assert "recommendation 4: action item 2 is empty; dropped (row 8)" in notes
    assert "recommendation 7 has no separate action; imported as 7.1" in notes
    assert "recommendation 2: 2 unnumbered lines" in notes
    assert lily["yaml"].notes == ()


def test_lily_owners_come_through_the_owner_column(lily: dict[str, ParsedPlan]) -> None:
    owners = {
        a.ref: a.owner for r in lily["xlsx"].document.recommendations for a in r.actions if a.owner
    }
    assert owners == {
        "1.1": "U0SSPOFFICER",
        "1.2": "U0SSPLEAD",
        "6.2": "U0SSABLEAD",
        "6.3": "U0SSABLEAD",
        "8.1": "U0SSPOFFICER",
    }


def test_table_agencies_get_codes_from_names(lily: dict[str, ParsedPlan]) -> None:
    names = {a.code: a.name for a in lily["csv"].document.agencies}
    assert names["SSAB"] == "Somerset Safeguarding Adult Board"
    assert names["ASC"] == "Adult Social Care"
    assert names["SSP"] == "Safer Somerset Partnership"
    assert names["Police"] == ""


# --- table layouts ------------------------------------------------------------------


def test_headers_match_whatever_their_case_spacing_and_spelling(tmp_path: Path) -> None:
    rows = [
        ["No.", "RECOMMENDATION", " action(s) ", "lead  agency", "Key Milestones",
         "TARGET", "Expected outcome", "theme"],
        ["1", "Review the MARAC.", "Complete the review.", "SSP", "• One\n• Two",
         "Autumn 2022", "A better MARAC", "MARAC"],
    ]  # fmt: skip
    action = parse_rows(tmp_path, rows).document.recommendations[0].actions[0]
    assert (action.text, action.lead, action.milestones, action.target, action.outcome) == (
        "Complete the review.", "SSP", ("One", "Two"), "Autumn 2022", "A better MARAC",
    )  # fmt: skip
    assert parse_rows(tmp_path, rows).document.recommendations[0].theme == "MARAC"


def test_markup_in_headers_and_cells_is_stripped(tmp_path: Path) -> None:
    rows = [
        ["<i>Recommendation</i>", "<b>Action</b>", "**Lead Agency**", "Target Date",
         "Compltn date/Outcomes"],
        ["<p><b>Recommendation One</b></p> <p>Review&nbsp;the MARAC.</p>",
         "<ol><li>1. Do this.</li><li>2. Do that.</li></ol>", "<b>SSP</b>", "Dec 22",
         "<p>Done</p>"],
    ]  # fmt: skip
    rec = parse_rows(tmp_path, rows).document.recommendations[0]
    assert (rec.number, rec.text) == (1, "Review the MARAC.")
    assert [a.text for a in rec.actions] == ["Do this.", "Do that."]
    assert rec.actions[0].outcome == "Done"


def test_numbering_styles_and_continuation_lines(tmp_path: Path) -> None:
    cell = "1 First action.\n2. Second action\nruns on here.\n3) Third action.\n\n4 Fourth."
    rows = [HEADER, ["Review it.", cell, "SSP", "2023"]]
    rec = parse_rows(tmp_path, rows).document.recommendations[0]
    assert [(a.ref, a.text) for a in rec.actions] == [
        ("1.1", "First action."),
        ("1.2", "Second action runs on here."),
        ("1.3", "Third action."),
        ("1.4", "Fourth."),
    ]


def test_a_number_out_of_sequence_continues_the_item(tmp_path: Path) -> None:
    cell = "1. Train 20 staff by\n30 September.\n2. Report."
    rec = parse_rows(tmp_path, [HEADER, ["Train.", cell, "SSP", "2023"]]).document
    assert [a.text for a in rec.recommendations[0].actions] == [
        "Train 20 staff by 30 September.",
        "Report.",
    ]


def test_one_unnumbered_action_is_n_1(tmp_path: Path) -> None:
    rows = [HEADER, ["2. Tell the community.", "Run a campaign", "SSP", "Dec 22"]]
    parsed = parse_rows(tmp_path, rows)
    assert refs(parsed) == ["2.1"]
    assert parsed.notes == ()


@pytest.mark.parametrize(
    ("first_cells", "numbers"),
    [
        (["Recommendation Six\nReview the guidance.", "Recommendation 7: Record ethnicity."],
         [6, 7]),
        (["Recommendation One\nReview.", "Recommendation Two:\nTrain."], [1, 2]),
        (["4. Review the guidance.", "5) Record ethnicity."], [4, 5]),
        (["Review the guidance.", "Record ethnicity."], [1, 2]),
        (["Recommendation 3 - Review the guidance.", "Record ethnicity."], [3, 4]),
    ],
)  # fmt: skip
def test_recommendation_numbers_from_the_cell_or_row_order(
    tmp_path: Path, first_cells: list[str], numbers: list[int]
) -> None:
    rows = [HEADER] + [[cell, "Do it.", "SSP", "2023"] for cell in first_cells]
    doc = parse_rows(tmp_path, rows).document
    assert [r.number for r in doc.recommendations] == numbers
    assert all(not r.text.lower().startswith("recommendation") for r in doc.recommendations)
    assert doc.recommendations[0].text == "Review the guidance." or numbers == [1, 2]


def test_ownership_line_names_agencies_and_leaves_the_text(tmp_path: Path) -> None:
    cell = (
        "Recommendation Five\nUnderstand the suicide risk.\n"
        "Ownership; Police, CCG/SomFT and Adult Social Care."
    )
    parsed = parse_rows(tmp_path, [HEADER, [cell, "Train.", "SSP", "2023"]])
    rec = parsed.document.recommendations[0]
    assert rec.text == "Understand the suicide risk."
    assert rec.ownership == ("Police", "CCG", "SomFT", "ASC")
    assert {a.code: a.name for a in parsed.document.agencies}["ASC"] == "Adult Social Care"


def test_lead_agency_is_the_first_named_and_long_names_become_initials(tmp_path: Path) -> None:
    rows = [HEADER] + [
        [f"{n}. Do it.", "Act.", lead, "2023"]
        for n, lead in enumerate(
            ["Safer Somerset Partnership/ agency training", "SSP and agencies", "Police, CCG",
             "Somerset Safeguarding Adult Board"], start=1)
    ]  # fmt: skip
    doc = parse_rows(tmp_path, rows).document
    assert [r.actions[0].lead for r in doc.recommendations] == ["SSP", "SSP", "Police", "SSAB"]


def test_theme_rows_set_the_theme_of_the_recommendations_below(tmp_path: Path) -> None:
    rows = [
        ["", *HEADER],
        ["MARAC", "", "", "", ""],
        ["1", "Review.", "Act.", "SSP", "2023"],
        ["2", "Review again.", "Act.", "SSP", "2023"],
        ["Training", "", "", "", ""],
        ["3", "Train.", "Act.", "SSP", "2023"],
    ]
    doc = parse_rows(tmp_path, rows).document
    assert [(r.number, r.theme) for r in doc.recommendations] == [
        (1, "MARAC"),
        (2, "MARAC"),
        (3, "Training"),
    ]


def test_one_row_per_action_with_a_ref_column(tmp_path: Path) -> None:
    rows = [
        ["Ref", "Recommendation", "Action", "Lead Agency", "Key Milestone", "Target Date",
         "Owner"],
        ["1.1", "Recommendation One\nReview the MARAC.", "Complete the review.", "SSP",
         "Review done", "Autumn 2022", "U0SSPOFFICER"],
        ["1.2", "", "2. Act on it.", "", "", "Dec 22", ""],
        ["2.1", "Train staff.", "Deliver training.", "Police", "", "2023", ""],
    ]  # fmt: skip
    doc = parse_rows(tmp_path, rows).document
    assert [(r.number, r.text) for r in doc.recommendations] == [
        (1, "Review the MARAC."),
        (2, "Train staff."),
    ]
    second = doc.recommendations[0].actions[1]
    # Blank cells of a follow-on row repeat the row above (merged cells read as blank).
    assert (second.ref, second.text, second.lead, second.milestones, second.target) == (
        "1.2", "Act on it.", "SSP", ("Review done",), "Dec 22",
    )  # fmt: skip
    assert second.owner is None
    assert doc.recommendations[1].actions[0].milestones == ()


def test_one_row_per_action_with_the_recommendation_repeated_or_blank(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["1. Review the MARAC.", "Complete the review.", "SSP", "Autumn 2022"],
        ["1. Review the MARAC.", "Act on it.", "SSP", "Dec 22"],
        ["", "Check it worked.", "SSP", "2023"],
        ["2. Train staff.", "Deliver training.", "Police", "2023"],
    ]
    parsed = parse_rows(tmp_path, rows)
    assert refs(parsed) == ["1.1", "1.2", "1.3", "2.1"]
    assert parsed.document.recommendations[0].actions[2].text == "Check it worked."


def test_a_repeated_header_row_and_title_rows_are_skipped(tmp_path: Path) -> None:
    rows = [
        ["SAFER SOMERSET PARTNERSHIP - ACTION PLAN"],
        [],
        HEADER,
        ["1. Review.", "Act.", "SSP", "2023"],
        ["Recommendation", "Action", "Lead agency", "Target date"],
        ["2. Train.", "Act.", "SSP", "2023"],
    ]
    assert refs(parse_rows(tmp_path, rows)) == ["1.1", "2.1"]


def test_empty_action_cell_becomes_the_recommendation_with_a_note(tmp_path: Path) -> None:
    rows = [HEADER, ["Recommendation Seven\nRecord ethnicity.", "", "SSP", "Implemented"]]
    parsed = parse_rows(tmp_path, rows)
    action = parsed.document.recommendations[0].actions[0]
    assert (action.ref, action.text) == ("7.1", "Record ethnicity.")
    assert parsed.notes == (
        "recommendation 7 has no separate action; imported as 7.1 with the recommendation's "
        "text (row 2)",
    )


def test_csv_and_xlsx_of_the_same_rows_agree(tmp_path: Path) -> None:
    rows = [HEADER, ["1. Review.", "1. Act.\n2. Check.", "SSP", "2023"]]
    from_csv = parse_plan(write_csv(tmp_path / "x.csv", rows), review="x")
    from_xlsx = parse_plan(write_xlsx(tmp_path / "x.xlsx", rows), review="x")
    assert from_csv == from_xlsx


def test_xlsx_numbers_and_dates_read_as_people_see_them(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    glossary = book.active
    assert glossary is not None
    glossary.title = "Glossary"
    glossary.append(["SSP", "Safer Somerset Partnership"])
    sheet = book.create_sheet("Plan")
    sheet.append(["No.", *HEADER])
    sheet.append([3, "Review.", "Act.", "SSP", 2023])
    book.save(tmp_path / "plan.xlsx")
    rec = parse_plan(tmp_path / "plan.xlsx").document.recommendations[0]
    assert (rec.number, rec.actions[0].target) == (3, "2023")


def test_review_slug_and_title_from_option_or_file_name(tmp_path: Path) -> None:
    rows = [HEADER, ["Review.", "Act.", "SSP", "2023"]]
    by_name = parse_rows(tmp_path, rows, name="Lily_Plan.csv").document.review
    assert (by_name.slug, by_name.title) == ("lily-plan", "Domestic Homicide Review - Lily Plan")
    by_option = parse_plan(tmp_path / "Lily_Plan.csv", review="rose").document.review
    assert (by_option.slug, by_option.title) == ("rose", "Domestic Homicide Review - Rose")


def test_progress_is_reported_per_row(tmp_path: Path) -> None:
    rows = [HEADER] + [[f"{n}. Review.", "Act.", "SSP", "2023"] for n in range(1, 6)]
    calls: list[tuple[int, int]] = []
    parse_plan(write_csv(tmp_path / "p.csv", rows), progress=lambda d, t: calls.append((d, t)))
    assert calls == [(n, 5) for n in range(1, 6)]


def test_ten_thousand_rows_parse(tmp_path: Path) -> None:
    # How fast is measured in bench/ (make bench), never asserted here.
    rows = [HEADER] + [
        [f"{n}. Review number {n}.", f"1. Act {n}.\n2. Check {n}.", "SSP", "Dec 22"]
        for n in range(1, 10_001)
    ]
    path = write_csv(tmp_path / "big.csv", rows)
    parsed = parse_plan(path)
    assert len(parsed.document.recommendations) == 10_000
    assert refs(parsed)[-1] == "10000.2"


def test_an_exported_plan_reads_back(tmp_path: Path) -> None:
    rows = [
        ["review", "ref", "recommendation", "action", "lead_agency", "owner", "target_text",
         "due_date", "status"],
        ["lily", "1.1", "Review.", "Act.", "SSP", "U0SSPLEAD", "Dec 22", "2022-12-31",
         "complete"],
    ]  # fmt: skip
    parsed = parse_rows(tmp_path, rows)
    action = parsed.document.recommendations[0].actions[0]
    assert (action.ref, action.owner, action.target) == ("1.1", "U0SSPLEAD", "Dec 22")
    assert parsed.notes == (
        "column 'due_date' is also read as 'Target Date'; ignored in favour of 'target_text'",
    )


def test_two_agency_names_with_the_same_initials_are_noted(tmp_path: Path) -> None:
    rows = [[*HEADER, "Ownership"], ["Review.", "Act.", "Adult Social Care", "2023", "Avon Safety"]]
    parsed = parse_rows(tmp_path, rows)
    rec = parsed.document.recommendations[0]
    assert (rec.actions[0].lead, rec.ownership) == ("ASC", ("AS",))
    assert parsed.notes == ()
    rows[1][4] = "Avon Social Care"
    assert parse_rows(tmp_path, rows).notes == (
        "agency code ASC stands for both 'Avon Social Care' and 'Adult Social Care' (row 2); "
        "using 'Avon Social Care'",
    )


# --- YAML -----------------------------------------------------------------------------


def test_yaml_allows_one_string_for_lists_and_empty_optional_keys(tmp_path: Path) -> None:
    path = tmp_path / "rose.yml"
    path.write_text(
        "recommendations:\n"
        "  - number: 1\n"
        "    text: Review.\n"
        "    ownership: SSP\n"
        "    theme:\n"
        "    actions:\n"
        '      - ref: "1.1"\n'
        "        text: Act.\n"
        "        lead: SSP\n"
        "        milestones: One milestone\n"
        "        owner:\n",
        encoding="utf-8",
    )
    doc = parse_plan(path).document
    rec = doc.recommendations[0]
    assert (rec.ownership, rec.theme, rec.actions[0].milestones) == (
        ("SSP",),
        "",
        ("One milestone",),
    )
    assert (doc.review.slug, doc.review.title) == ("rose", "Domestic Homicide Review - Rose")


def test_yaml_review_option_overrides_the_slug() -> None:
    assert parse_plan(DATA / "lily.yaml", review="lily-2").document.review.slug == "lily-2"


def test_yaml_leads_must_be_listed_agencies_when_agencies_are_given(tmp_path: Path) -> None:
    text = (DATA / "lily.yaml").read_text(encoding="utf-8").replace("lead: SSAB", "lead: ssab", 1)
    path = tmp_path / "lily.yaml"
    path.write_text(text, encoding="utf-8")
    error = plan_error(path)
    assert error.column == "recommendations[5].actions[0].lead"
    assert "did you mean SSAB?" in error.message
    assert text.splitlines()[error.row - 1].strip() == "lead: ssab"  # type: ignore[operator]


def test_yaml_validation_errors_name_the_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "review: {slug: bad, title: Bad}\n"
        "recommendations:\n"
        "  - number: 1\n"
        "    text: Review.\n"
        "    actions:\n"
        '      - ref: "1.1"\n'
        "        text: Act.\n"
        "        lead: SSP\n"
        "        owner: jane\n",
        encoding="utf-8",
    )
    error = plan_error(path)
    assert (error.row, error.column) == (9, "recommendations[0].actions[0].owner")
    assert "not a Slack user ID" in error.message
    path.write_text(path.read_text(encoding="utf-8").replace("        lead: SSP\n", ""), "utf-8")
    error = plan_error(path)
    assert (error.row, error.column) == (6, "recommendations[0].actions[0].lead")
    assert error.message == "missing 'lead' (and 1 more problem(s))"


# --- bad files ------------------------------------------------------------------------


def test_missing_required_column() -> None:
    error = plan_error(PLANS / "missing_action_column.csv")
    assert (error.row, error.column) == (1, "Action")
    assert "missing required column" in error.message


def test_missing_required_column_in_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", [["Recommendation", "Action", "Lead Agency"]])
    error = plan_error(path)
    assert (error.row, error.column) == (1, "Target Date")


def test_row_without_action_text_in_one_row_per_action_layout() -> None:
    error = plan_error(PLANS / "no_action_text.csv")
    assert (error.row, error.column) == (3, "Action")


def test_owner_that_is_not_a_slack_user_id() -> None:
    error = plan_error(PLANS / "bad_owner.csv")
    assert (error.row, error.column) == (3, "Owner")
    assert "'jane.smith' is not a Slack user ID" in error.message


def test_numbered_owner_line_for_a_missing_action(tmp_path: Path) -> None:
    rows = [[*HEADER, "Owner"], ["Review.", "1. Act.", "SSP", "2023", "2 U0SSPLEAD"]]
    error = plan_error(write_csv(tmp_path / "p.csv", rows))
    assert (error.row, error.column) == (2, "Owner")


def test_duplicate_ref_in_a_table() -> None:
    error = plan_error(PLANS / "duplicate_ref.csv")
    assert (error.row, error.column) == (4, "Ref")
    assert "duplicate ref 1.2 (also row 3)" in error.message


def test_duplicate_recommendation_number_in_a_table(tmp_path: Path) -> None:
    rows = [HEADER, ["1. Review.", "Act.", "SSP", "2023"], ["1. Train.", "Act.", "SSP", "2023"]]
    error = plan_error(write_csv(tmp_path / "p.csv", rows))
    assert (error.row, error.column) == (3, "Recommendation")


def test_duplicate_ref_in_yaml() -> None:
    error = plan_error(PLANS / "duplicate_ref.yaml")
    assert (error.row, error.column) == (11, "recommendations[0].actions[1].ref")
    assert "duplicate ref 1.1" in error.message


def test_yaml_float_ref_must_be_quoted() -> None:
    error = plan_error(PLANS / "float_ref.yaml")
    assert (error.row, error.column) == (8, "recommendations[0].actions[0].ref")
    assert 'put it in quotes, like ref: "1.1"' in error.message


def test_unsupported_suffix() -> None:
    error = plan_error(PLANS / "not_a_plan.txt")
    assert "not a CSV/XLSX/YAML file" in error.message


def test_binary_csv() -> None:
    error = plan_error(PLANS / "binary.csv")
    assert error.message == "not a CSV file: it is binary, not text"
    assert (error.row, error.column) == (None, None)


@pytest.mark.parametrize(
    ("name", "message"),
    [("binary.xlsx", "not an XLSX file"), ("binary.yaml", "not a YAML file")],
)
def test_binary_file_with_another_plan_suffix(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes((PLANS / "binary.csv").read_bytes())
    assert plan_error(path).message.startswith(message)


def test_csv_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes((PLANS / "duplicate_ref.csv").read_bytes())
    assert plan_error(path).message.startswith("not an XLSX file")


def test_non_utf8_csv(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes("Recommendation,Action\nCaf\u00e9,Act\n".encode("cp1252"))
    assert "not UTF-8" in plan_error(path).message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("review:\n  slug: x\n  title: [unclosed\n", encoding="utf-8")
    assert plan_error(path).row is not None


def test_missing_file(tmp_path: Path) -> None:
    assert plan_error(tmp_path / "nowhere.csv").message == "no such file"


def test_an_imported_cell_reads_as_one_clean_line() -> None:
    assert clean_text("<p>**Review** the&nbsp;policy</p>\n\n## by  March<br>2023") == (
        "Review the policy by March 2023"
    )
    assert clean_text("  \n ") == ""


def test_xlsx_flags_and_timestamps_read_as_people_see_them(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["Review.", "Act.", "SSP", datetime(2023, 8, 31)])
    sheet.append([True, "Act.", "SSP", datetime(2023, 8, 31, 9, 30)])
    book.save(tmp_path / "plan.xlsx")
    recs = parse_plan(tmp_path / "plan.xlsx").document.recommendations
    assert [rec.actions[0].target for rec in recs] == ["2023-08-31", "2023-08-31 09:30:00"]
    assert recs[1].text == "TRUE"


def test_an_action_text_starting_with_its_ref_gives_the_ref(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["5. Train staff.", "5.1 Deliver training.", "SSP", "2023"],
        ["", "5.10 Audit the training.", "SSP", "Autumn 2022 (by 2022-11-30)"],
        ["", "Check it worked.", "SSP", "2023"],
        ["6. Review.", "6.2: Act on it.", "SSP", "2023"],
    ]
    parsed = parse_rows(tmp_path, rows)
    assert refs(parsed) == ["5.1", "5.10", "5.11", "6.2"]
    actions = [a for r in parsed.document.recommendations for a in r.actions]
    assert [a.text for a in actions[:4]] == [
        "Deliver training.",
        "Audit the training.",
        "Check it worked.",
        "Act on it.",
    ]
    # The due date the exports add after a target's text is not part of the target.
    assert actions[1].target == "Autumn 2022"
