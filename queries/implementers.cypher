// implementers — 下级落实文件: every policy that implements a directive, directly or
// through intermediate documents (twin of implementers.rq).
// Parameters:
//   $number  (string) 发文字号 of the directive, e.g. 国发〔2019〕4号
//   (or $policy (IRI, as text), for a directive without a number)
//   The number column is the policy's number, "" when it has none; $number "" asks for the
//   policies without one. With neither parameter: every policy.
// The standing of the implementers is asked for the page shown only (standing.cypher).
// A citation of a law or regulation held in several versions points at the Work: the walk
// down from any version goes through it, the Work coming as a child of its version (a
// HAS_VERSION relationship, without number or date; the caller steps through it).
// Returns one row per implements edge on the way down: child implements parent,
// with the child's number, title, level, region and date.
UNWIND CASE
  WHEN $policy IS NOT NULL THEN COLLECT { MATCH (p:Policy {iri: $policy}) RETURN p }
  WHEN coalesce($number, '') <> '' THEN COLLECT { MATCH (p:Policy {number: $number}) RETURN p }
  ELSE COLLECT { MATCH (p:Policy) RETURN p }
END AS policy
WITH policy, coalesce(policy.number, '') AS number
WHERE $number IS NULL OR number = $number
MATCH (parent)-[:IMPLEMENTS|HAS_VERSION*0..]->(policy)
WITH DISTINCT policy, number, parent
MATCH (child)-[:IMPLEMENTS|HAS_VERSION]->(parent)
RETURN DISTINCT policy.iri AS policy, number, child.iri AS child,
       parent.iri AS parent, child.number AS childNumber, child.title AS childTitle,
       child.level AS childLevel, child.region AS childRegion, child.date AS childDate
