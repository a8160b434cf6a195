// partner_counts — 协作部门: the departments that share measures with a department, counted
// in the store (twin of partner_counts.rq).
// Parameters:
//   $department (IRI, as text) the department
// Returns one row per (partner, the partner's role, policy): partner partnerName partnerRole
//   policy policyNumber policyTitle shared (distinct measures) measures (their IRIs, space-separated)
MATCH (department:Department {iri: $department})-[:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(measure:Measure)
MATCH (partner:Department)-[other:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(measure)
WHERE partner <> department
MATCH (measure)-[:PART_OF]->(policy:Policy)
RETURN partner.iri AS partner, partner.name AS partnerName,
       CASE type(other) WHEN 'LEADS' THEN 'lead' WHEN 'SUPPORTS' THEN 'support' ELSE 'responsible' END AS partnerRole,
       policy.iri AS policy,
       policy.number AS policyNumber, policy.title AS policyTitle, count(DISTINCT measure) AS shared,
       reduce(s = "", m IN collect(DISTINCT measure.iri) | s + CASE s WHEN "" THEN "" ELSE " " END + m) AS measures
