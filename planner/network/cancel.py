"""Cooperative cancellation of long engine work.

A caller (the desktop app's evaluation worker) passes ``cancel``, a callable that returns True once
the work is no longer wanted, to ``evaluate``; the engine's long loops call ``check_cancelled()``,
which raises ``planner.errors.Cancelled``. The callable lives in a context variable, so each worker
thread has its own and the solver functions need no extra parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from planner.errors import Cancelled

_CANCEL: ContextVar[Callable[[], bool] | None] = ContextVar("planner_cancel", default=None)


@contextmanager
def cancel_scope(cancel: Callable[[], bool] | None) -> Iterator[None]:
    """Within this block, ``check_cancelled()`` asks ``cancel`` (None: never cancelled)."""
    token = _CANCEL.set(cancel)
    try:
        yield
    finally:
        _CANCEL.reset(token)


def current_cancel() -> Callable[[], bool] | None:
    """The current scope's cancel callable (for work that runs outside this context, such as the
    solver's callbacks)."""
    return _CANCEL.get()


def check_cancelled() -> None:
    """Raise ``Cancelled`` when the current scope's caller asked to stop."""
    cancel = _CANCEL.get()
    if cancel is not None and cancel():
        raise Cancelled("the evaluation was cancelled")
