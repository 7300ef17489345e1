"""The invest-kg ontology terms as Python constants.

Generated from ontology/invest-kg.ttl by ``python -m kg.termgen``; do not edit.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["IKG"]


class IKG(DefinedNamespace):
    """invest-kg ontology terms; an unknown name raises AttributeError."""

    _fail = True
    _NS = Namespace("https://w3id.org/invest-kg/ontology#")

    Agent: URIRef  # agent
    AggregationKind: URIRef  # aggregation kind
    Airport: URIRef  # airport
    Annual: URIRef  # annual
    AreaChange: URIRef  # area change
    AreaMeasurement: URIRef  # area measurement
    BusinessAssociation: URIRef  # business association
    City: URIRef  # city
    Cluster: URIRef  # cluster
    ClusterMembership: URIRef  # cluster membership
    Company: URIRef  # company
    Concept: URIRef  # concept
    Conference: URIRef  # conference
    Country: URIRef  # country
    Cumulative: URIRef  # cumulative
    Currency: URIRef  # currency
    District: URIRef  # district
    Estimated: URIRef  # estimated
    Event: URIRef  # event
    Facility: URIRef  # production facility
    Fact: URIRef  # fact
    FigureStatus: URIRef  # figure status
    GovernmentBody: URIRef  # government body
    Indicator: URIRef  # indicator
    IndustrialPark: URIRef  # industrial park
    Investment: URIRef  # investment figure
    JointVenture: URIRef  # joint venture
    LandPlot: URIRef  # land plot
    LegalAct: URIRef  # legal act
    LogisticsCenter: URIRef  # logistics center
    Observation: URIRef  # indicator observation
    Organization: URIRef  # organization
    Ownership: URIRef  # ownership stake
    Participation: URIRef  # participation
    Person: URIRef  # person
    Place: URIRef  # place
    Position: URIRef  # post
    Region: URIRef  # region
    RegionalCooperation: URIRef  # regional cooperation
    Reported: URIRef  # reported
    ResearchCenter: URIRef  # research center
    ScienceCity: URIRef  # science city
    Sector: URIRef  # sector
    Site: URIRef  # site
    SourceDocument: URIRef  # source document
    SpecialEconomicZone: URIRef  # special economic zone
    Topic: URIRef  # topic
    Unit: URIRef  # unit
    act: URIRef  # act
    addedPlot: URIRef  # added plot
    aggregation: URIRef  # aggregation
    amount: URIRef  # amount
    area: URIRef  # area
    areaDelta: URIRef  # area delta
    asOf: URIRef  # as of
    cluster: URIRef  # cluster
    coOrganizer: URIRef  # co-organizer
    commissionedOn: URIRef  # commissioned on
    comparedWithin: URIRef  # compared within
    country: URIRef  # country
    currency: URIRef  # currency
    destination: URIRef  # destination
    event: URIRef  # event
    field: URIRef  # field of cooperation
    figureStatus: URIRef  # figure status
    heldIn: URIRef  # held in
    holder: URIRef  # holder
    inCapacityOf: URIRef  # in capacity of
    indicator: URIRef  # indicator
    investor: URIRef  # investor
    isoCode: URIRef  # ISO code
    issuedBy: URIRef  # issued by
    jurisdiction: URIRef  # jurisdiction
    locatedIn: URIRef  # located in
    locator: URIRef  # locator
    member: URIRef  # member
    near: URIRef  # near
    operator: URIRef  # operator
    organizer: URIRef  # organizer
    originCountry: URIRef  # origin country
    owned: URIRef  # owned
    owner: URIRef  # owner
    participant: URIRef  # participant
    partnerCountry: URIRef  # partner country
    period: URIRef  # period
    postIn: URIRef  # post in
    publication: URIRef  # publication
    published: URIRef  # published
    publisher: URIRef  # publisher
    purpose: URIRef  # purpose
    region: URIRef  # region
    represents: URIRef  # represents
    role: URIRef  # role
    sector: URIRef  # sector
    servesQuestion: URIRef  # serves question
    share: URIRef  # share
    signedBy: URIRef  # signed by
    since: URIRef  # since
    site: URIRef  # site
    source: URIRef  # source
    startDate: URIRef  # start date
    statedAt: URIRef  # stated at
    statedBy: URIRef  # stated by
    title: URIRef  # title
    topic: URIRef  # topic
    unit: URIRef  # unit
    url: URIRef  # URL
    validFrom: URIRef  # valid from
    validTo: URIRef  # valid to
    value: URIRef  # value
