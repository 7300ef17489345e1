"""kg build and kg validate: outputs, determinism, and every kind of bad input."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.build import MANIFEST, BuildResult, build, is_fresh
from kg.cli import main

SEED = "sources/investment-digest-2015-04-22-kaluga.trig"


def run_kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess, as a user's script would run it."""
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def remove_block(path: Path, start_marker: str) -> None:
    """Cut the statement block that starts with ``start_marker`` (up to its blank line)."""
    text = path.read_text(encoding="utf-8")
    start = text.index(start_marker)
    end = text.index("\n\n", start)
    path.write_text(text[:start] + text[end + 2 :], encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- a good build --------------------------------------------------------------------------


def test_build_writes_the_dataset(built: BuildResult) -> None:
    names = {p.name for p in built.out.iterdir()}
    assert {"invest-kg.nq", "invest-kg.trig", "invest-kg.ttl", "store", "manifest.json"} <= names
    assert built.report.conforms
    dataset = Dataset()
    dataset.parse(built.out / "invest-kg.trig", format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert "https://w3id.org/invest-kg/source/investment-digest-2015-04-22-kaluga" in graphs
    union = Graph().parse(built.out / "invest-kg.ttl", format="turtle")
    assert len(union) > 300


def test_build_is_deterministic(tmp_path: Path, built: BuildResult) -> None:
    again = build(tmp_path / "again")
    for name in ("invest-kg.nq", "invest-kg.trig", "invest-kg.ttl"):
        assert (again.out / name).read_bytes() == (built.out / name).read_bytes(), name


def test_build_is_fresh_until_the_data_changes(tmp_path: Path, data_copy: Path) -> None:
    out = tmp_path / "out"
    build(out, data_dir=data_copy)
    assert is_fresh(out, data_dir=data_copy)
    edit(data_copy / SEED, '"paragraph 5" .', '"paragraph five" .')
    assert not is_fresh(out, data_dir=data_copy)


def test_query_uses_the_built_store(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_kg("build", "--out", str(out)).returncode == 0
    result = run_kg(
        "query",
        "joint-ventures",
        "-p",
        "region=Kaluga Region",
        "--format",
        "json",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert "holds no current build" not in result.stderr
    body = json.loads(result.stdout)
    partners = {b["partnerLabel"]["value"] for b in body["results"]["bindings"]}
    assert partners == {"PSA Peugeot Citroën", "Mitsubishi Motors Corporation"}


# -- bad input: exit codes, messages, and out/ left as it was -------------------------------


def test_syntax_error_names_file_and_line_and_leaves_out_untouched(
    tmp_path: Path, data_copy: Path
) -> None:
    out = tmp_path / "out"
    build(out, data_dir=data_copy)
    before = digest(out)
    seed = data_copy / SEED
    lines = seed.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "ikg:heldIn id:moscow ;" in line)
    edit(seed, "ikg:heldIn id:moscow ;", "ikg:heldIn id:moscow id:paris ;")
    result = run_kg("build", "--data", str(data_copy), "--out", str(out))
    assert result.returncode == 2
    assert f"{seed}:{number}: syntax error" in result.stderr
    assert digest(out) == before


def test_triples_outside_a_source_graph_are_an_input_error(data_copy: Path) -> None:
    stray = data_copy / "sources" / "stray.ttl"
    stray.write_text(
        "@prefix ikg: <https://w3id.org/invest-kg/ontology#> .\n"
        "@prefix id: <https://w3id.org/invest-kg/id/> .\n"
        "id:loreal ikg:sector <https://w3id.org/invest-kg/id/sector/21> .\n",
        encoding="utf-8",
    )
    result = run_kg("validate", "--data", str(data_copy))
    assert result.returncode == 2
    assert "stray.ttl" in result.stderr and "outside any named graph" in result.stderr


def validate(data: Path) -> tuple[int, str]:
    result = run_kg("validate", "--data", str(data))
    return result.returncode, result.stdout + result.stderr


def test_link_to_a_missing_entity_is_a_violation(data_copy: Path) -> None:
    edit(data_copy / SEED, "ikg:operator id:lafarge ;", "ikg:operator id:lafarge-group ;")
    code, report = validate(data_copy)
    assert code == 1
    assert (
        "id:lafarge-kaluga-concrete-plant" in report and "ikg:operator = id:lafarge-group" in report
    )
    assert "needs an ikg:operator that is an ikg:Company" in report
    assert "id:lafarge-group" in report and "not described anywhere" in report


def test_link_to_an_entity_of_the_wrong_class_is_a_violation(data_copy: Path) -> None:
    edit(data_copy / SEED, "ikg:operator id:lafarge ;", "ikg:operator id:france ;")
    code, report = validate(data_copy)
    assert code == 1
    assert re.search(
        r'id:lafarge-kaluga-concrete-plant \("Lafarge concrete plant"\) ikg:operator = id:france',
        report,
    )


def test_amount_written_as_a_float_is_a_violation(data_copy: Path) -> None:
    edit(data_copy / SEED, "ikg:amount 1000000000.0 ;", "ikg:amount 1.0E9 ;")
    code, report = validate(data_copy)
    assert code == 1
    assert "id:investment-france-to-kaluga-region-as-of-2015-04-22 ikg:amount" in report
    assert "xsd:decimal" in report and "never a float" in report


def test_currency_that_is_not_iso_4217_is_a_violation(data_copy: Path) -> None:
    edit(data_copy / "reference" / "currencies.trig", 'ikg:isoCode "RUB" ;', 'ikg:isoCode "RUR" ;')
    code, report = validate(data_copy)
    assert code == 1
    assert 'cur:RUB ("Russian rouble") ikg:isoCode = "RUR"' in report
    assert "not an ISO 4217 currency code" in report


def test_currency_missing_from_reference_data_is_a_violation(data_copy: Path) -> None:
    edit(data_copy / SEED, "ikg:currency cur:USD ;", "ikg:currency cur:XUS ;")
    code, report = validate(data_copy)
    assert code == 1
    assert "ikg:currency = cur:XUS" in report and "ISO 4217 ikg:Currency" in report


def test_joint_venture_with_one_partner_is_a_violation(data_copy: Path) -> None:
    remove_block(data_copy / SEED, "    id:stake-mitsubishi-motors-in-psma-rus a ikg:Ownership ;")
    for other in ("psa-press-release-2010-04-23.trig", "psa-press-release-2012-07-04.trig"):
        remove_block(data_copy / "sources" / other, "    id:stake-mitsubishi-motors-in-psma-rus")
    code, report = validate(data_copy)
    assert code == 1
    assert 'id:psma-rus ("PSMA Rus OOO")' in report and "at least two partners" in report


def test_stakes_over_100_percent_are_a_violation(data_copy: Path) -> None:
    edit(
        data_copy / "sources" / "psa-press-release-2012-07-04.trig",
        "ikg:share 30.0 ;",
        "ikg:share 40.0 ;",
    )
    code, report = validate(data_copy)
    assert code == 1
    assert "add up to 110" in report or "add up to 140" in report


def test_fact_without_a_source_is_a_violation(data_copy: Path) -> None:
    seed = data_copy / SEED
    text = seed.read_text(encoding="utf-8")
    block_start = text.index("id:observation-kaluga-region-2014-new-production-facilities a")
    cut = text.index("        ikg:source src:investment-digest-2015-04-22-kaluga ;\n", block_start)
    seed.write_text(
        text[:cut]
        + text[cut + len("        ikg:source src:investment-digest-2015-04-22-kaluga ;\n") :],
        encoding="utf-8",
    )
    code, report = validate(data_copy)
    assert code == 1
    assert "id:observation-kaluga-region-2014-new-production-facilities" in report
    assert "This fact has no source" in report


def test_failed_validation_leaves_out_untouched(tmp_path: Path, data_copy: Path) -> None:
    out = tmp_path / "out"
    build(out, data_dir=data_copy)
    before = digest(out)
    edit(data_copy / SEED, "ikg:amount 1000000000.0 ;", "ikg:amount 1.0E9 ;")
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 1
    assert digest(out) == before
    assert json.loads((out / MANIFEST).read_text())["conforms"] is True


def test_validate_json_report(data_copy: Path) -> None:
    edit(data_copy / SEED, "ikg:amount 1000000000.0 ;", "ikg:amount 1.0E9 ;")
    result = run_kg("validate", "--data", str(data_copy), "--format", "json")
    assert result.returncode == 1
    body = json.loads(result.stdout)
    assert body["conforms"] is False
    assert any(v["path"] == "ikg:amount" for v in body["violations"])


# -- the CLI's usage errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["query", "no-such-question"], "the named queries are: cluster-cooperation"),
        (["query", "investors-in-region", "-p", "country=France"], "its parameters: region"),
        (["query", "investors-in-region", "-p", "region"], "--param takes KEY=VALUE"),
        (["sparql", "/no/such/file.rq"], "/no/such/file.rq: cannot read"),
    ],
)
def test_usage_errors_exit_2_with_the_valid_choices(args: list[str], expected: str) -> None:
    result = run_kg(*args)
    assert result.returncode == 2
    assert expected in result.stderr


def test_sparql_from_stdin() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "sparql", "-", "--format", "csv"],
        input="SELECT ?l WHERE { ?e a ikg:JointVenture ; rdfs:label ?l }",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["l", "PSMA Rus OOO"]


def test_sparql_update_from_the_cli_exits_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "sparql", "-"],
        input="CLEAR ALL",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "SPARQL Update" in result.stderr
