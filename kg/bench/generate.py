"""A seeded synthetic investment graph, shaped like the curated one, at any size.

The benchmark needs graphs of 10k, 100k and 1M triples that look like what analysts
load: parent groups from several home countries, their subsidiaries and joint ventures
(ownership stakes with ``xsd:decimal`` shares adding up to at most 100), facilities with
operators, sectors and commissioning dates, industrial parks and special economic zones in
districts in regions in countries, clusters and memberships, investment figures with
amounts and ISO currencies, indicator observations, conferences and their participants.
Every fact names its source (``ikg:source``) and a locator, inside the named graph of a
synthetic source document, so the graph passes invest-kg's own validation.

Same seed and size, same bytes: the generator draws from one ``random.Random(seed)`` and
writes N-Quads in the order it draws.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import UsageError
from kg.namespaces import IKG_IRI, PREFIXES
from kg.queries import escape_string

__all__ = ["Generated", "Landmarks", "generate", "parse_size", "write_nquads"]

ID = PREFIXES["id"]
SRC = PREFIXES["src"]
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS = PREFIXES["skos"]
XSD = PREFIXES["xsd"]

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$")


def parse_size(text: str) -> int:
    """``"10k"`` -> 10000, ``"1m"`` -> 1000000, ``"2500"`` -> 2500; UsageError otherwise."""
    match = _SIZE.match(text)
    if not match:
        raise UsageError(f"bad size {text!r}: write a triple count such as 3k, 100k or 1m")
    number = float(match.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    if number < 1:
        raise UsageError(f"bad size {text!r}: the triple count must be positive")
    return int(number)


def _iri(value: str) -> str:
    return f"<{value}>"


def ikg(term: str) -> str:
    return f"<{IKG_IRI}{term}>"


def en(text: str) -> str:
    return f'"{escape_string(text)}"@en'


def plain(text: str) -> str:
    return f'"{escape_string(text)}"'


def typed(text: str, datatype: str) -> str:
    return f'"{escape_string(text)}"^^<{XSD}{datatype}>'


def decimal(value: float | int, places: int = 1) -> str:
    """An exact ``xsd:decimal`` literal (never a float): 70.0, 470000000.0, 12.5."""
    return typed(f"{value:.{places}f}", "decimal")


@dataclass
class Landmarks:
    """Entities every competency question can be asked about, by label and by IRI."""

    region: str = ""
    region_iri: str = ""
    event: str = ""
    event_iri: str = ""
    zone: str = ""
    zone_iri: str = ""
    venture: str = ""
    venture_iri: str = ""
    source: str = ""
    source_iri: str = ""
    commissioned_year: str = ""
    indicator_year: str = "2014"


@dataclass
class Generated:
    """A synthetic graph: its N-Quads lines, how many, and what to ask about."""

    lines: list[str]
    landmarks: Landmarks
    seed: int
    target: int
    groups: int = 0
    regions: int = 0
    graphs: int = 0

    @property
    def quads(self) -> int:
        return len(self.lines)

    def nquads(self) -> bytes:
        return "".join(self.lines).encode("utf-8")


# Reference data the synthetic graph draws on: real ISO and NACE codes.
HOME_COUNTRIES = [
    ("france", "France", "FR"),
    ("germany", "Germany", "DE"),
    ("italy", "Italy", "IT"),
    ("japan", "Japan", "JP"),
    ("united-states", "United States", "US"),
    ("united-kingdom", "United Kingdom", "GB"),
    ("netherlands", "Netherlands", "NL"),
    ("switzerland", "Switzerland", "CH"),
    ("sweden", "Sweden", "SE"),
    ("south-korea", "South Korea", "KR"),
    ("spain", "Spain", "ES"),
    ("austria", "Austria", "AT"),
]
HOST_COUNTRIES = [
    ("russia", "Russia", "RU", "RUB"),
    ("kazakhstan", "Kazakhstan", "KZ", "KZT"),
    ("poland", "Poland", "PL", "PLN"),
]
CURRENCIES = [
    ("EUR", "euro", "978"),
    ("USD", "US dollar", "840"),
    ("RUB", "Russian rouble", "643"),
    ("JPY", "yen", "392"),
    ("GBP", "pound sterling", "826"),
    ("CHF", "Swiss franc", "756"),
    ("KZT", "tenge", "398"),
    ("PLN", "zloty", "985"),
    ("SEK", "Swedish krona", "752"),
    ("KRW", "won", "410"),
]
HOME_CURRENCY = {
    "FR": "EUR",
    "DE": "EUR",
    "IT": "EUR",
    "NL": "EUR",
    "ES": "EUR",
    "AT": "EUR",
    "JP": "JPY",
    "US": "USD",
    "GB": "GBP",
    "CH": "CHF",
    "SE": "SEK",
    "KR": "KRW",
}
SECTORS = [
    ("C", "manufacturing", None),
    ("10", "food products", "C"),
    ("17", "paper and paper products", "C"),
    ("20.42", "cosmetics", "C"),
    ("21", "pharmaceuticals", "C"),
    ("22.2", "plastic products", "C"),
    ("23.6", "concrete, cement and plaster products", "C"),
    ("25", "fabricated metal products", "C"),
    ("26", "computer and electronic products", "C"),
    ("27", "electrical equipment", "C"),
    ("28", "machinery and equipment", "C"),
    ("29", "motor vehicles", "C"),
    ("29.3", "auto components", "29"),
]
PRODUCT_SECTORS = [code for code, _, _ in SECTORS if code != "C"]
UNITS = [
    ("hectare", "hectare", "HAR"),
    ("percent", "percent", "P1"),
    ("count", "count", "C62"),
    ("rank", "rank", "C62"),
]
INDICATORS = [
    ("industrial-production-growth", "industrial production growth", "percent"),
    ("new-production-facilities-commissioned", "new production facilities commissioned", "count"),
    ("processing-industry-output-per-capita-rank", "rank by processing output per capita", "rank"),
    ("unemployment-rate", "unemployment rate", "percent"),
]
TOPICS = [
    ("investment-climate", "investment climate of the regions"),
    ("localization", "localization of production"),
    ("logistics", "logistics and transport"),
    ("workforce-training", "training of qualified personnel"),
    ("export-support", "export support"),
    ("diagnostics-development", "joint development of diagnostics"),
    ("energy-efficiency", "energy efficiency"),
]
YEARS = list(range(2010, 2025))
_SYLLABLES = [
    "ka",
    "lu",
    "va",
    "ro",
    "mi",
    "ne",
    "so",
    "ta",
    "be",
    "li",
    "dor",
    "vel",
    "mar",
    "ost",
    "gra",
    "len",
    "tor",
    "sar",
    "bel",
    "kor",
    "nov",
    "ur",
    "zan",
    "pol",
    "tver",
    "vor",
    "men",
    "fal",
    "ber",
    "lin",
    "dra",
    "hol",
    "sten",
    "mar",
    "ven",
    "cas",
    "ral",
    "bri",
    "mon",
]
_COMPANY_KINDS = ["Group", "Industries", "Holding", "Systems", "Works", "Technologies"]
_LEGAL_FORMS = {"RU": "OOO", "KZ": "TOO", "PL": "Sp. z o.o."}


class _Writer:
    """Collects N-Quads lines; ``fact`` adds a node's statements with source and locator."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.graphs = 0

    def add(self, subject: str, predicate: str, obj: str, graph: str) -> None:
        self.lines.append(f"{subject} {predicate} {obj} {graph} .\n")

    def node(
        self,
        graph: str,
        subject: str,
        statements: Iterable[tuple[str, str]],
        locator: str | None = None,
    ) -> None:
        for predicate, obj in statements:
            self.add(subject, predicate, obj, graph)
        self.add(subject, ikg("source"), graph, graph)
        if locator is not None:
            self.add(subject, ikg("locator"), plain(locator), graph)

    def source(self, graph: str, title: str, publisher: str, published: str) -> None:
        """Open a named graph: the source document describes itself inside it."""
        self.graphs += 1
        self.add(graph, RDF_TYPE, ikg("SourceDocument"), graph)
        self.add(graph, ikg("title"), plain(title), graph)
        self.add(graph, ikg("publisher"), plain(publisher), graph)
        self.add(graph, ikg("published"), published, graph)


