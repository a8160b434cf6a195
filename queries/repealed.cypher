// repealed — 废止的文件: the documents a policy repeals or replaces (twin of repealed.rq).
// Parameters:
//   $policy  (IRI, as text) the repealing policy (without it: every policy)
// Returns one row per repealed document: old, its number, title and whether it is a stub.
UNWIND CASE WHEN $policy IS NOT NULL THEN COLLECT { MATCH (p:Policy {iri: $policy}) RETURN p }
            ELSE COLLECT { MATCH (p:Policy) RETURN p } END AS policy
MATCH (policy)-[:REPEALS]->(old:Policy)
RETURN DISTINCT old.iri AS old, old.number AS number, old.title AS title, old.stub AS stub
