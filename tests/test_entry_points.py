"""Ways of starting invest-kg, and XML exports that tools read without namespace prefixes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main


@pytest.mark.parametrize("module", ["kg", "kg.cli"])
def test_python_dash_m_knows_every_command(module: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", module, "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("build", "query", "push", "serve", "export", "analyze"):
        assert command in out


@pytest.mark.parametrize(
    ("fmt", "root"),
    [
        ("gexf", '<gexf xmlns="http://www.gexf.net/1.2draft"'),
        ("graphml", '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'),
    ],
)
def test_xml_exports_use_their_format_as_the_default_namespace(
    tmp_path: Path, fmt: str, root: str
) -> None:
    # Export both in one process: each must still own the empty prefix when it writes.
    for other in ("gexf", "graphml"):
        assert (
            main(
                [
                    "export",
                    "--format",
                    other,
                    "--view",
                    "ownership",
                    "--out",
                    str(tmp_path / f"x.{other}"),
                    "--build",
                    str(tmp_path / "none"),
                ]
            )
            == 0
        )
    assert root in (tmp_path / f"x.{fmt}").read_text(encoding="utf-8")
