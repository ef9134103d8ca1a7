"""Reading JSON and YAML documents into mappings, with errors that name the file and position.

Used by every kind of document (models, scenario sets, catalogues, plans, schemes); it depends on
nothing but :mod:`arna.errors`, so any module may use it.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arna.errors import DocumentError

if TYPE_CHECKING:
    import yaml

__all__ = ["MAX_DEPTH", "MAX_VALUES", "parse_mapping", "read_mapping"]

MAX_DEPTH = 100
"""Deepest nesting of mappings and lists a document may have (models nest a dozen levels at most)."""
MAX_VALUES = 5_000_000
"""Most values a document may hold once YAML aliases are expanded (a 600-byte alias bomb expands to
billions; a daily model with decades of inline series holds well under a million)."""


_KINDS = {"timestamp": "a date", "int": "an integer", "float": "a number", "bool": "true or false"}


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    """PyYAML's safe loader whose constructor errors (``!!int 1.5``, ``2021-13-01``) carry the position.

    Built on first use: PyYAML's import (~25 ms) is paid only by YAML documents, not by JSON ones.
    """
    import yaml

    class _Loader(yaml.SafeLoader):
        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except (ValueError, TypeError, OverflowError) as exc:
                kind = node.tag.rsplit(":", 1)[-1]
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{node.value}' cannot be read as {_KINDS.get(kind, kind)}: {exc}", node.start_mark
                ) from None

    return _Loader


def read_mapping(path: Path) -> dict[str, Any]:
    """Parse a JSON or YAML file into a mapping; malformed text is a :class:`DocumentError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError(path, [("", "file not found; check the path")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(path, [("", f"cannot read the file: {exc}")]) from None
    return parse_mapping(text, path)


def parse_mapping(text: str, source: str | Path, max_values: int = MAX_VALUES) -> dict[str, Any]:
    """Parse JSON (if the source ends in .json) or YAML text, within :data:`MAX_DEPTH` and ``max_values``."""
    is_json = str(source).lower().endswith(".json")
    try:
        data = json.loads(text) if is_json else _parse_yaml(text, source)
    except RecursionError:
        raise DocumentError(source, [("", f"nested too deeply; a document may nest at most {MAX_DEPTH} levels")]) \
            from None
    except json.JSONDecodeError as exc:
        raise DocumentError(
            source, [("", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
        ) from None
    if not isinstance(data, dict):
        raise DocumentError(source, [("", "the document must be a mapping (an object) at the top level")])
    _check_shape(data, source, max_values)
    return data


def _parse_yaml(text: str, source: str | Path) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DocumentError(source, [("", f"malformed YAML{where}: {problem}")]) from None


def _children(obj: dict[Any, Any] | list[Any]) -> list[Any]:
    return list(obj.values()) if isinstance(obj, dict) else obj


def _check_shape(data: dict[str, Any], source: str | Path, max_values: int) -> None:
    """Refuse cycles, deep nesting and alias expansion past the limits, in time linear in the text.

    YAML aliases share one Python object, so the expanded size is counted once per object (memoised)
    and a document that *would* expand to billions of values is refused without expanding it.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        obj, finished = stack.pop()
        key = id(obj)
        if finished:
            kids = [c for c in _children(obj) if isinstance(c, dict | list)]
            size[key] = 1 + len(_children(obj)) - len(kids) + sum(size[id(c)] for c in kids)
            depth[key] = 1 + max((depth[id(c)] for c in kids), default=0)
            started.discard(key)
            _within_limits(size[key], depth[key], source, max_values)
        elif key in started:
            raise DocumentError(source, [("", "a YAML alias refers to a value that contains it (a cycle); "
                                              "write the value out or refer to a part of it")])
        elif key not in size:
            started.add(key)
            stack.append((obj, True))
            stack.extend((c, False) for c in _children(obj) if isinstance(c, dict | list))


def _within_limits(values: int, levels: int, source: str | Path, max_values: int) -> None:
    if levels > MAX_DEPTH:
        raise DocumentError(source, [("", f"nested too deeply ({levels} levels); a document may nest at most "
                                          f"{MAX_DEPTH}")])
    if values > max_values:
        raise DocumentError(source, [("", f"holds more than {max_values:,} values once its YAML aliases are "
                                          "expanded; write repeated parts once, or split the document")])
