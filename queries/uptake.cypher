// uptake — 落实进度: every policy that implements a directive, directly or through
// intermediate documents, with the dates its lag is counted from (twin of uptake.rq).
// Parameters:
//   $number  (string) 发文字号 (or, for a law, its title as its number) of the directive
//   (or $policy (IRI, as text), for a directive without a number)
//   The number column is the policy's number, "" when it has none; $number "" asks for the
//   policies without one. With neither parameter: every policy.
// A citation of a law or regulation held in several versions points at the Work: the walk
// down from any version goes through it, the Work coming as a child of its version (a
// HAS_VERSION relationship, without number or date; the caller steps through it).
// Returns one row per implements edge on the way down: child implements parent, with the
// child's number, title, level, region, date and first adoption date, and the directive's
// date and first adoption date; and what each child's standing is computed from (dates, a
// document that repeals it and from when, a newer version: one row per repealer).
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
OPTIONAL MATCH (repealer:Policy)-[:REPEALS]->(child:Policy)
RETURN DISTINCT policy.iri AS policy, number, policy.date AS policyDate, policy.first_date AS policyFirstDate,
       child.iri AS child, parent.iri AS parent, child.number AS childNumber, child.title AS childTitle,
       child.level AS childLevel, child.region AS childRegion, child.date AS childDate, child.first_date AS childFirstDate,
       child.effective AS childEffective, child.expires AS childExpires, repealer.iri AS childRepealer,
       coalesce(repealer.effective, repealer.date) AS childRepealedSince, child.amended_by AS childNewer,
       child.amended_from AS childAmendedSince
