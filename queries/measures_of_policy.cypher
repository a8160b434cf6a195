// measures_of_policy — 政策任务措施: the measures of a policy in document order, with the
// departments that lead, support or are responsible for each, its deadline and how many
// targets it sets (twin of measures_of_policy.rq).
// Parameters:
//   $number (string) 发文字号 of the policy, e.g. 沈政发〔2021〕14号
//   (or $policy (IRI, as text), for a policy without a number; with neither: the measures of every policy)
//   $kind   (string, optional) section | measure | row: only measures of this kind
// Returns one row per measure: policy number measure path measureNumber kind heading deadline
//   leads supports responsible (department names joined with 、, in name order; null when none,
//   as the embedded store gives) targets (count)
//   start (character offset in the source) text
// The policy is found by index first (by IRI, else by number), then its measures.
UNWIND CASE
  WHEN $policy IS NOT NULL THEN COLLECT { MATCH (p:Policy {iri: $policy}) RETURN p }
  WHEN coalesce($number, '') <> '' THEN COLLECT { MATCH (p:Policy {number: $number}) RETURN p }
  ELSE COLLECT { MATCH (p:Policy) RETURN p }
END AS policy
WITH policy, coalesce(policy.number, '') AS number
WHERE $number IS NULL OR number = $number
MATCH (measure:Measure)-[:PART_OF]->(policy)
WITH measure, policy, number, coalesce(measure.kind, '') AS kind
WHERE $kind IS NULL OR kind = $kind
CALL (measure) {
  OPTIONAL MATCH (d:Department)-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(measure)
  WITH type(r) AS role, d.name AS name ORDER BY name
  WITH role, collect(DISTINCT name) AS names
  RETURN collect([role, names]) AS byRole
}
CALL (measure) {
  OPTIONAL MATCH (measure)-[:SETS_TARGET]->(t:Target)
  RETURN count(DISTINCT t) AS targets
}
WITH policy, number, measure, kind, targets,
     [x IN byRole WHERE x[0] = 'LEADS' | x[1]] + [[]] AS leads,
     [x IN byRole WHERE x[0] = 'SUPPORTS' | x[1]] + [[]] AS supports,
     [x IN byRole WHERE x[0] = 'RESPONSIBLE_FOR' | x[1]] + [[]] AS responsible
RETURN policy.iri AS policy, number, measure.iri AS measure, measure.path AS path,
       measure.number AS measureNumber, kind, measure.heading AS heading, measure.deadline AS deadline,
       CASE WHEN size(leads[0]) > 0 THEN reduce(s = '', n IN leads[0] | s + CASE s WHEN '' THEN '' ELSE '、' END + n) END AS leads,
       CASE WHEN size(supports[0]) > 0 THEN reduce(s = '', n IN supports[0] | s + CASE s WHEN '' THEN '' ELSE '、' END + n) END AS supports,
       CASE WHEN size(responsible[0]) > 0 THEN reduce(s = '', n IN responsible[0] | s + CASE s WHEN '' THEN '' ELSE '、' END + n) END AS responsible,
       targets, measure.start AS start, measure.text AS text
ORDER BY policy, start IS NOT NULL, start, path
