"""Write TOML values as the curated files do (rtoml reads them back; nothing here needs a TOML writer library)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def value(item: object) -> str:
    """A TOML literal: a basic string (escaped), a bool, an int, a float or a date."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int | float):
        return repr(item)
    if isinstance(item, datetime.date):
        return item.isoformat()
    if isinstance(item, str):
        return '"' + "".join(_ESCAPES.get(c, f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c)
                             for c in item) + '"'
    raise TypeError(f"no TOML literal for {item!r}")


def entry(header: str, keys: dict[str, object], comments: Sequence[str] = ()) -> str:
    """A ``[[header]]`` entry: its comments, its header, then ``key = value`` for each key that is not None."""
    lines = [f"# {comment}" for comment in comments] + [f"[[{header}]]"]
    lines += [f"{key} = {value(item)}" for key, item in keys.items() if item is not None]
    return "\n".join(lines) + "\n"
