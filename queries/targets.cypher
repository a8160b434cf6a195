// targets — 量化目标: the quantitative targets of policies: indicator, value, unit,
// comparator and the year by which each is due (twin of targets.rq).
// (What must be reached by 2025?)
// Parameters (all optional):
//   $deadline (string) the year a target is due, e.g. 2025 ("" matches targets without one)
//   $policy   (IRI, as text) only targets of this policy
// Returns: target indicator value unit comparator deadline scope measureNumber
//   (the measure that sets it, if any) start policy policyNumber policyTitle
MATCH (target:Target)-[:OF_POLICY]->(policy:Policy)
WHERE target.value IS NOT NULL AND ($policy IS NULL OR policy.iri = $policy)
WITH target, policy, coalesce(target.deadline, '') AS deadline
WHERE $deadline IS NULL OR deadline = $deadline
OPTIONAL MATCH (measure:Measure)-[:SETS_TARGET]->(target)
RETURN DISTINCT target.iri AS target, target.indicator AS indicator, target.value AS value, target.unit AS unit,
       target.comparator AS comparator, deadline, target.scope AS scope, measure.number AS measureNumber,
       target.start AS start, policy.iri AS policy, policy.number AS policyNumber, policy.title AS policyTitle
ORDER BY deadline, policyNumber IS NOT NULL, policyNumber, policy, start IS NOT NULL, start
