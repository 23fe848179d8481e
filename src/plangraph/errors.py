"""The one error type the CLI reports (as a single line) instead of a traceback."""

from __future__ import annotations


class PlangraphError(Exception):
    """A user-facing failure: a one-line message naming file, line and problem.

    ``exit_code`` follows pyshacl: 0 ok, 1 violations, 2 load or runtime error.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        # Keep it one line whatever the underlying library said.
        self.message = " ".join(str(message).split())
        self.exit_code = exit_code
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type[PlangraphError], tuple[str, int]]:
        """Pickled with its exit code (it crosses from a worker process)."""
        return (type(self), (self.message, self.exit_code))

    @classmethod
    def at(
        cls, file: str, problem: str, line: int | None = None, exit_code: int = 2
    ) -> PlangraphError:
        """Build ``file:line: problem`` (or ``file: problem`` when the line is unknown)."""
        where = f"{file}:{line}" if line is not None else file
        return cls(f"{where}: {problem}", exit_code=exit_code)
