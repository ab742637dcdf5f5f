"""Apply a change to the running FreeRADIUS (filled in with radiusconf)."""


def reload_if_deployed() -> None:
    return None
