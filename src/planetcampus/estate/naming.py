import re
import unicodedata


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise_crous_name(text: str) -> str:
    """Return the lookup form of a CROUS name: upper case, no accents, one space.

    "Aix-Marseille", "AIX MARSEILLE" and "aix  marseille" all give
    "AIX MARSEILLE"; a leading "CROUS" is dropped.
    """
    cleaned = strip_accents(text or "").upper()
    cleaned = re.sub(r"[^A-Z0-9]+", " ", cleaned).strip()
    cleaned = re.sub(r"^CROUS (DE |D |DES )?", "", cleaned)
    return cleaned


def slugify_code(text: str, max_length: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", strip_accents(text).lower()).strip("-")
    return slug[:max_length].strip("-")
