"""The wheel carries the ontology, queries and data, and works outside the repository."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = dist.glob("invest_kg-*.whl")
    return built


def test_wheel_carries_ontology_queries_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in [
        "kg/_bundle/ontology/invest-kg.ttl",
        "kg/_bundle/ontology/shapes.ttl",
        "kg/_bundle/ontology/checks/untyped-entity-violation.rq",
        "kg/_bundle/queries/investors-in-region.rq",
        "kg/_bundle/data/sources/investment-digest-2015-04-22-kaluga.trig",
        "kg/_bundle/data/reference/currencies.trig",
        "kg/py.typed",
        "kg/export/vendor/cytoscape.min.js",
        "kg/export/vendor/cytoscape.LICENSE",
    ]:
        assert path in names, path


def test_installed_wheel_builds_and_answers_outside_the_repository(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # Dependencies come from the test environment (no network here); invest-kg itself only
    # from the wheel. A path line in a .pth file does not run that folder's own .pth files,
    # so the editable install of the source tree stays out of the fresh environment.
    parent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_invest_kg_test_deps.pth").write_text("\n".join(sorted(parent)) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import kg, kg.resources as r; print(kg.__file__); print(r.resource_root())",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=work,
    ).stdout.split()
    assert all(str(venv) in line for line in where), where

    kg_command = venv / "bin" / "kg"
    build = subprocess.run([str(kg_command), "build"], capture_output=True, text=True, cwd=work)
    assert build.returncode == 0, build.stderr
    assert "Validation: conforms" in build.stdout
    assert (work / "out" / "invest-kg.nq").is_file()

    query = subprocess.run(
        [
            str(kg_command),
            "query",
            "cluster-cooperation",
            "--param",
            "region=Kaluga Region",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=work,
    )
    assert query.returncode == 0, query.stderr
    bindings = json.loads(query.stdout)["results"]["bindings"]
    assert [b["partnerClusterLabel"]["value"] for b in bindings] == ["Eurobiomed"]

    page = work / "kaluga.html"
    export = subprocess.run(
        [str(kg_command), "export", "--format", "html", "--view", "ownership", "--out", str(page)],
        capture_output=True,
        text=True,
        cwd=work,
    )
    assert export.returncode == 0, export.stderr
    assert "cytoscape" in page.read_text(encoding="utf-8").lower()
