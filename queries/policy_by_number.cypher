// policy_by_number — 按文号查找: the policies whose 发文字号 is exactly a text (twin of
// policy_by_number.rq; an index lookup on Policy.number).
// Parameters:
//   $text  (string) a 发文字号 (any bracket form is normalised by the caller)
// Returns: policy (IRI) number title level region stub exact (always 1) text;
// documents before stubs, then by number.
MATCH (policy:Policy {number: $text})
RETURN DISTINCT policy.iri AS policy, policy.number AS number, policy.title AS title, policy.level AS level,
       policy.region AS region, policy.stub AS stub, 1 AS exact, $text AS text
ORDER BY stub, number, policy
