// adoption — 条款落实: the measures of a local policy and the measures of the policies it
// implements that each takes up (TAKES_UP, computed by measure alignment), with the score
// and the two aligned passages (twin of adoption.rq).
// Parameters:
//   $number (string) 发文字号 of the local policy, e.g. 庆政发〔2021〕13号
//   (or $policy (IRI, as text), for a policy without a number; with neither: every take-up)
//   $parent (IRI, as text, optional) only the take-ups of measures of this parent policy
// Returns one row per take-up: policy number localMeasure localPath localNumber measureStart
//   parent parentNumber parentMeasure parentPath parentMeasureNumber score
//   localText localStart localEnd parentText parentStart parentEnd
// The policy is found by index first (by IRI, else by number), then its measures' take-ups.
UNWIND CASE
  WHEN $policy IS NOT NULL THEN COLLECT { MATCH (p:Policy {iri: $policy}) RETURN p }
  WHEN coalesce($number, '') <> '' THEN COLLECT { MATCH (p:Policy {number: $number}) RETURN p }
  ELSE COLLECT { MATCH (p:Policy) RETURN p }
END AS policy
WITH policy, coalesce(policy.number, '') AS number
WHERE $number IS NULL OR number = $number
MATCH (policy)<-[:PART_OF]-(lm:Measure)-[t:TAKES_UP]->(pm:Measure)-[:PART_OF]->(parent:Policy)
WHERE $parent IS NULL OR parent.iri = $parent
RETURN policy.iri AS policy, number, lm.iri AS localMeasure, lm.path AS localPath, lm.number AS localNumber,
       lm.start AS measureStart, parent.iri AS parent, coalesce(parent.number, '') AS parentNumber,
       pm.iri AS parentMeasure, pm.path AS parentPath, pm.number AS parentMeasureNumber, t.score AS score,
       t.local_text AS localText, t.local_start AS localStart, t.local_end AS localEnd,
       t.parent_text AS parentText, t.parent_start AS parentStart, t.parent_end AS parentEnd
ORDER BY policy, measureStart, localPath, score DESC, parentPath
