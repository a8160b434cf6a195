"""The one schema of the resolved graph: kinds of nodes and edges, citation relations,
responsibility roles and administrative levels, each with its RDF term
(``ontology/policy.ttl``), its Neo4j label or relationship type and its display labels
(Chinese and English) — in one table, :data:`TERMS`.

The networkx graph stores the plain values (``"Policy"``, ``"LEADS"``, ``"implements"``,
``"lead"``, ``"national"``); every sink and view maps them through this module, so a role's
edge, a level's rank or a relation's property is written here once.

>>> Role("support").edge
<EdgeKind.SUPPORTS: 'SUPPORTS'>
>>> EdgeKind.LEADS.role, EdgeKind.HAS_MEASURE.role
(<Role.LEAD: 'lead'>, None)
>>> Relation.IMPLEMENTS.iri, Relation.IMPLEMENTS.neo4j
('https://w3id.org/policy-kg/ontology#implements', 'IMPLEMENTS')
>>> [lv.value for lv in LEVELS], Level("city").rank
(['national', 'province', 'city', 'county'], 2)
>>> Level.CITY.label("zh"), NodeKind.POLICY.label("en"), Role.LEAD.label("zh")
('市级', 'policy', '牵头')
>>> level_rank("county"), level_rank(None), level_rank("省")
(3, 4, 4)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

PKG = "https://w3id.org/policy-kg/ontology#"
ID = "https://w3id.org/policy-kg/id/"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES = {"pkg": PKG, "id": ID, "eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dct": DCT, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}


def expand(curie: str) -> str:
    """A CURIE of :data:`PREFIXES` as a full IRI.

    >>> expand("eli:applies")
    'http://data.europa.eu/eli/ontology#applies'
    """
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


class _Kind(str, Enum):
    """A member of the schema: its value is what the networkx graph stores."""

    def __str__(self) -> str:
        return str(self.value)

    @property
    def term(self) -> Term:
        return TERMS[self]

    @property
    def iri(self) -> str | None:
        """The RDF term (class, property or concept) as a full IRI."""
        return expand(self.term.rdf) if self.term.rdf else None

    @property
    def super_iri(self) -> str | None:
        """The established term the RDF term specialises, if any (stated in the ontology, not on each resource)."""
        return expand(self.term.rdf_super) if self.term.rdf_super else None

    @property
    def neo4j(self) -> str | None:
        """The Neo4j node label or relationship type."""
        return self.term.neo4j

    def label(self, lang: str = "zh") -> str:
        return self.term.en if lang == "en" else self.term.zh


class NodeKind(_Kind):
    POLICY = "Policy"
    MEASURE = "Measure"
    DEPARTMENT = "Department"
    INSTITUTION = "Institution"
    TARGET = "Target"
    # nodes the sinks derive from attributes (regions, issuing bodies, the level concepts)
    REGION = "Region"
    ORGANIZATION = "Organization"
    LEVEL = "Level"
    #: a law or regulation revised over time; its versions are the Policy nodes of its texts
    WORK = "Work"

    def node(self, key: str) -> str:
        """The id of a node of this kind in the networkx graph (``policy:国发〔2019〕4号``)."""
        return f"{self.value.lower()}:{key}"


class EdgeKind(_Kind):
    CITATION = "CITATION"  # typed further by its Relation
    HAS_MEASURE = "HAS_MEASURE"
    LEADS = "LEADS"
    SUPPORTS = "SUPPORTS"
    RESPONSIBLE_FOR = "RESPONSIBLE_FOR"
    MENTIONS = "MENTIONS"
    SETS_TARGET = "SETS_TARGET"
    TAKES_UP = "TAKES_UP"  # local measure -> parent measure it takes up (kg.align)
    # relationships the sinks derive from attributes
    PART_OF = "PART_OF"
    OF_POLICY = "OF_POLICY"
    ISSUED_BY = "ISSUED_BY"
    IN_REGION = "IN_REGION"
    WITHIN_REGION = "WITHIN_REGION"
    AT_LEVEL = "AT_LEVEL"
    #: this policy repeals or replaces that one (to a stub when it is not held)
    REPEALS = "REPEALS"
    #: a work and one of its dated versions
    HAS_VERSION = "HAS_VERSION"

    @property
    def role(self) -> Role | None:
        """The role a responsibility edge stands for."""
        return next((r for r in Role if r.edge is self), None)


class Relation(_Kind):
    """How a policy cites another (the ``relation`` of a CITATION edge)."""

    IMPLEMENTS = "implements"
    CITES = "cites"
    PLANS = "plans"


class Role(_Kind):
    """What a department does for a measure."""

    LEAD = "lead"
    SUPPORT = "support"
    RESPONSIBLE = "responsible"

    @property
    def edge(self) -> EdgeKind:
        return ROLE_EDGE[self]


class Level(_Kind):
    """Administrative levels, highest first (the order is the rank)."""

    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Status(_Kind):
    """Whether a policy stands on a given day (北大法宝's 时效性, ELI ``in_force``)."""

    IN_FORCE = "in_force"
    NOT_YET = "not_yet_in_force"
    EXPIRED = "expired"
    REPEALED = "repealed"
    AMENDED = "amended"


@dataclass(frozen=True)
class Term:
    """One row of the schema: RDF term (a CURIE), the established term it specialises,
    Neo4j label or relationship type, display labels."""

    rdf: str | None
    neo4j: str | None
    zh: str
    en: str
    rdf_super: str | None = None


TERMS: dict[_Kind, Term] = {
    NodeKind.POLICY: Term("pkg:Policy", "Policy", "政策", "policy", "eli:LegalResource"),
    NodeKind.MEASURE: Term("pkg:Measure", "Measure", "任务措施", "measure", "eli:LegalResourceSubdivision"),
    NodeKind.DEPARTMENT: Term("pkg:Department", "Department", "部门", "department", "org:Organization"),
    NodeKind.INSTITUTION: Term("pkg:Institution", "Institution", "机构", "institution", "org:Organization"),
    NodeKind.TARGET: Term("pkg:Target", "Target", "目标", "target", "prov:Entity"),
    NodeKind.REGION: Term("pkg:Region", "Region", "地区", "region", "dct:Location"),
    NodeKind.ORGANIZATION: Term("org:Organization", "Organization", "发文机关", "issuer"),
    NodeKind.LEVEL: Term("pkg:Level", "Level", "层级", "level", "skos:Concept"),
    NodeKind.WORK: Term("pkg:Work", "Work", "法规作品", "work", "eli:LegalResource"),
    EdgeKind.CITATION: Term("pkg:Citation", None, "引用", "citation", "prov:Entity"),
    EdgeKind.HAS_MEASURE: Term("pkg:hasMeasure", "HAS_MEASURE", "包含", "contains", "eli:has_part"),
    EdgeKind.LEADS: Term("pkg:leads", "LEADS", "牵头", "leads", "pkg:isResponsibleFor"),
    EdgeKind.SUPPORTS: Term("pkg:supports", "SUPPORTS", "配合", "supports", "pkg:isResponsibleFor"),
    EdgeKind.RESPONSIBLE_FOR: Term("pkg:isResponsibleFor", "RESPONSIBLE_FOR", "负责", "responsible for"),
    EdgeKind.MENTIONS: Term("pkg:mentionsInstitution", "MENTIONS", "提及", "mentions"),
    EdgeKind.SETS_TARGET: Term("pkg:setsTarget", "SETS_TARGET", "设定目标", "sets target"),
    EdgeKind.TAKES_UP: Term("pkg:takesUp", "TAKES_UP", "落实条款", "takes up", "prov:wasDerivedFrom"),
    EdgeKind.PART_OF: Term("eli:is_part_of", "PART_OF", "属于", "part of"),
    EdgeKind.OF_POLICY: Term("pkg:ofPolicy", "OF_POLICY", "所属政策", "of policy"),
    EdgeKind.ISSUED_BY: Term("eli:passed_by", "ISSUED_BY", "发文机关", "issued by"),
    EdgeKind.IN_REGION: Term("pkg:region", "IN_REGION", "地区", "in region", "dct:spatial"),
    EdgeKind.WITHIN_REGION: Term("pkg:withinRegion", "WITHIN_REGION", "上级地区", "within region", "dct:isPartOf"),
    EdgeKind.AT_LEVEL: Term("pkg:level", "AT_LEVEL", "层级", "at level"),
    EdgeKind.REPEALS: Term("eli:repeals", "REPEALS", "废止", "repeals"),
    EdgeKind.HAS_VERSION: Term("eli:is_realized_by", "HAS_VERSION", "版本", "has version"),
    Status.IN_FORCE: Term("pkg:status-in_force", None, "现行有效", "in force"),
    Status.NOT_YET: Term("pkg:status-not_yet_in_force", None, "尚未施行", "not yet in force"),
    Status.EXPIRED: Term("pkg:status-expired", None, "已失效", "expired"),
    Status.REPEALED: Term("pkg:status-repealed", None, "已废止", "repealed"),
    Status.AMENDED: Term("pkg:status-amended", None, "已被修改", "amended"),
    Relation.IMPLEMENTS: Term("pkg:implements", "IMPLEMENTS", "贯彻落实", "implements", "eli:applies"),
    Relation.CITES: Term("pkg:cites", "CITES", "引用", "cites", "eli:cites"),
    Relation.PLANS: Term("pkg:plans", "PLANS", "拟制定", "plans", "dct:references"),
    Role.LEAD: Term(None, None, "牵头", "lead"),
    Role.SUPPORT: Term(None, None, "配合", "support"),
    Role.RESPONSIBLE: Term(None, None, "负责", "responsible"),
    Level.NATIONAL: Term("pkg:level-national", None, "国家", "national"),
    Level.PROVINCE: Term("pkg:level-province", None, "省级", "province"),
    Level.CITY: Term("pkg:level-city", None, "市级", "city"),
    Level.COUNTY: Term("pkg:level-county", None, "县级", "county"),
}

#: the edge each role becomes (a role not known is ``responsible``)
ROLE_EDGE: dict[Role, EdgeKind] = {Role.LEAD: EdgeKind.LEADS, Role.SUPPORT: EdgeKind.SUPPORTS,
                                   Role.RESPONSIBLE: EdgeKind.RESPONSIBLE_FOR}
LEVELS: tuple[Level, ...] = tuple(Level)
ROLES: tuple[Role, ...] = tuple(Role)
RELATIONS: tuple[Relation, ...] = tuple(Relation)
#: the edge kinds of responsibilities (department -> measure)
RESPONSIBILITY_EDGES: frozenset[EdgeKind] = frozenset(ROLE_EDGE.values())


def role_edge(role: str | None) -> EdgeKind:
    """The edge a responsibility with ``role`` becomes; anything unknown is RESPONSIBLE_FOR.

    >>> role_edge("lead").value, role_edge("协办").value
    ('LEADS', 'RESPONSIBLE_FOR')
    """
    return ROLE_EDGE[Role(role)] if role in Role._value2member_map_ else EdgeKind.RESPONSIBLE_FOR


def edge_role(kind: str | None) -> Role | None:
    """The role of a responsibility edge kind (None for other kinds).

    >>> edge_role("SUPPORTS").value, edge_role("HAS_MEASURE")
    ('support', None)
    """
    return EdgeKind(kind).role if kind in EdgeKind._value2member_map_ else None


def is_level(value: object) -> bool:
    return isinstance(value, str) and value in Level._value2member_map_


def level_rank(level: str | None) -> int:
    """Rank of a level (national 0 … county 3); anything else sorts after them (4)."""
    return Level(level).rank if is_level(level) else len(LEVELS)


def messages() -> dict[str, tuple[str, str]]:
    """Display labels of relations, levels and roles as :mod:`kg.i18n` messages
    (``implements``, ``national``, ``role_lead`` …)."""
    out = {k.value: (k.term.zh, k.term.en) for k in (*RELATIONS, *LEVELS)}
    out.update({f"role_{r.value}": (r.term.zh, r.term.en) for r in ROLES})
    out.update({f"status_{st.value}": (st.term.zh, st.term.en) for st in Status})
    return out


#: the version of the graph's shape (node and edge kinds, their properties, the store's and
#: Neo4j's layout). Raised whenever a change means a graph written before is read wrongly;
#: the workspace, the Neo4j database and a pushed named graph record the version that wrote
#: them, and a newer ``kg`` finding an older one says what to run. 1: the layout before
#: versions were recorded; 2: analysts' corrections with their provenance; 3: what the
#: ontology states (super-classes, super-properties, inverses, a take-up's pkg:takesUp link)
#: is no longer written on each resource, an organisation's name is its skos:prefLabel only.
SCHEMA_VERSION = 3


@dataclass(frozen=True)
class CorrectionTerms:
    """How a corrected fact says so (kg.corrections): RDF terms (CURIEs) and Neo4j
    properties. The fact is ``prov:wasAttributedTo`` the analyst and ``pkg:correctedBy`` the
    correction, a ``pkg:Correction`` (a ``prov:Activity``) with its reason, operation and time."""

    cls: str = "pkg:Correction"
    cls_super: str = "prov:Activity"
    agent: str = "prov:Agent"
    corrected_by: str = "pkg:correctedBy"
    attributed_to: str = "prov:wasAttributedTo"
    associated_with: str = "prov:wasAssociatedWith"
    reason: str = "pkg:reason"
    operation: str = "pkg:operation"
    time: str = "prov:endedAtTime"
    schema_version: str = "pkg:schemaVersion"
    #: Neo4j properties of a corrected node or relationship (lists, one entry per correction)
    neo4j_ids: str = "correction_ids"
    neo4j_who: str = "corrected_by"
    neo4j_why: str = "correction_reasons"


CORRECTION = CorrectionTerms()
