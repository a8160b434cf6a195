// implementers_direct — 直接落实文件: the policies that cite a directive as the one they
// implement (twin of implementers_direct.rq).
// Parameters:
//   $policy (IRI, as text) the directive
// A citation of a law or regulation held in several versions points at the Work: a step
// goes through it to every version (-[:IMPLEMENTS]->()-[:HAS_VERSION*0..1]->), so parent
// is always a Policy.
// Returns one row per direct implementer (one per document that repeals it): child parent
// (the directive) with the child's number, title, level, region and date, and what its
// standing is computed from (effective, expires, repealer and from when, newer version).
// Sorted as `kg implementers` lists them (level from the top down, number, title), so a
// page (the "//page" line takes SKIP/LIMIT) is cut before the repealers are looked up.
MATCH (child:Policy)-[:IMPLEMENTS]->()-[:HAS_VERSION*0..1]->(parent:Policy {iri: $policy})
WITH DISTINCT child, parent
OPTIONAL MATCH (child)-[:AT_LEVEL]->(lv:Level)
WITH child, parent, lv ORDER BY lv.rank IS NULL, lv.rank, child.number IS NOT NULL, child.number, child.title IS NOT NULL, child.title, child.iri
//page
OPTIONAL MATCH (repealer:Policy)-[:REPEALS]->(child)
RETURN DISTINCT child.iri AS child, parent.iri AS parent, child.number AS childNumber, child.title AS childTitle,
       child.level AS childLevel, child.region AS childRegion, child.date AS childDate,
       child.effective AS childEffective, child.expires AS childExpires,
       repealer.iri AS childRepealer, coalesce(repealer.effective, repealer.date) AS childRepealedSince,
       child.amended_by AS childNewer, child.amended_from AS childAmendedSince
