// partner_counts — 协作部门: the departments that share measures with a department, counted
// in the store (twin of partner_counts.rq).
// Parameters:
//   $department (IRI, as text) the department
// Returns one row per (partner, the partner's role, policy): partner partnerName partnerRole
//   policy policyNumber policyTitle shared (distinct measures) measures (their IRIs)
MATCH (department:Department {iri: $department})-[:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(measure:Measure)
MATCH (partner:Department)-[other:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(measure)
WHERE partner <> department
MATCH (measure)-[:PART_OF]->(policy:Policy)
RETURN partner.iri AS partner, partner.name AS partnerName, other.role AS partnerRole, policy.iri AS policy,
       policy.number AS policyNumber, policy.title AS policyTitle, count(DISTINCT measure) AS shared,
       collect(DISTINCT measure.iri) AS measures
