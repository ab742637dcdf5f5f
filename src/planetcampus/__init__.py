"""PlanetCampus: the WiFi of student residences, end to end."""

__version__ = "0.1.0"
