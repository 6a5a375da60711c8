"""The one exception family of the planner.

Every error a user can cause carries the element id and the field it concerns,
so the CLI can print one line and the GUI can select the culprit.
This module imports nothing of ours: every layer may use it.
"""

from __future__ import annotations


class PlanError(Exception):
    """A problem with a plan or an input file, aimed at the user.

    ``element`` is the id of the offending element (site, fiber, device ...),
    ``field`` the name of the offending field, ``source`` the file it came from.
    """

    def __init__(
        self,
        message: str,
        *,
        element: str | None = None,
        field: str | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.element = element
        self.field = field
        self.source = source

    def __str__(self) -> str:
        parts = []
        if self.source:
            parts.append(str(self.source))
        where = ".".join(p for p in (self.element, self.field) if p)
        if where:
            parts.append(where)
        parts.append(self.message)
        return ": ".join(parts)

    def with_source(self, source: str) -> PlanError:
        """Return the same error with ``source`` set (keeps the subclass)."""
        if self.source is None:
            self.source = str(source)
        return self


class ValidationError(PlanError):
    """An element or field breaks the plan's rules."""


class FileFormatError(PlanError):
    """A file cannot be read: not JSON, wrong format, truncated, too large."""


class SchemaVersionError(FileFormatError):
    """A plan file written by a newer version of the app."""


class DeviceError(PlanError):
    """A device description (catalogue entry or device file) is invalid."""


class InfeasibleError(PlanError):
    """The engine cannot produce an answer for the plan as given."""


class Cancelled(Exception):  # noqa: N818 - a request, not an error
    """Long engine work stopped because its caller asked (a stale GUI evaluation, a closed dialog).

    Not a ``PlanError``: nothing is wrong with the plan.
    """
