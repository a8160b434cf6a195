// status — 时效性: whether a policy stands, and the chain of documents that replaced it
// (twin of status.rq). Is 穗民规字〔2024〕5号 still in force?
// Parameters:
//   $policy  (IRI, as text) the policy (without it: every policy)
// Returns one row per policy on the chain (the policy itself, then what repealed it, and
// so on) and per document that repealed that one: node, its number, title, date,
// effective and expiry dates, whether it is a stub, repealer (a document that repeals it),
// newer (its next version, when it is a version of a work) and newerDate.
UNWIND CASE WHEN $policy IS NOT NULL THEN COLLECT { MATCH (p:Policy {iri: $policy}) RETURN p }
            ELSE COLLECT { MATCH (p:Policy) RETURN p } END AS policy
MATCH (node:Policy)-[:REPEALS*0..]->(policy)
WITH DISTINCT node
OPTIONAL MATCH (repealer:Policy)-[:REPEALS]->(node)
RETURN DISTINCT node.iri AS node, node.number AS number, node.title AS title, node.date AS date,
       node.effective AS effective, node.expires AS expires, node.stub AS stub, repealer.iri AS repealer,
       node.amended_by AS newer, node.amended_from AS newerDate
