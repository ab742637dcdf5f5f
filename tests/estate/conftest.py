import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Compare import messages in English; pages under /fr/ still render French."""
    with translation.override("en"):
        yield
