"""State changes of the estate: CROUS reference data and lookups."""

from planetcampus.estate.models import Crous, CrousAlias
from planetcampus.estate.naming import normalise_crous_name
from planetcampus.estate.reference import CROUS_REFERENCE


def seed_crous() -> int:
    """Create the CROUS of the reference list and their aliases, where missing.

    Existing rows are left as they are, so edits made in the back office
    (a renamed CROUS, a CROUS leaving the market) survive every import.
    """
    created = 0
    for code, name, in_market, _domains, aliases in CROUS_REFERENCE:
        crous, was_created = Crous.objects.get_or_create(
            code=code,
            defaults={"name": name, "in_market": in_market, "web_domain": f"crous-{code}.fr"},
        )
        created += was_created
        for alias in {normalise_crous_name(a) for a in aliases + [name, code]}:
            CrousAlias.objects.get_or_create(alias=alias, defaults={"crous": crous})
    return created


def find_crous(text: str) -> Crous | None:
    """Find a CROUS from any spelling people write: code, name or alias."""
    key = normalise_crous_name(text)
    if not key:
        return None
    alias = CrousAlias.objects.select_related("crous").filter(alias=key).first()
    if alias:
        return alias.crous
    return Crous.objects.filter(code=text.strip().lower()).first()


def crous_by_domain_code() -> dict[str, Crous]:
    """Map every crous-<code>.fr domain code, extra ones included, to its CROUS."""
    crous_by_code = {crous.code: crous for crous in Crous.objects.all()}
    mapping = dict(crous_by_code)
    for code, _name, _market, extra_domains, _aliases in CROUS_REFERENCE:
        for domain in extra_domains:
            if code in crous_by_code:
                mapping[domain] = crous_by_code[code]
    return mapping
