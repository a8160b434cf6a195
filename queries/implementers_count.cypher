// implementers_count — 下级落实文件数: how many policies implement a directive, directly or
// through intermediate documents (twin of implementers_count.rq).
// Parameters:
//   $policy (IRI, as text) the directive
// The path goes through the Work of a law held in several versions, which is not counted.
// Returns: total
MATCH (policy:Policy {iri: $policy})
MATCH (child:Policy)-[:IMPLEMENTS|HAS_VERSION*1..]->(policy)
RETURN count(DISTINCT child) AS total
