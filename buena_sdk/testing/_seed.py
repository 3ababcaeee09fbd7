"""Realistic, reproducible sample leads for seeding the mock server.

Every value comes from the random generator passed in, so one seed always gives
the same leads. Domains use the reserved ``.example`` top-level domain and phone
numbers the fictional 555-01xx range.
"""

from __future__ import annotations

import random
from collections.abc import Container
from typing import Any

FIRST_NAMES = (
    "Ada", "Alan", "Amara", "Ana", "Arjun", "Beatriz", "Bruno", "Camille", "Carlos",
    "Chen", "Chloe", "Dmitri", "Elena", "Emeka", "Fatima", "Felix", "Grace", "Hana",
    "Hiroshi", "Ines", "Isaac", "Jamal", "Jana", "John", "Julia", "Kai", "Karin",
    "Lars", "Leila", "Liam", "Lucia", "Maya", "Mateo", "Mei", "Nadia", "Noah",
    "Olga", "Omar", "Priya", "Rafael", "Rosa", "Samuel", "Sara", "Sofia", "Tariq",
    "Tomas", "Valentina", "Wei", "Yara", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Abebe", "Alvarez", "Andersen", "Bauer", "Bianchi", "Chen", "Costa", "Dubois",
    "Eriksson", "Fernandes", "Fischer", "Garcia", "Haddad", "Hoffmann", "Ivanova",
    "Jensen", "Kim", "Kowalski", "Kumar", "Larsen", "Lopez", "Martin", "Moreau",
    "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Petrov", "Rossi",
    "Santos", "Schmidt", "Silva", "Smith", "Tanaka", "Torres", "Van Dijk", "Wagner",
    "Wong", "Yilmaz", "Zhang",
)  # fmt: skip
COMPANIES = (
    "Acme Analytics", "Bluefin Logistics", "Brightlane Health", "Cedar & Stone",
    "Copperleaf Energy", "Driftwood Media", "Example Corp", "Fieldnote Software",
    "Granite Peak Capital", "Harborview Foods", "Ironbark Robotics", "Juniper Labs",
    "Kestrel Aviation", "Lumen Biotech", "Meridian Retail", "Northwind Traders",
    "Oakridge Partners", "Pinecrest Insurance", "Quartz Security", "Redwood Cloud",
    "Saltmarsh Studios", "Tidewater Freight", "Umbra Games", "Vantage Legal",
    "Willow Education", "Zephyr Mobility",
)  # fmt: skip
JOB_TITLES = (
    "Account Executive", "CTO", "Data Scientist", "Director of Operations",
    "Engineering Manager", "Founder", "Head of Growth", "Head of Sales",
    "Marketing Manager", "Operations Lead", "Procurement Manager", "Product Manager",
    "Sales Director", "Senior Software Engineer", "Software Engineer", "VP Engineering",
    "VP Marketing",
)  # fmt: skip
LOCATIONS = (
    "Amsterdam, NL", "Austin, TX", "Barcelona, ES", "Berlin, DE", "Boston, MA",
    "Chicago, IL", "Denver, CO", "Dublin, IE", "Lagos, NG", "Lisbon, PT",
    "London, UK", "Madrid, ES", "Mumbai, IN", "New York, NY", "Paris, FR",
    "San Francisco, CA", "Sao Paulo, BR", "Seattle, WA", "Singapore, SG",
    "Stockholm, SE", "Sydney, AU", "Tokyo, JP", "Toronto, CA",
)  # fmt: skip
TAGS = (
    "conference", "webinar", "referral", "inbound", "outbound", "enterprise",
    "smb", "decision-maker", "champion", "hot-lead", "follow-up", "trial",
    "newsletter", "partner",
)  # fmt: skip
LEAD_SOURCES = ("conference", "website", "referral", "linkedin", "cold-email", "event")
PRIORITIES = ("low", "medium", "high")
NOTES = (
    "Met at tech conference 2024",
    "Asked for a demo next quarter",
    "Interested in the enterprise plan",
    "Requested pricing for 50 seats",
    "Follow up after the budget review",
    "Downloaded the integration guide",
)
STATUS_WEIGHTS = {"active": 60, "contacted": 25, "inactive": 15}


def make_lead_fields(
    rng: random.Random, taken_emails: Container[str]
) -> dict[str, Any]:
    """Draw one lead's properties, its email absent from ``taken_emails``."""
    first_name = rng.choice(FIRST_NAMES)
    last_name = rng.choice(LAST_NAMES)
    company = rng.choice(COMPANIES) if rng.random() < 0.85 else None
    return {
        "first_name": first_name,
        "last_name": last_name,
        "email": _pick_email(rng, first_name, last_name, company, taken_emails),
        "company": company,
        "phone": _pick_phone(rng) if rng.random() < 0.6 else None,
        "linkedin_url": _pick_linkedin(rng, first_name, last_name)
        if rng.random() < 0.5
        else None,
        "job_title": rng.choice(JOB_TITLES) if rng.random() < 0.8 else None,
        "location": rng.choice(LOCATIONS) if rng.random() < 0.7 else None,
        "notes": rng.choice(NOTES) if rng.random() < 0.2 else None,
        "tags": rng.sample(TAGS, rng.randint(1, 3)) if rng.random() < 0.5 else None,
        "custom_fields": _pick_custom_fields(rng) if rng.random() < 0.4 else None,
        "status": rng.choices(
            list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values())
        )[0],
    }


def _slug(text: str, separator: str = "") -> str:
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return separator.join(words)


def _pick_email(
    rng: random.Random,
    first_name: str,
    last_name: str,
    company: str | None,
    taken: Container[str],
) -> str:
    domain = f"{_slug(company)}.example" if company else "mail.example"
    local = f"{_slug(first_name)}.{_slug(last_name)}"
    email = f"{local}@{domain}"
    suffix = 1
    while email.casefold() in taken:
        suffix += rng.randint(1, 9)
        email = f"{local}{suffix}@{domain}"
    return email


def _pick_phone(rng: random.Random) -> str:
    area = rng.randint(201, 989)
    return f"+1 {area}-555-01{rng.randint(0, 99):02d}"


def _pick_linkedin(rng: random.Random, first_name: str, last_name: str) -> str:
    handle = f"{_slug(first_name)}-{_slug(last_name, '-')}-{rng.randrange(16**4):04x}"
    return f"https://www.linkedin.com/in/{handle}"


def _pick_custom_fields(rng: random.Random) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "lead_source": rng.choice(LEAD_SOURCES),
        "priority": rng.choice(PRIORITIES),
    }
    if rng.random() < 0.5:
        fields["budget"] = rng.randrange(5_000, 250_000, 5_000)
    return fields
