"""``pii``: emails, phones, cards, IBANs and national IDs; validated, not just pattern-matched."""

from __future__ import annotations

import pytest

from conftest import check, fixed


def pii(text: str, locale: str = "en-US", **config):
    return check("pii", text, post={"locale": locale}, **config)


def found(text: str, locale: str = "en-US", **config) -> list[tuple[str, str]]:
    return [(f.rule.removeprefix("t.rule."), f.excerpt) for f in pii(text, locale, **config)]


def test_email() -> None:
    (f,) = pii("DM us or email jane.doe+shop@example.co.uk today")
    assert (f.rule, f.excerpt) == ("t.rule.email", "jane.doe+shop@example.co.uk")
    assert f.message == "Personal data in a public post: email address."


@pytest.mark.parametrize(
    ("text", "locale", "number"),
    [
        ("Call me at (415) 555-2671 tonight", "en-US", "(415) 555-2671"),
        ("Call me at 415-555-2671 tonight", "en-US", "415-555-2671"),
        ("Call +1 415 555 2671", "en-GB", "+1 415 555 2671"),  # international format anywhere
        ("Ring 020 7946 0958 today", "en-GB", "020 7946 0958"),
        ("Ring 07911 123456 today", "en-GB", "07911 123456"),
        ("Ruf an: 030 12345678", "de-DE", "030 12345678"),
        ("Handy: 0151 23456789", "de-DE", "0151 23456789"),
    ],
)
def test_phones_in_their_locale(text: str, locale: str, number: str) -> None:
    assert found(text, locale) == [("phone", number)]


def test_national_format_of_another_country_needs_the_region() -> None:
    assert found("Ruf an: 030 12345678", "en-US") == []
    assert found("Ruf an: 030 12345678", "en-US", regions=["de"]) == [("phone", "030 12345678")]


@pytest.mark.parametrize(
    "text",
    [
        "Black Friday is 2026-11-26, doors open 9am",
        "Sale 2026-11-26 to 2026-11-30, prices from 19.99",
        "Only $1,299.99 (was 1,499.00)",
        "Order 20261126 ships 11/26/2026",
        "Version 10.0.19045.2965 released",
        "ISBN 978-3-16-148410-0",
        "We sold 1,234,567 units",
    ],
)
def test_dates_prices_and_numbers_are_not_pii(text: str) -> None:
    assert pii(text) == []


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("Card 4111 1111 1111 1111 exp 12/27", "4111 1111 1111 1111"),
        ("Card 4111-1111-1111-1111", "4111-1111-1111-1111"),
        ("Card 4111111111111111.", "4111111111111111"),
        ("Amex 3782 822463 10005", "3782 822463 10005"),
        ("MC 5555 5555 5555 4444", "5555 5555 5555 4444"),
    ],
)
def test_luhn_valid_cards(text: str, card: str) -> None:
    assert found(text) == [("card", card)]


def test_luhn_invalid_order_number_is_not_a_card() -> None:
    assert pii("Order 4111 1111 1111 1112 shipped") == []
    assert pii("Order #1234567812345678 shipped") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00 please", "DE89 3704 0044 0532 0130 00"),
        ("IBAN DE89370400440532013000 please", "DE89370400440532013000"),
        ("Pay to GB82 WEST 1234 5698 7654 32.", "GB82 WEST 1234 5698 7654 32"),
    ],
)
def test_valid_iban(text: str, value: str) -> None:
    assert found(text) == [("iban", value)]


def test_invalid_iban_checksum() -> None:
    assert pii("IBAN DE88 3704 0044 0532 0130 00 please") == []


def test_us_ssn() -> None:
    assert found("My SSN is 123-45-6789") == [("national_id", "123-45-6789")]
    assert pii("SSN 000-12-3456") == []  # area 000 is never issued
    assert pii("Call 123-45-67890") == []


def test_uk_nino() -> None:
    assert found("NI number AB 12 34 56 C", "en-GB") == [("national_id", "AB 12 34 56 C")]
    assert found("NI AB123456C", "en-GB") == [("national_id", "AB123456C")]
    assert pii("Ref QQ123456C", "en-GB") == []  # Q is never a first letter
    assert pii("Ref GB123456A", "en-GB") == []  # GB is not an allocated prefix


def test_allow_list() -> None:
    assert pii("Call 1-800-555-0100 for support", allow=["+1 800 555 0100"]) == []
    assert pii("Email SUPPORT@acme.com", allow=["support@acme.com"]) == []
    # an allowed address does not allow every address that ends like it
    assert found("Email evil-support@acme.com", allow=["support@acme.com"]) == [
        ("email", "evil-support@acme.com")
    ]


def test_redact_gives_a_fix() -> None:
    text = "Card 4111 1111 1111 1111, mail jane@x.io"
    fs = pii(text, redact=True)
    assert [f.rule for f in fs] == ["t.rule.card", "t.rule.email"]
    assert (
        fixed(text, fs) == "Card [payment card number removed …1111], mail [email address removed]"
    )


def test_no_fix_without_redact() -> None:
    (f,) = pii("mail jane@x.io")
    assert f.fix is None


def test_detectors_select() -> None:
    text = "Call +1 415 555 2671 or jane@x.io"
    assert found(text, detectors=["email"]) == [("email", "jane@x.io")]
    assert found(text, detectors=["phone"]) == [("phone", "+1 415 555 2671")]


def test_findings_are_sorted_and_do_not_overlap() -> None:
    text = "jane@x.io, 4111 1111 1111 1111, +1 415 555 2671"
    assert [r for r, _ in found(text)] == ["email", "card", "phone"]


def test_fediverse_handles_are_not_emails() -> None:
    assert found("Thanks @textielfan@mastodon.nl and @wol@social.vlaanderen for sharing!") == []
    assert found("Mail textielfan@mastodon.nl") == [("email", "textielfan@mastodon.nl")]


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Fragen? Unsere kostenlose Hotline 0800 123 4567 ist rund um die Uhr da.", "de-DE"),
        ("Notre service client répond au 0 800 84 07 00 (appel gratuit).", "fr-FR"),
        ("Call us free on 1-800-555-0199 any time.", "en-US"),
    ],
)
def test_toll_free_business_lines_are_not_personal(text: str, locale: str) -> None:
    assert found(text, locale) == []


@pytest.mark.parametrize(
    ("text", "locale", "value"),
    [
        ("Zgłoszenie przypisane do numeru PESEL 44051401359, prosimy", "pl-PL", "44051401359"),
        ("Localizamos seu cadastro pelo CPF 390.533.447-05 e o estorno", "pt-BR", "390.533.447-05"),
        ("Uw BSN: 111222333 staat in het dossier", "nl-NL", "111222333"),
    ],
)
def test_context_and_shape_national_ids(text: str, locale: str, value: str) -> None:
    assert ("national_id", value) in found(text, locale)


def test_context_id_needs_a_valid_checksum() -> None:
    assert all(kind != "national_id" for kind, _ in found("Uw BSN: 111222334 staat", "nl-NL"))
