// implementers — 下级落实文件: every policy that implements a directive, directly or
// through intermediate documents (twin of implementers.rq).
// Parameters:
//   $number  (string) 发文字号 of the directive, e.g. 国发〔2019〕4号
//   (or $policy (IRI, as text), for a directive without a number)
//   The number column is the policy's number, "" when it has none; $number "" asks for the
//   policies without one. With neither parameter: every policy.
// With the validity of each policy found (dates, a repealer and from when, a newer version),
// one row per repealer.
// Returns one row per implements edge on the way down: child implements parent,
// with the child's number, title, level, region and date.
UNWIND CASE
  WHEN $policy IS NOT NULL THEN COLLECT { MATCH (p:Policy {iri: $policy}) RETURN p }
  WHEN coalesce($number, '') <> '' THEN COLLECT { MATCH (p:Policy {number: $number}) RETURN p }
  ELSE COLLECT { MATCH (p:Policy) RETURN p }
END AS policy
WITH policy, coalesce(policy.number, '') AS number
WHERE $number IS NULL OR number = $number
MATCH (parent:Policy)-[:IMPLEMENTS*0..]->(policy)
WITH DISTINCT policy, number, parent
MATCH (child:Policy)-[:IMPLEMENTS]->(parent)
OPTIONAL MATCH (repealer:Policy)-[:REPEALS]->(child)
RETURN DISTINCT policy.iri AS policy, number, child.iri AS child,
       parent.iri AS parent, child.number AS childNumber, child.title AS childTitle,
       child.level AS childLevel, child.region AS childRegion, child.date AS childDate,
       child.effective AS childEffective, child.expires AS childExpires, repealer.iri AS childRepealer,
       coalesce(repealer.effective, repealer.date) AS childRepealedSince, child.amended_by AS childNewer,
       child.amended_from AS childAmendedSince
