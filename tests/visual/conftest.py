"""Fixtures for the visual tests: a graph with a hostile label, and real headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg import resources

#: Markup, quotes, a colon, an ampersand and Cyrillic: everything an export must escape.
TRICKY_LABEL = '<script>alert("x")</script> <b>Калуга</b>: L\'Oréal & "Co" #1'
TRICKY_IRI = "https://w3id.org/invest-kg/id/loreal"
REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: Seconds Chromium may take for one page before the test fails.
CHROMIUM_TIMEOUT = 120


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="session")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Iterator[kg.KnowledgeGraph]:
    """The Kaluga graph with L'Oréal's English label replaced by TRICKY_LABEL."""
    data = tmp_path_factory.mktemp("tricky") / "data"
    shutil.copytree(resources.data_dir(), data)
    digest = data / "sources" / "investment-digest-2015-04-22-kaluga.trig"
    text = digest.read_text(encoding="utf-8")
    original = 'rdfs:label "L\'Oréal"@en ;'
    assert original in text
    digest.write_text(
        text.replace(original, f"rdfs:label {_turtle_string(TRICKY_LABEL)}@en ;"), encoding="utf-8"
    )
    with kg.load(data_dir=data) as graph:
        yield graph


def run_chromium(url: str, profile: Path, *extra: str) -> str:
    """Run headless Chromium once on ``url`` with a fresh profile; returns its stdout."""
    assert Path(CHROMIUM).exists(), "headless Chromium is missing: run 'make setup'"
    done = subprocess.run(
        [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=20000",
            *extra,
            url,
        ],
        capture_output=True,
        timeout=CHROMIUM_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="session")
def tricky_label() -> str:
    return TRICKY_LABEL


@pytest.fixture(scope="session")
def tricky_iri() -> str:
    return TRICKY_IRI


@pytest.fixture
def chromium(tmp_path: Path) -> Chromium:
    """Headless Chromium, a fresh profile per test."""
    return Chromium(tmp_path / "chromium-profile")


class Chromium:
    """Runs the real Debian Chromium, headless, with a bounded timeout."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile

    def dump_dom(self, page: Path, fragment: str = "") -> str:
        """The page's DOM after its scripts ran."""
        return run_chromium(page.resolve().as_uri() + fragment, self.profile, "--dump-dom")

    def screenshot(self, page: Path, png: Path, size: str = "1400,900") -> Path:
        png.parent.mkdir(parents=True, exist_ok=True)
        run_chromium(
            page.resolve().as_uri(), self.profile, f"--screenshot={png}", f"--window-size={size}"
        )
        assert png.exists() and png.stat().st_size > 0
        return png


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots go for people to look at: out/screenshots in the repository."""
    return REPO / "out" / "screenshots"
