"""Project settings from ``seamgen.toml`` or the ``[tool.seamgen]`` table of ``pyproject.toml``.

Found as ruff finds its own: the nearest folder, from the current one upwards, that holds a
``seamgen.toml`` (keys at its top level) or a ``pyproject.toml`` with a ``[tool.seamgen]`` table;
a ``pyproject.toml`` without one is passed over, and a ``seamgen.toml`` beside it wins. Paths in
the file are relative to its folder, so CI can run bare ``seamgen check`` from anywhere below.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seamgen.diff.findings import LEVELS
from seamgen.diff.rules import RULES as DIFF_RULES
from seamgen.lint.severity import REQUIRED, RULE_IDS, RULESETS, SETTINGS, Setting, severities
from seamgen.text import is_python_identifier
from seamgen.toml_positions import key_position, syntax_error_position

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the backport tomllib was made from
    import tomli as tomllib

PATH_KEYS = ("spec", "out", "templates")
KEYS = (*PATH_KEYS, "package-name", "ruleset", "rules", "diff")
DIFF_KEYS = ("levels",)
DIFF_SETTINGS = (*LEVELS, "off")  # "off" drops the rule's findings (counted in diff's summary)
_KEY_TYPES = {"rules": ("a table",), "diff": ("a table",), "ruleset": ("a string", "an array")}  # others: strings
_TOML_TYPES = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array"}


class ConfigError(Exception):
    """A config file that cannot be used, pinned like a finding to the key at fault."""

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{file}:{line}:{column}: error: {message}")


@dataclass(frozen=True)
class Config:
    """What the config file sets (``file`` is None when there is none); paths are absolute."""

    file: Path | None = None
    paths: dict[str, Path] = field(default_factory=dict)
    package_name: str | None = None
    # Rule id to setting: the config's ``[rules]``, or with ``ruleset`` every rule (the config's
    # ruleset then replaces the spec's ``x-seamgen.lint.ruleset``).
    rules: dict[str, Setting] = field(default_factory=dict)
    # ``[diff] levels``: a ``seamgen diff`` rule id to the level it is reported at, or "off".
    diff_levels: dict[str, str] = field(default_factory=dict)

    def path(self, key: str, default: str | None = None) -> str | None:
        """The path ``key`` as findings print it: configured, or else ``default`` relative to the
        config's folder (the current folder without a config)."""
        if key in self.paths:
            return shown(self.paths[key])
        if default is None or self.file is None:
            return default
        return shown(self.file.parent / default)


def shown(path: Path) -> str:
    """``path`` relative to the current folder, the way a user would type it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def discover(start: Path) -> Config:
    """The settings of the nearest config file at or above ``start`` (an absolute folder)."""
    for folder in (start, *start.parents):
        for name, table_keys in (("seamgen.toml", ()), ("pyproject.toml", ("tool", "seamgen"))):
            if (folder / name).is_file():
                source = _Source.read(folder / name, table_keys)
                table = source.table()
                if table is not None:
                    return source.config(table)
    return Config()


@dataclass(frozen=True)
class _Source:
    """One config file: its text (to find positions in), its data and where its table sits."""

    path: Path
    text: str
    data: dict[str, Any]
    table_keys: tuple[str, ...]

    @classmethod
    def read(cls, path: Path, table_keys: tuple[str, ...]) -> _Source:
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not valid UTF-8"
            raise ConfigError(shown(path), 1, 1, f"cannot read config: {reason}") from exc
        try:
            return cls(path, text, tomllib.loads(text), table_keys)
        except tomllib.TOMLDecodeError as exc:
            message, line, column = syntax_error_position(text, str(exc))
            raise ConfigError(shown(path), line, column, message) from exc

    def table(self) -> Any:
        """The seamgen table, or None when the file has none."""
        found: Any = self.data
        for key in self.table_keys:
            if not isinstance(found, dict) or key not in found:
                return None
            found = found[key]
        return found

    def error(self, keys: tuple[str, ...], message: str) -> ConfigError:
        full = (*self.table_keys, *keys)
        line, column = key_position(self.text, full)
        return ConfigError(shown(self.path), line, column, f"{'.'.join(full)}: {message}")

    def config(self, table: Any) -> Config:
        if not isinstance(table, dict):
            raise self.error((), f"must be a table, not {_toml_type(table)}")
        for key, value in table.items():
            self._check_key(key, value)
        paths = {key: self.path.parent / Path(table[key]).expanduser() for key in PATH_KEYS if key in table}
        if "templates" in paths and not paths["templates"].is_dir():
            raise self.error(("templates",), f"no such folder: {shown(paths['templates'])}")
        rules = self._rules(table.get("rules", {}))
        if "ruleset" in table:
            chosen = table["ruleset"]
            rules = severities(self._rulesets(chosen if isinstance(chosen, list) else [chosen]), rules)
        return Config(self.path, paths, table.get("package-name"), rules, self._diff(table.get("diff", {})))

    def _check_key(self, key: str, value: Any) -> None:
        if key not in KEYS:
            raise self.error((key,), f"unknown key{suggestion(key, KEYS)}")
        allowed = _KEY_TYPES.get(key, ("a string",))
        if _toml_type(value) not in allowed:
            raise self.error((key,), f"must be {' or '.join(allowed)}, not {_toml_type(value)}")
        if key == "package-name" and not is_python_identifier(value):
            raise self.error((key,), f"{value!r} is not a valid Python import name")

    def _rulesets(self, names: list[Any]) -> list[str]:
        for name in names:
            if not (isinstance(name, str) and name in RULESETS):
                raise self.error(("ruleset",), f"unknown ruleset {name!r}{suggestion(str(name), RULESETS)}")
        return names

    def _rules(self, rules: dict[str, Any]) -> dict[str, Setting]:
        for rule, setting in rules.items():
            where = ("rules", rule)
            if rule not in RULE_IDS:
                raise self.error(where, f"unknown rule{suggestion(rule, RULE_IDS)}")
            if setting not in SETTINGS:
                raise self.error(where, f"severity must be one of {', '.join(SETTINGS)}, not {setting!r}")
            if rule in REQUIRED and setting != "error":
                raise self.error(where, "cannot be relaxed: the generator relies on specs that pass it")
        return rules

    def _diff(self, table: dict[str, Any]) -> dict[str, str]:
        """The ``[diff]`` table's ``levels``, each rule id known and each level one of ``DIFF_SETTINGS``."""
        for key in table:
            if key not in DIFF_KEYS:
                raise self.error(("diff", key), f"unknown key{suggestion(key, DIFF_KEYS)}")
        levels = table.get("levels", {})
        if not isinstance(levels, dict):
            raise self.error(("diff", "levels"), f"must be a table, not {_toml_type(levels)}")
        for rule, level in levels.items():
            where = ("diff", "levels", rule)
            if rule not in DIFF_RULES:
                raise self.error(where, f"unknown seamgen diff rule{suggestion(rule, DIFF_RULES)}")
            if level not in DIFF_SETTINGS:
                raise self.error(where, f"level must be one of {', '.join(DIFF_SETTINGS)}, not {level!r}")
        return levels


def _toml_type(value: Any) -> str:
    return "a table" if isinstance(value, dict) else _TOML_TYPES.get(type(value), "a date or time")


def suggestion(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the known name closest to a misspelt one, else nothing."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