@dataclass
class _Region:
    iri: str
    label: str
    country: str
    host_code: str
    currency: str
    districts: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    parks: list[str] = field(default_factory=list)
    zone: str = ""
    plots: list[str] = field(default_factory=list)
    officials: list[str] = field(default_factory=list)


@dataclass
class _Group:
    parent: str
    label: str
    home: str
    currency: str
    sector: str
    subsidiaries: list[str] = field(default_factory=list)


class _Names:
    """Unique, pronounceable names drawn from the seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def word(self) -> str:
        count = self.rng.choice((2, 2, 3))
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(count)).capitalize()

    def unique(self, pattern: str) -> str:
        """``pattern`` with ``{}`` filled by a fresh word; a number is added on a clash."""
        name = pattern.format(self.word())
        if name in self.used:
            base, number = name, 2
            while f"{base} {number}" in self.used:
                number += 1
            name = f"{base} {number}"
        self.used.add(name)
        return name


def _date(rng: random.Random, year: int) -> str:
    return typed(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "date")


def _precise_date(rng: random.Random, year: int) -> str:
    """A date at the precision a source might give: day, month or year."""
    kind = rng.random()
    if kind < 0.5:
        return _date(rng, year)
    if kind < 0.8:
        return typed(f"{year}-{rng.randint(1, 12):02d}", "gYearMonth")
    return typed(str(year), "gYear")


def _reference(out: _Writer) -> None:
    """Countries, currencies, sectors, units, indicators and topics: small and fixed."""
    graph = _iri(SRC + "bench-iso-3166")
    out.source(graph, "ISO 3166 country codes (benchmark copy)", "ISO", typed("2020", "gYear"))
    for slug, label, code in [(s, n, c) for s, n, c in HOME_COUNTRIES] + [
        (s, n, c) for s, n, c, _ in HOST_COUNTRIES
    ]:
        out.node(
            graph,
            _iri(ID + slug),
            [(RDF_TYPE, ikg("Country")), (RDFS_LABEL, en(label)), (ikg("isoCode"), plain(code))],
        )
    graph = _iri(SRC + "bench-iso-4217")
    out.source(graph, "ISO 4217 currency codes (benchmark copy)", "ISO", typed("2020", "gYear"))
    for code, label, number in CURRENCIES:
        out.node(
            graph,
            _iri(PREFIXES["cur"] + code),
            [
                (RDF_TYPE, ikg("Currency")),
                (RDFS_LABEL, en(label)),
                (ikg("isoCode"), plain(code)),
                (f"<{SKOS}notation>", plain(number)),
            ],
        )
    graph = _iri(SRC + "bench-nace-rev2")
    out.source(graph, "NACE Rev. 2 (benchmark copy)", "Eurostat", typed("2008", "gYear"))
    for code, label, broader in SECTORS:
        statements = [
            (RDF_TYPE, ikg("Sector")),
            (RDFS_LABEL, en(label)),
            (f"<{SKOS}notation>", plain(code)),
        ]
        if broader:
            statements.append((f"<{SKOS}broader>", _iri(PREFIXES["sector"] + broader)))
        out.node(graph, _iri(PREFIXES["sector"] + code), statements)
    graph = _iri(SRC + "bench-vocabulary")
    out.source(
        graph, "Units, indicators and topics (benchmark)", "invest-kg", typed("2020", "gYear")
    )
    for slug, label, notation in UNITS:
        out.node(
            graph,
            _iri(PREFIXES["unit"] + slug),
            [
                (RDF_TYPE, ikg("Unit")),
                (RDFS_LABEL, en(label)),
                (f"<{SKOS}notation>", plain(notation)),
            ],
        )
    for slug, label, _ in INDICATORS:
        out.node(
            graph,
            _iri(PREFIXES["indicator"] + slug),
            [(RDF_TYPE, ikg("Indicator")), (RDFS_LABEL, en(label))],
        )
    for slug, label in TOPICS:
        out.node(
            graph,
            _iri(PREFIXES["topic"] + slug),
            [(RDF_TYPE, ikg("Topic")), (RDFS_LABEL, en(label))],
        )


def _registry(out: _Writer, rng: random.Random, names: _Names) -> dict[str, list[str]]:
    """National governments, chambers of commerce, research centres and foreign clusters."""
    graph = _iri(SRC + "bench-registry")
    out.source(graph, "Register of organizations (benchmark)", "invest-kg", typed("2015", "gYear"))
    found: dict[str, list[str]] = {"chambers": [], "centers": [], "clusters": [], "leaders": []}
    for slug, label, _code, _cur in HOST_COUNTRIES:
        government = _iri(ID + f"government-of-{slug}")
        out.node(
            graph,
            government,
            [
                (RDF_TYPE, ikg("GovernmentBody")),
                (RDFS_LABEL, en(f"Government of {label}")),
                (ikg("jurisdiction"), _iri(ID + slug)),
            ],
            "register",
        )
        leader = _iri(ID + f"prime-minister-of-{slug}")
        out.node(
            graph,
            leader,
            [(RDF_TYPE, ikg("Person")), (RDFS_LABEL, en(names.unique("{} " + names.word())))],
            "register",
        )
        out.node(
            graph,
            _iri(ID + f"post-prime-minister-of-{slug}"),
            [
                (RDF_TYPE, ikg("Position")),
                (ikg("holder"), leader),
                (ikg("postIn"), government),
                (ikg("title"), en("Prime Minister")),
                (ikg("asOf"), typed("2015-01-01", "date")),
            ],
            "register",
        )
        found["leaders"].append(f"{slug} {government} {leader}")
        center = _iri(ID + f"research-center-{slug}")
        out.node(
            graph,
            center,
            [
                (RDF_TYPE, ikg("ResearchCenter")),
                (RDFS_LABEL, en(names.unique("{} analytical center"))),
                (ikg("country"), _iri(ID + slug)),
            ],
            "register",
        )
        found["centers"].append(center)
    for slug, label, _code in HOME_COUNTRIES:
        chamber = _iri(ID + f"chamber-{slug}")
        out.node(
            graph,
            chamber,
            [
                (RDF_TYPE, ikg("BusinessAssociation")),
                (RDFS_LABEL, en(f"Chamber of Commerce {label}")),
                (ikg("country"), _iri(ID + slug)),
            ],
            "register",
        )
        found["chambers"].append(chamber)
        for number in range(3):
            cluster = _iri(ID + f"cluster-{slug}-{number}")
            out.node(
                graph,
                cluster,
                [
                    (RDF_TYPE, ikg("Cluster")),
                    (RDFS_LABEL, en(names.unique("{} cluster"))),
                    (ikg("country"), _iri(ID + slug)),
                    (ikg("sector"), _iri(PREFIXES["sector"] + rng.choice(PRODUCT_SECTORS))),
                ],
                "register",
            )
            found["clusters"].append(cluster)
    return found


def _region(
    out: _Writer,
    rng: random.Random,
    names: _Names,
    number: int,
    registry: dict[str, list[str]],
) -> _Region:
    """One region: its places (in its country's classifier graph) and its digest."""
    slug, _host_label, host_code, currency = HOST_COUNTRIES[number % len(HOST_COUNTRIES)]
    country = _iri(ID + slug)
    places = _iri(SRC + f"bench-classifier-{number:03d}")
    out.source(
        places,
        f"Classifier of territories, part {number}",
        "Statistics office",
        typed("2013", "gYear"),
    )
    label = names.unique("{} Region")
    region = _Region(
        iri=_iri(ID + f"region-{number:03d}"),
        label=label,
        country=country,
        host_code=host_code,
        currency=currency,
    )
    out.node(
        places,
        region.iri,
        [(RDF_TYPE, ikg("Region")), (RDFS_LABEL, en(label)), (ikg("locatedIn"), country)],
    )
    for d in range(4):
        district = _iri(ID + f"district-{number:03d}-{d}")
        out.node(
            places,
            district,
            [
                (RDF_TYPE, ikg("District")),
                (RDFS_LABEL, en(names.unique("{} District"))),
                (ikg("locatedIn"), region.iri),
            ],
        )
        region.districts.append(district)
    for c in range(2):
        city = _iri(ID + f"city-{number:03d}-{c}")
        kind = ikg("ScienceCity") if c == 1 else ikg("City")
        out.node(
            places,
            city,
            [
                (RDF_TYPE, kind),
                (RDFS_LABEL, en(names.unique("{}"))),
                (ikg("locatedIn"), region.districts[c]),
            ],
        )
        region.cities.append(city)

    digest = _iri(SRC + f"bench-digest-{number:03d}")
    out.source(
        digest,
        f"Investment digest: {label}",
        "Regional investment agency",
        _date(rng, 2015),
    )
    government = _iri(ID + f"government-{number:03d}")
    out.node(
        digest,
        government,
        [
            (RDF_TYPE, ikg("GovernmentBody")),
            (RDFS_LABEL, en(f"Government of {label}")),
            (ikg("jurisdiction"), region.iri),
        ],
        "paragraph 1",
    )
    for k, title in enumerate(("Governor", "First Deputy Governor", "Minister of Economy")):
        person = _iri(ID + f"official-{number:03d}-{k}")
        out.node(
            digest,
            person,
            [(RDF_TYPE, ikg("Person")), (RDFS_LABEL, en(names.unique("{} " + names.word())))],
            "paragraph 1",
        )
        out.node(
            digest,
            _iri(ID + f"post-official-{number:03d}-{k}"),
            [
                (RDF_TYPE, ikg("Position")),
                (ikg("holder"), person),
                (ikg("postIn"), government),
                (ikg("title"), en(title)),
                (ikg("asOf"), _date(rng, 2015)),
            ],
            "paragraph 1",
        )
        region.officials.append(person)

    # Industrial parks and a special economic zone with its plots and infrastructure.
    for p in range(3):
        park = _iri(ID + f"park-{number:03d}-{p}")
        name = names.unique("{} industrial park")
        out.node(
            digest,
            park,
            [
                (RDF_TYPE, ikg("IndustrialPark")),
                (RDFS_LABEL, en(name)),
                (f"<{SKOS}altLabel>", en(name.removesuffix(" industrial park"))),
                (ikg("locatedIn"), region.districts[p % len(region.districts)]),
                (ikg("near"), rng.choice(region.cities)),
            ],
            f"paragraph {2 + p}",
        )
        region.parks.append(park)
    zone = _iri(ID + f"sez-{number:03d}")
    region.zone = zone
    zone_label = names.unique("{} special economic zone")
    out.node(
        digest,
        zone,
        [
            (RDF_TYPE, ikg("SpecialEconomicZone")),
            (RDFS_LABEL, en(zone_label)),
            (ikg("locatedIn"), region.districts[3]),
            (ikg("near"), region.cities[0]),
        ],
        "paragraph 5",
    )
    airport = _iri(ID + f"airport-{number:03d}")
    logistics = _iri(ID + f"logistics-{number:03d}")
    plot = _iri(ID + f"sez-{number:03d}-plots")
    out.node(
        digest,
        airport,
        [
            (RDF_TYPE, ikg("Airport")),
            (RDFS_LABEL, en(names.unique("{} airport"))),
            (ikg("locatedIn"), region.districts[2]),
        ],
        "paragraph 6",
    )
    out.node(
        digest,
        logistics,
        [
            (RDF_TYPE, ikg("LogisticsCenter")),
            (RDFS_LABEL, en(names.unique("{} freight village"))),
            (ikg("near"), plot),
        ],
        "paragraph 6",
    )
    out.node(
        digest,
        plot,
        [
            (RDF_TYPE, ikg("LandPlot")),
            (RDFS_LABEL, en(f"{zone_label} land plots")),
            (ikg("locatedIn"), zone),
            (ikg("locatedIn"), region.districts[2]),
            (ikg("near"), airport),
            (ikg("near"), region.cities[1]),
        ],
        "paragraph 6",
    )
    region.plots.append(plot)
    area = rng.randint(200, 4000)
    for year in (2012, 2016):
        out.node(
            digest,
            _iri(ID + f"area-sez-{number:03d}-{year}"),
            [
                (RDF_TYPE, ikg("AreaMeasurement")),
                (ikg("site"), zone),
                (ikg("area"), decimal(area)),
                (ikg("unit"), _iri(PREFIXES["unit"] + "hectare")),
                (ikg("asOf"), _date(rng, year)),
            ],
            "paragraph 5",
        )
        area += rng.randint(50, 600)
    host_slug = HOST_COUNTRIES[number % len(HOST_COUNTRIES)][0]
    leader = next(entry for entry in registry["leaders"] if entry.startswith(host_slug + " "))
    _, national_government, signer = leader.split(" ")
    act = _iri(ID + f"act-sez-{number:03d}")
    out.node(
        digest,
        act,
        [
            (RDF_TYPE, ikg("LegalAct")),
            (RDFS_LABEL, en(f"Regulation enlarging {zone_label}")),
            (ikg("issuedBy"), national_government),
            (ikg("signedBy"), signer),
        ],
        "paragraph 6",
    )
    out.node(
        digest,
        _iri(ID + f"change-sez-{number:03d}"),
        [
            (RDF_TYPE, ikg("AreaChange")),
            (ikg("site"), zone),
            (ikg("areaDelta"), decimal(rng.randint(50, 600))),
            (ikg("unit"), _iri(PREFIXES["unit"] + "hectare")),
            (ikg("act"), act),
            (ikg("addedPlot"), plot),
            (ikg("asOf"), _date(rng, 2015)),
        ],
        "paragraph 6",
    )

    # Clusters of the region and their memberships in foreign clusters.
    for k in range(2):
        cluster = _iri(ID + f"cluster-{number:03d}-{k}")
        sector = rng.choice(PRODUCT_SECTORS)
        out.node(
            digest,
            cluster,
            [
                (RDF_TYPE, ikg("Cluster")),
                (RDFS_LABEL, en(names.unique("{} cluster"))),
                (ikg("locatedIn"), region.iri),
                (ikg("country"), country),
                (ikg("sector"), _iri(PREFIXES["sector"] + sector)),
            ],
            "paragraph 7",
        )
        for m, partner in enumerate(rng.sample(registry["clusters"], 2)):
            out.node(
                digest,
                _iri(ID + f"membership-{number:03d}-{k}-{m}"),
                [
                    (RDF_TYPE, ikg("ClusterMembership")),
                    (ikg("member"), cluster),
                    (ikg("cluster"), partner),
                    (ikg("since"), typed(str(rng.choice(YEARS)), "gYear")),
                    (ikg("field"), _iri(PREFIXES["topic"] + rng.choice(TOPICS)[0])),
                ],
                "paragraph 7",
            )
    for k, (home_slug, _label, _code) in enumerate(rng.sample(HOME_COUNTRIES, 2)):
        out.node(
            digest,
            _iri(ID + f"cooperation-{number:03d}-{k}"),
            [
                (RDF_TYPE, ikg("RegionalCooperation")),
                (ikg("region"), region.iri),
                (ikg("partnerCountry"), _iri(ID + home_slug)),
                (ikg("sector"), _iri(PREFIXES["sector"] + rng.choice(PRODUCT_SECTORS))),
            ],
            "paragraph 7",
        )

    # A conference about the region, with organizers and participants.
    event = _iri(ID + f"conference-{number:03d}")
    out.node(
        digest,
        event,
        [
            (RDF_TYPE, ikg("Conference")),
            (RDFS_LABEL, en(f"Investing in {label}: prospects and opportunities")),
            (ikg("startDate"), _date(rng, 2015)),
            (ikg("heldIn"), region.cities[0]),
            (ikg("organizer"), rng.choice(registry["chambers"])),
            (ikg("coOrganizer"), rng.choice(registry["centers"])),
            (ikg("topic"), _iri(PREFIXES["topic"] + TOPICS[0][0])),
            (ikg("topic"), _iri(PREFIXES["topic"] + rng.choice(TOPICS[1:])[0])),
        ],
        "paragraph 8",
    )
    for k, person in enumerate(region.officials):
        out.node(
            digest,
            _iri(ID + f"participation-{number:03d}-{k}"),
            [
                (RDF_TYPE, ikg("Participation")),
                (ikg("participant"), person),
                (ikg("event"), event),
                (ikg("inCapacityOf"), _iri(ID + f"post-official-{number:03d}-{k}")),
                (ikg("represents"), region.iri),
                (ikg("role"), en("speaker")),
            ],
            "paragraph 8",
        )

    # Yearly indicators and investment figures.
    for year in YEARS:
        for slug, _label, unit in INDICATORS:
            if unit == "rank":
                value = decimal(rng.randint(1, 85))
            elif unit == "count":
                value = decimal(rng.randint(0, 30))
            else:
                value = decimal(rng.uniform(-5, 15))
            statements = [
                (RDF_TYPE, ikg("Observation")),
                (ikg("region"), region.iri),
                (ikg("indicator"), _iri(PREFIXES["indicator"] + slug)),
                (ikg("period"), typed(str(year), "gYear")),
                (ikg("value"), value),
                (ikg("unit"), _iri(PREFIXES["unit"] + unit)),
            ]
            if unit == "rank":
                statements.append((ikg("comparedWithin"), country))
            out.node(
                digest, _iri(ID + f"observation-{number:03d}-{year}-{slug}"), statements, "table 1"
            )
        out.node(
            digest,
            _iri(ID + f"investment-{number:03d}-{year}"),
            [
                (RDF_TYPE, ikg("Investment")),
                (ikg("destination"), region.iri),
                (ikg("amount"), decimal(rng.randint(10, 200) * 1_000_000_000)),
                (ikg("currency"), _iri(PREFIXES["cur"] + currency)),
                (ikg("period"), typed(str(year), "gYear")),
                (ikg("aggregation"), ikg("Annual")),
                (ikg("figureStatus"), ikg("Reported" if year < 2024 else "Estimated")),
                (ikg("statedBy"), region.officials[0]),
            ],
            "table 2",
        )
    return region


def _site_in(rng: random.Random, region: _Region) -> str:
    """Where a facility stands: mostly in a park, else in the zone, a district or the region."""
    draw = rng.random()
    if draw < 0.6:
        return rng.choice(region.parks)
    if draw < 0.75:
        return region.zone
    if draw < 0.9:
        return rng.choice(region.districts)
    return region.iri


def _group(
    out: _Writer,
    rng: random.Random,
    names: _Names,
    number: int,
    regions: list[_Region],
    groups: list[_Group],
    landmarks: Landmarks,
) -> _Group:
    """One parent group's press release: the group, its vehicles, plants and figures."""
    graph = _iri(SRC + f"bench-press-{number:05d}")
    year = rng.choice(YEARS)
    home_slug, _home_label, home_code = HOME_COUNTRIES[rng.randrange(len(HOME_COUNTRIES))]
    group_name = names.unique("{} " + rng.choice(_COMPANY_KINDS))
    out.source(graph, f"{group_name} press release {number}", group_name, _date(rng, year))
    sector = rng.choice(PRODUCT_SECTORS)
    group = _Group(
        parent=_iri(ID + f"group-{number:05d}"),
        label=group_name,
        home=_iri(ID + home_slug),
        currency=HOME_CURRENCY[home_code],
        sector=_iri(PREFIXES["sector"] + sector),
    )
    out.node(
        graph,
        group.parent,
        [
            (RDF_TYPE, ikg("Company")),
            (RDFS_LABEL, en(group_name)),
            (f"<{SKOS}altLabel>", en(group_name.split(" ")[0])),
            (ikg("country"), group.home),
            (ikg("sector"), group.sector),
        ],
        "paragraph 1",
    )
    region_number = 0 if number == 0 else rng.randrange(len(regions))
    region = regions[region_number]
    vehicles: list[str] = []
    for s in range(rng.choice((1, 1, 2, 3))):
        subsidiary = _iri(ID + f"group-{number:05d}-sub-{s}")
        form = _LEGAL_FORMS[region.host_code]
        out.node(
            graph,
            subsidiary,
            [
                (RDF_TYPE, ikg("Company")),
                (RDFS_LABEL, en(f"{group_name.split(' ')[0]} {names.word()} {form}")),
                (ikg("country"), region.country),
                (ikg("sector"), group.sector),
            ],
            "paragraph 2",
        )
        owner = group.parent if s == 0 or rng.random() < 0.5 else group.subsidiaries[-1]
        out.node(
            graph,
            _iri(ID + f"stake-{number:05d}-sub-{s}"),
            [
                (RDF_TYPE, ikg("Ownership")),
                (ikg("owner"), owner),
                (ikg("owned"), subsidiary),
                (ikg("share"), decimal(rng.choice((100, 100, 100, 75, 51)))),
                (ikg("validFrom"), _precise_date(rng, max(2000, year - 5))),
            ],
            "paragraph 2",
        )
        group.subsidiaries.append(subsidiary)
        vehicles.append(subsidiary)
    # Now and then a group took over a company from another group: an ended stake.
    if groups and rng.random() < 0.2:
        previous = rng.choice(groups)
        out.node(
            graph,
            _iri(ID + f"stake-{number:05d}-former"),
            [
                (RDF_TYPE, ikg("Ownership")),
                (ikg("owner"), previous.parent),
                (ikg("owned"), group.subsidiaries[0]),
                (ikg("share"), decimal(100)),
                (ikg("validFrom"), typed(str(max(2000, year - 10)), "gYear")),
                (ikg("validTo"), typed(str(max(2001, year - 5)), "gYear")),
            ],
            "paragraph 3",
        )

    # Every fourth group runs a joint venture with one or two partners from other groups.
    if number % 4 == 0:
        venture = _iri(ID + f"venture-{number:05d}")
        venture_name = names.unique("{} " + _LEGAL_FORMS[region.host_code])
        out.node(
            graph,
            venture,
            [
                (RDF_TYPE, ikg("JointVenture")),
                (RDFS_LABEL, en(venture_name)),
                (ikg("country"), region.country),
                (ikg("sector"), group.sector),
            ],
            "paragraph 4",
        )
        partners = [group.parent]
        others = [g for g in groups[-50:] if g.parent != group.parent]
        for other in rng.sample(others, min(len(others), rng.choice((1, 1, 2)))):
            candidates = [other.parent, *other.subsidiaries]
            partners.append(rng.choice(candidates))
        if len(partners) == 1:
            # The very first group has no earlier partner: its venture is with its own
            # subsidiary and the group itself, so the venture still has two owners.
            partners.append(group.subsidiaries[0])
        shares: dict[int, list[tuple[int, ...]]] = {
            2: [(50, 50), (51, 49), (60, 40), (70, 30)],
            3: [(40, 35, 25), (50, 30, 20)],
        }
        split = rng.choice(shares[len(partners)])
        for k, (partner, share) in enumerate(zip(partners, split, strict=True)):
            out.node(
                graph,
                _iri(ID + f"stake-{number:05d}-venture-{k}"),
                [
                    (RDF_TYPE, ikg("Ownership")),
                    (ikg("owner"), partner),
                    (ikg("owned"), venture),
                    (ikg("share"), decimal(share)),
                    (ikg("validFrom"), _precise_date(rng, year)),
                    (ikg("asOf"), _date(rng, year)),
                ],
                "paragraph 4",
            )
        vehicles.append(venture)
        if number == 0:
            landmarks.venture = venture_name
            landmarks.venture_iri = venture[1:-1]
    # Facilities, each run by a vehicle, with their investment figures.
    for f in range(rng.choice((1, 2, 2, 3))):
        vehicle = vehicles[-1] if f == 0 else rng.choice([group.parent, *vehicles])
        facility = _iri(ID + f"plant-{number:05d}-{f}")
        commissioned = rng.choice(YEARS)
        site = region.parks[0] if number == 0 and f == 0 else _site_in(rng, region)
        out.node(
            graph,
            facility,
            [
                (RDF_TYPE, ikg("Facility")),
                (RDFS_LABEL, en(f"{group_name.split(' ')[0]} plant {names.word()}")),
                (ikg("operator"), vehicle),
                (ikg("locatedIn"), site),
                (ikg("sector"), group.sector),
                (ikg("commissionedOn"), _precise_date(rng, commissioned)),
            ],
            f"paragraph {5 + f}",
        )
        if number == 0 and f == 0:
            landmarks.commissioned_year = str(commissioned)
        cumulative = rng.random() < 0.6
        statements = [
            (RDF_TYPE, ikg("Investment")),
            (ikg("investor"), group.parent),
            (ikg("originCountry"), group.home),
            (ikg("destination"), facility),
            (ikg("amount"), decimal(rng.randint(5, 900) * 1_000_000)),
            (ikg("currency"), _iri(PREFIXES["cur"] + group.currency)),
            (ikg("aggregation"), ikg("Cumulative" if cumulative else "Annual")),
            (ikg("figureStatus"), ikg("Reported" if rng.random() < 0.8 else "Estimated")),
        ]
        if cumulative:
            statements.append((ikg("asOf"), _date(rng, min(2024, commissioned + 1))))
        else:
            statements.append((ikg("period"), typed(str(commissioned), "gYear")))
        if rng.random() < 0.3:
            statements.append((ikg("statedBy"), rng.choice(region.officials)))
        out.node(graph, _iri(ID + f"investment-{number:05d}-{f}"), statements, f"paragraph {5 + f}")
    if number == 0:
        landmarks.source = f"src:bench-press-{number:05d}"
        landmarks.source_iri = graph[1:-1]
    return group


def generate(size: int, seed: int = 42) -> Generated:
    """A synthetic investment graph of about ``size`` triples (each a quad in its source
    graph), deterministic for a given seed."""
    if size < 1:
        raise UsageError("the size must be a positive number of triples")
    rng = random.Random(seed)
    names = _Names(rng)
    out = _Writer()
    landmarks = Landmarks()
    _reference(out)
    registry = _registry(out, rng, names)
    region_count = max(2, min(85, size // 12_000))
    regions = [_region(out, rng, names, n, registry) for n in range(region_count)]
    first = regions[0]
    landmarks.region = first.label
    landmarks.region_iri = first.iri[1:-1]
    landmarks.event = f"Investing in {first.label}: prospects and opportunities"
    landmarks.event_iri = ID + "conference-000"
    zone_line = next(line for line in out.lines if line.startswith(first.zone + " " + RDFS_LABEL))
    landmarks.zone = zone_line.split('"')[1]
    landmarks.zone_iri = first.zone[1:-1]
    groups: list[_Group] = []
    while not groups or len(out.lines) < size:
        groups.append(_group(out, rng, names, len(groups), regions, groups, landmarks))
    return Generated(
        lines=out.lines,
        landmarks=landmarks,
        seed=seed,
        target=size,
        groups=len(groups),
        regions=len(regions),
        graphs=out.graphs,
    )


def write_nquads(generated: Generated, path: Path) -> Path:
    """Write the graph's N-Quads to ``path`` atomically (temp file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(generated.nquads())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
