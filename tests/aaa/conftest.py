from tests.support.freeradius import freeradius  # noqa: F401 (the fixture, for this folder's tests)
