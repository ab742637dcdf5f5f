"""All-or-nothing imports with problems that name file, line, column and fix.

An importer walks every row, collecting problems instead of stopping at the
first, inside one transaction. If any problem was found, or on a dry run,
the transaction is rolled back: the database is left exactly as it was.
"""

import logging
import sys
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass
class ImportProblem:
    file: str
    line: int | None
    column: str
    value: str
    message: str

    def __str__(self):
        where = self.file if self.line is None else _("%(file)s, line %(line)d") % {"file": self.file, "line": self.line}
        if self.column:
            where += _(", column “%(column)s”") % {"column": self.column}
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        value = _(" (value “%(value)s”)") % {"value": shown} if self.value else ""
        return f"{where}{value}: {self.message}"


@dataclass
class ImportReport:
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[ImportProblem] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        counts = {"file": self.file, "created": self.created, "updated": self.updated,
                  "unchanged": self.unchanged, "warnings": len(self.warnings)}
        if self.dry_run:
            return _("%(file)s: would import %(created)d new, %(updated)d updated, %(unchanged)d unchanged, "
                     "%(warnings)d warning(s); nothing was changed.") % counts
        return _("%(file)s: imported %(created)d new, %(updated)d updated, %(unchanged)d unchanged, "
                 "%(warnings)d warning(s).") % counts


class ImportFailed(Exception):
    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__(self.describe())

    def describe(self, limit: int = 50) -> str:
        lines = [_("Import failed with %(count)d problem(s); nothing was changed.") % {"count": len(self.problems)}]
        lines += [f"  - {problem}" for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(_("  ... and %(count)d more.") % {"count": len(self.problems) - limit})
        return "\n".join(lines)


class _DryRunRollback(Exception):
    pass


def run_atomically(work, *, dry_run: bool = False):
    """Run `work()` in a transaction that commits only when it found no problem.

    `work` returns (report, problems). Problems roll everything back and raise
    ImportFailed; a dry run rolls back and returns the report.
    """
    result = {}
    try:
        with transaction.atomic():
            report, problems = work()
            result["report"] = report
            if problems:
                raise ImportFailed(problems)
            if dry_run:
                report.dry_run = True
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except ImportFailed as failure:
        logger.warning("import rejected: %d problem(s), first: %s", len(failure.problems), failure.problems[0])
        raise
    return result["report"]


def progress(iterable, *, total: int, label: str):
    """Wrap an iterable in a progress bar when stderr is a terminal."""
    if not sys.stderr.isatty() or total < 200:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=label, unit="row", leave=False)
