// standing — 时效性 of one policy: what its standing on a day is computed from (twin of
// standing.rq; one lookup by index).
// Parameters:
//   $policy  (IRI, as text) the policy
// Returns one row per document that repeals it (one row when none): effective expires,
// repealer and repealedSince (its effective date, else its date), newer (its next version,
// when it is a version of a work) and amendedSince (its date).
MATCH (policy:Policy {iri: $policy})
OPTIONAL MATCH (repealer:Policy)-[:REPEALS]->(policy)
RETURN policy.iri AS policy, policy.effective AS effective, policy.expires AS expires, repealer.iri AS repealer,
       coalesce(repealer.effective, repealer.date) AS repealedSince, policy.amended_by AS newer,
       policy.amended_from AS amendedSince
