// implementers_count_in_force — 现行有效的下级落实文件数: how many of the policies that
// implement a directive are in force on a day (twin of implementers_count_in_force.rq).
// Parameters:
//   $policy (IRI, as text) the directive
//   $asOf   (string) the day, YYYY-MM-DD
// One is left out when, on $asOf, it is not yet in force, expired, repealed or amended (the
// rule of kg.graph.status.standing, dates compared as text). The embedded store reads the
// count the build keeps (implementers_count_in_force.rq); here it is counted.
// Returns: total
MATCH (policy:Policy {iri: $policy})
MATCH (child:Policy)-[:IMPLEMENTS|HAS_VERSION*1..]->(policy)
WITH DISTINCT child
WHERE NOT coalesce(child.effective > $asOf, false)
  AND NOT coalesce(child.expires < $asOf, false)
  AND NOT EXISTS { MATCH (repealer:Policy)-[:REPEALS]->(child)
                   WHERE coalesce(repealer.effective, repealer.date) IS NULL OR coalesce(repealer.effective, repealer.date) <= $asOf }
  AND NOT (child.amended_by IS NOT NULL AND (child.amended_from IS NULL OR child.amended_from <= $asOf))
RETURN count(child) AS total
