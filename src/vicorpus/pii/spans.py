"""What a PII detector reports: a typed span of the text."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PiiKind(StrEnum):
    """Kinds of personal data found in Vietnamese text (value = column suffix ``pii_<value>``)."""

    PHONE = "phone"
    EMAIL = "email"
    CITIZEN_ID = "citizen_id"  # CCCD (12 digits) and CMND (9 digits)
    PASSPORT = "passport"
    TAX_CODE = "tax_code"  # MST of a person
    COMPANY_TAX_CODE = "company_tax_code"  # MST of a company or organisation: not personal
    BANK_CARD = "bank_card"
    BANK_ACCOUNT = "bank_account"
    LICENCE_PLATE = "licence_plate"
    IP_ADDRESS = "ip_address"
    STREET_ADDRESS = "street_address"


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` is personal data of ``kind``."""

    start: int
    end: int
    kind: PiiKind
    text: str
