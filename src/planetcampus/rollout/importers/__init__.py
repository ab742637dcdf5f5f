"""Rollout imports: choose the importer from the file's first line."""

from pathlib import Path

from planetcampus.core.tabular import TableFormatError, read_table
from planetcampus.rollout.importers.counts import CountTableImporter
from planetcampus.rollout.importers.residences import ResidenceStatusImporter, is_residence_list


def importer_for(path: Path | str, content: bytes | None = None, *, as_of, year=None, actor=None):
    """Return the per-residence importer when the file is a residence list, else the count-table one."""
    try:
        headers = read_table(path, content).headers
    except (TableFormatError, UnicodeDecodeError):
        headers = []
    importer_class = ResidenceStatusImporter if is_residence_list(headers) else CountTableImporter
    return importer_class(path, content, as_of=as_of, year=year, actor=actor)
