"""``email``: email addresses.

What it does
    Finds ``local@domain.tld`` addresses (RFC 5322's common form: a local part of up to 64
    word characters, dots, plus and hyphen signs; a domain of labels ending in a TLD of letters).
    ``@user@instance`` fediverse handles are not emails.

Why is this bad?
    An email address identifies a person (GDPR Art. 4(1)); in a public reply it invites spam
    and phishing.

Example
    ``"DM us or email jane.doe+shop@example.co.uk"`` -> ``jane.doe+shop@example.co.uk``

Use instead
    "We've sent you a DM"; the brand's own published address goes in the rule's ``allow``.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._lazyre import lazy_re, lazy_regex
from .base import Recognizer, Scan

EMAIL = lazy_regex(
    # not preceded by "@": @user@instance.social is a fediverse handle, not an email
    r"(?<![\w.+@-])[\w.+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])"
)
# found from the "@" (a literal the scan jumps to), not from every word character
EMAIL_HINT = lazy_re(r"@(?<=[\w.+-]@)[A-Za-z0-9]")


#: mailboxes of a role, not a person (RFC 2142, "Mailbox Names for Common Services, Roles and
#: Functions", and the desks companies publish): not personal data (GDPR Art. 4(1) is about an
#: identifiable person), so "email care@acmehealth.com" in a brand's post is its own address
ROLES = frozenset({
    "info", "marketing", "sales", "support", "abuse", "noc", "security", "postmaster",
    "hostmaster", "webmaster", "help", "helpdesk", "care", "customercare", "customer.care",
    "customerservice", "customer.service", "customer-service", "service", "services", "contact",
    "contactus", "hello", "hi", "press", "media", "pr", "news", "newsroom", "ir", "investors",
    "investor", "investor.relations", "investorrelations", "careers", "jobs", "recruiting", "hr",
    "privacy", "dpo", "dataprotection", "legal", "compliance", "billing", "accounts", "orders",
    "returns", "feedback", "team", "office", "admin", "enquiries", "inquiries", "booking",
    "bookings", "reservations", "events", "partnerships", "partners", "sponsorship", "noreply",
    "no-reply", "donotreply", "complaints", "safety", "drugsafety", "pharmacovigilance",
    "medinfo", "medical.information", "kundenservice", "service.client", "contacto", "atencion",
})  # fmt: skip


class EmailRecognizer(Recognizer):
    name = entity = "email"
    label = "email address"
    score = 1.0
    priority = 10
    source = "https://datatracker.ietf.org/doc/html/rfc5322#section-3.4.1"

    def validate(self, value: str) -> bool:
        return value.split("@", 1)[0].lower() not in ROLES

    def candidates(self, scan: Scan) -> Iterator[tuple[int, int]]:
        text = scan.text
        if "@" in text and EMAIL_HINT.search(text):
            for m in EMAIL.finditer(text):
                yield m.span()
