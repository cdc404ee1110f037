"""Errors a user can hit. Each names the file, row and column and says what was expected."""
from __future__ import annotations


class LagesbildError(Exception):
    """Base for errors shown to users as a message, never as a traceback."""

    def __init__(self, sv: str, en: str | None = None):
        super().__init__(sv)
        self.sv = sv
        self.en = en or sv

    def message(self, lang: str = "sv") -> str:
        return self.en if lang == "en" else self.sv


class SourceFormatError(LagesbildError):
    """A raw file that cannot be read as the format it claims to be."""

    def __init__(self, file: str, expected_sv: str, expected_en: str, *,
                 row: int | None = None, column: str | None = None, found: object = None, sheet: str | None = None):
        self.file, self.row, self.column, self.found, self.sheet = file, row, column, found, sheet
        self.expected_sv, self.expected_en = expected_sv, expected_en
        where_sv, where_en = [file], [file]
        if sheet is not None:
            where_sv.append(f"blad '{sheet}'")
            where_en.append(f"sheet '{sheet}'")
        if row is not None:
            where_sv.append(f"rad {row}")
            where_en.append(f"row {row}")
        if column is not None:
            where_sv.append(f"kolumn '{column}'")
            where_en.append(f"column '{column}'")
        got_sv = f" (fick {found!r})" if found is not None else ""
        got_en = f" (got {found!r})" if found is not None else ""
        super().__init__(
            f"{', '.join(where_sv)}: väntade {expected_sv}{got_sv}.",
            f"{', '.join(where_en)}: expected {expected_en}{got_en}.",
        )

    def naming(self, file: str) -> SourceFormatError:
        """The same error about the same place, under the name the user knows the file by."""
        return SourceFormatError(file, self.expected_sv, self.expected_en, row=self.row, column=self.column,
                                 found=self.found, sheet=self.sheet)


class StoreError(LagesbildError):
    """The processed store is missing, locked or inconsistent."""


class ConfigError(LagesbildError):
    """A TOML configuration file (targets, indicators, survey mapping) is invalid."""


class FetchError(LagesbildError):
    """An API (Kolada) that cannot be reached or keeps failing; nothing has been changed."""


class AccessError(LagesbildError):
    """A write by someone who may not make it (not signed in, not an editor, or not of that kommun)."""


class ConflictError(LagesbildError):
    """An edit of data someone else changed since it was opened; nothing was overwritten."""


class DefinitionError(LagesbildError):
    """Figures under another definition (unit, years averaged) than the store holds for the same indicator,
    which cannot be converted exactly; nothing has been changed."""
