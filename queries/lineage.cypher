// lineage — 政策溯源: the directive chain of a policy up to national level (twin of lineage.rq).
// Which directives does this plan implement, and through which intermediate documents?
// Parameters:
//   $number  (string) 发文字号 of the policy, e.g. 沈政发〔2021〕14号
//   (or $policy (IRI, as text), for a policy without a number)
//   The number column is the policy's number, "" when it has none; $number "" asks for the
//   policies without one. With neither parameter: every policy.
// A citation of a law or regulation held in several versions points at the Work: a step
// goes through it to every version (-[:IMPLEMENTS]->()-[:HAS_VERSION*0..1]->), so parent
// is always a Policy.
// Returns one row per implements edge on the way up: child implements parent,
// with the parent's number, title, level, whether it is a stub (cited only), the
// sentence of the child that names the parent, and what the parent's standing is computed
// from (as standing.cypher gives it; one row per repealer).
UNWIND CASE
  WHEN $policy IS NOT NULL THEN COLLECT { MATCH (p:Policy {iri: $policy}) RETURN p }
  WHEN coalesce($number, '') <> '' THEN COLLECT { MATCH (p:Policy {number: $number}) RETURN p }
  ELSE COLLECT { MATCH (p:Policy) RETURN p }
END AS policy
WITH policy, coalesce(policy.number, '') AS number
WHERE $number IS NULL OR number = $number
MATCH (policy)-[:IMPLEMENTS|HAS_VERSION*0..]->(child:Policy)
WITH DISTINCT policy, number, child
MATCH (child)-[c:IMPLEMENTS]->()-[:HAS_VERSION*0..1]->(parent:Policy)
OPTIONAL MATCH (repealer:Policy)-[:REPEALS]->(parent)
RETURN DISTINCT policy.iri AS policy, number, child.iri AS child,
       parent.iri AS parent, parent.number AS parentNumber, parent.title AS parentTitle,
       parent.level AS parentLevel, parent.stub AS parentStub, c.sentence AS sentence,
       parent.effective AS parentEffective, parent.expires AS parentExpires,
       repealer.iri AS parentRepealer, coalesce(repealer.effective, repealer.date) AS parentRepealedSince,
       parent.amended_by AS parentNewer, parent.amended_from AS parentAmendedSince
