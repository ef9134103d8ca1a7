"""``arna convert``: write the Arna document for a Pywr one, with its series as Parquet files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from arna.errors import InputError
from arna.pywr.translate import Translation, translate_file


def convert(source: str | Path, output: str | Path) -> Translation:
    """Translate ``source`` (Pywr JSON) and write ``output`` (.yaml/.yml/.json) next to a data folder.

    Series the Pywr document reads from files (CSV, Excel, HDF5, gzip) are written as
    Parquet under ``<output stem>.data/``; the document refers to them by relative path.
    """
    out = Path(output)
    if out.suffix.lower() not in {".yaml", ".yml", ".json"}:
        raise InputError(f"{out}: write the converted model as .yaml, .yml or .json")
    tr = translate_file(source, data_prefix=f"{out.stem}.data")
    out.parent.mkdir(parents=True, exist_ok=True)
    for key, frame in tr.data.items():
        target = out.parent / key
        target.parent.mkdir(parents=True, exist_ok=True)
        _atomic(target, lambda p, f=frame: f.to_parquet(p))
    header = (f"# Converted by `arna convert` from the Pywr document {Path(source).name}.\n"
              "# Pywr documents carry no units: numbers are read as Ml and Ml/day, unchanged.\n")
    if out.suffix.lower() == ".json":
        import json

        text = json.dumps(tr.mapping, indent=2, ensure_ascii=False)
    else:
        text = header + yaml.dump(tr.mapping, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    _atomic(out, lambda p: Path(p).write_text(text, encoding="utf-8"))
    return tr


class _Dumper(yaml.SafeDumper):
    """Plain YAML: a parameter used twice is written twice, not as an anchor."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _atomic(target: Path, write: object) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(tmp)  # type: ignore[operator]
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
