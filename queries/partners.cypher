// partners — 协作部门: the co-responsibility network around a department: which departments
// share measures with it, and in which policies (twin of partners.rq).
// (Who works with 沈阳市教育局, on how many measures?)
// Parameters:
//   $department (IRI, as text) the department (find it by name or alias with department_measures)
//   With $department null: every pair of departments that share a measure, in both orders.
// Returns one row per (department, partner, shared measure): department name partner
//   partnerName role (of the department) partnerRole measure number policy
//   policyNumber policyTitle
MATCH (department:Department)-[own:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(measure:Measure)
WHERE $department IS NULL OR department.iri = $department
MATCH (partner:Department)-[other:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(measure)
WHERE partner <> department
MATCH (measure)-[:PART_OF]->(policy:Policy)
RETURN DISTINCT department.iri AS department, department.name AS name, partner.iri AS partner,
       partner.name AS partnerName, own.role AS role, other.role AS partnerRole, measure.iri AS measure,
       measure.number AS number, policy.iri AS policy, policy.number AS policyNumber, policy.title AS policyTitle
