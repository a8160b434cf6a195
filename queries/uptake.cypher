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
// Returns the three kinds of row of uptake.rq: one per implements edge on the way down
// (child, parent); one per implementing document (child, no parent) with its number,
// title, level, region, date and first adoption date, and what its standing is computed
// from (dates, a document that repeals it and from when, a newer version: one row per
// repealer); one with the directive's date and first adoption date (no child).
UNWIND CASE
  WHEN $policy IS NOT NULL THEN COLLECT { MATCH (p:Policy {iri: $policy}) RETURN p }
  WHEN coalesce($number, '') <> '' THEN COLLECT { MATCH (p:Policy {number: $number}) RETURN p }
  ELSE COLLECT { MATCH (p:Policy) RETURN p }
END AS policy
WITH policy, coalesce(policy.number, '') AS number
WHERE $number IS NULL OR number = $number
OPTIONAL MATCH (parent)-[:IMPLEMENTS|HAS_VERSION*0..]->(policy)
WITH DISTINCT policy, number, parent
OPTIONAL MATCH (child)-[:IMPLEMENTS|HAS_VERSION]->(parent)
WITH policy, number, collect(DISTINCT [child, parent]) AS pairs
WITH policy, number, [e IN pairs WHERE e[0] IS NOT NULL] AS edges
WITH policy, number, edges, [e IN edges | e[0]] AS children
UNWIND [[null, null]] + edges + [c IN children | [c, null]] AS row
WITH DISTINCT policy, number, row[0] AS child, row[1] AS parent
OPTIONAL MATCH (repealer:Policy)-[:REPEALS]->(child:Policy) WHERE parent IS NULL
RETURN DISTINCT policy.iri AS policy, number,
       CASE WHEN child IS NULL THEN policy.date END AS policyDate,
       CASE WHEN child IS NULL THEN policy.first_date END AS policyFirstDate,
       child.iri AS child, parent.iri AS parent,
       CASE WHEN parent IS NULL THEN child.number END AS childNumber,
       CASE WHEN parent IS NULL THEN child.title END AS childTitle,
       CASE WHEN parent IS NULL THEN child.level END AS childLevel,
       CASE WHEN parent IS NULL THEN child.region END AS childRegion,
       CASE WHEN parent IS NULL THEN child.date END AS childDate,
       CASE WHEN parent IS NULL THEN child.first_date END AS childFirstDate,
       CASE WHEN parent IS NULL THEN child.effective END AS childEffective,
       CASE WHEN parent IS NULL THEN child.expires END AS childExpires,
       repealer.iri AS childRepealer, coalesce(repealer.effective, repealer.date) AS childRepealedSince,
       CASE WHEN parent IS NULL THEN child.amended_by END AS childNewer,
       CASE WHEN parent IS NULL THEN child.amended_from END AS childAmendedSince
