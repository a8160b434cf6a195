// implementers_count — 下级落实文件数: how many policies implement a directive, directly or
// through intermediate documents (twin of implementers_count.rq).
// Parameters:
//   $policy (IRI, as text) the directive
// A citation of a law or regulation held in several versions points at the Work: a step
// goes through it to every version (-[:IMPLEMENTS]->()-[:HAS_VERSION*0..1]->), so parent
// is always a Policy.
// Returns: total
MATCH (policy:Policy {iri: $policy})
MATCH (child:Policy)-[:IMPLEMENTS|HAS_VERSION*1..]->(policy)
RETURN count(DISTINCT child) AS total
