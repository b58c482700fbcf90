"""Texts that must be refused for what they hold, and ordinary update texts that must pass."""

from __future__ import annotations

import pytest

from bot.safety.sensitive import (
    DATE_OF_BIRTH,
    NHS_NUMBER,
    PHONE_NUMBER,
    POSTCODE,
    PROTECTED_NAME,
    ProtectedName,
    find_in_any,
    find_sensitive,
    holds_name,
    is_nhs_number,
)

NAMES = (
    ProtectedName("Joanne Whitcombe", "Lily"),
    ProtectedName("Darren Pike", "Adult A"),
    ProtectedName("Mark Oduya", "Child B"),
    ProtectedName("Kezia", "Sister C"),
)

REFUSED = [
    ("Spoke to Joanne Whitcombe's GP about the referral", PROTECTED_NAME),
    ("joanne whitcombe's case was discussed at MARAC", PROTECTED_NAME),
    ("JOANNE  WHITCOMBE", PROTECTED_NAME),
    ("Training now uses the Whitcombe case study", PROTECTED_NAME),
    ("Met with Mr Pike's probation officer", PROTECTED_NAME),
    ("Darren was known to three agencies", PROTECTED_NAME),
    ("Letter sent to Kezia about the review", PROTECTED_NAME),
    ("Oduya family consulted on the terms of reference", PROTECTED_NAME),
    ("https://example.org/joanne-whitcombe.pdf", PROTECTED_NAME),
    ("https://x.example/Joanne_Whitcombe/report.pdf", PROTECTED_NAME),
    ("Darren.Pike.statement.docx", PROTECTED_NAME),
    ("Patient NHS no 943 476 5919 flagged on SystmOne", NHS_NUMBER),
    ("NHS number 9434765919 added to the alert", NHS_NUMBER),
    ("ref 943-476-5919 on the record", NHS_NUMBER),
    ("record 4010232137 updated", NHS_NUMBER),
    ("DOB 12/04/1985", DATE_OF_BIRTH),
    ("d.o.b. 3.3.90 confirmed with GP", DATE_OF_BIRTH),
    ("Date of birth: 3 March 1990", DATE_OF_BIRTH),
    ("she was born on 14th February 1978", DATE_OF_BIRTH),
    ("born 1 Jan 2001, so 23 at the time", DATE_OF_BIRTH),
    ("DoB - March 3, 1990", DATE_OF_BIRTH),
    ("date of birth 1990-03-03", DATE_OF_BIRTH),
    ("Call her on 07700 900123 to arrange", PHONE_NUMBER),
    ("mobile 07700900123", PHONE_NUMBER),
    ("+44 7700 900123 is the new number", PHONE_NUMBER),
    ("Ring the family on 01823 123456", PHONE_NUMBER),
    ("office line (020) 7946 0958", PHONE_NUMBER),
    ("+44 (0)20 7946 0958", PHONE_NUMBER),
    ("0044 117 496 0123 abroad", PHONE_NUMBER),
    ("Lives at 4 High Street, Taunton TA1 2AB", POSTCODE),
    ("moved to ta12ab last year", POSTCODE),
    ("address in BS1 4DJ", POSTCODE),
    ("refuge in SW1A 1AA", POSTCODE),
    ("EC1A 1BB office", POSTCODE),
    ("temporary accommodation at M1 1AE", POSTCODE),
]

ALLOWED = [
    "Done on 3 March, slides at https://example.org/slides",
    "https://example.org/joannewhitcombe-free/report-pike-street.pdf",
    "Completed 30/09/2024; 45 staff trained across 3 sessions",
    "Policy DA/2023/0456 revised and signed off by the board",
    "Delayed until end of September: waiting on ICB sign-off",
    "Action 1.2 and 3.4 merged; see lily:2.1",
    "Training delivered to 120 GPs in Q3 2023/24",
    "MARAC referrals up 12% since April",
    "Review of 250 cases completed on 12/04/2024",
    "Helpline number 0808 2000 247 added to the leaflet",
    "Safelives review started; report due Autumn 2025",
    "On track, 3 of 5 sessions delivered",
    "Stuck: waiting on the police data-sharing agreement",
    "Minutes at https://intranet.example.org/minutes/2024-03-12",
    "The audit covered 1,200 records from 2019 to 2023",
    "Invoice 1234567890 paid",  # fails the NHS check digit
    "Meeting room B2 booked for 14:30",
    "Version 2.3.1 of the procedure published",
    "Budget £12,500 agreed for 2024/25",
    "Case numbers 12345 and 67890 audited",
    "New starters trained within 6 weeks of joining",
    "Mark the action complete once the board agrees",
    "May 2024 board agreed the revised pathway",
    "Lily's review actions discussed with Sister C's advocate",
    "Grace period of two weeks given to agencies",
    "Born out of the 2022 review, the pathway is now embedded",
    "Data from 01/04/2023 to 31/03/2024 analysed",
    "Ran 4 sessions in B1 and B2 meeting rooms",
    "Q2 24/25 target met",
    "Hospital IDVA post funded to 31 March 2026",
    "Somerset FT phone triage now screens for DA",
    "Dial 999 in an emergency; 101 otherwise",
    "Attendance: 07 of 10 agencies",
]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_refused(text: str, kind: str) -> None:
    finding = find_sensitive(text, NAMES)
    assert finding is not None, text
    assert finding.kind == kind


@pytest.mark.parametrize("text", ALLOWED)
def test_allowed(text: str) -> None:
    assert find_sensitive(text, NAMES) is None


def test_the_message_names_the_kind_and_the_pseudonym_never_the_name() -> None:
    finding = find_sensitive("Joanne Whitcombe's GP", NAMES)
    assert finding is not None
    assert "protected name" in finding.message and "“Lily”" in finding.message
    assert "Joanne" not in finding.message and "Whitcombe" not in finding.message


def test_first_finding_across_several_texts() -> None:
    assert find_in_any(["fine", None, "DOB 1/2/1990"], NAMES) == find_sensitive("DOB 1/2/1990")
    assert find_in_any(["fine", ""], NAMES) is None


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("9434765919", True), ("4010232137", True), ("9434765918", False), ("0000000000", False)],
)
def test_nhs_modulus_11(digits: str, valid: bool) -> None:
    assert is_nhs_number(digits) is valid


def test_counts() -> None:
    assert len(REFUSED) >= 30 and len(ALLOWED) >= 30


def test_holds_name_is_the_name_alone_not_other_identifiers() -> None:
    assert holds_name("Spoke to Joanne Whitcombe", NAMES)
    assert not holds_name("Call 07700 900123 about it", NAMES)
    assert find_sensitive("Call 07700 900123 about it", NAMES) is not None
