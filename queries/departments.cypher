// departments — 部门排名: which departments lead, support or are responsible for measures,
// and in which policies (twin of departments.rq).
// One row per responsibility (department, measure, role); `kg departments` counts the
// measures led / supported / responsible and the policies per department, and builds the
// co-responsibility network (departments sharing a measure) from the same rows.
// Parameters (all optional):
//   $policy  (IRI, as text) only measures of this policy
//   $region  (string) only measures of policies of this region, e.g. 沈阳市
//                     ("" matches policies without a region)
//   $role    (string) only responsibilities with this role: lead | support | responsible
// Returns: department name kind role measure policy region
MATCH (policy:Policy)
WHERE $policy IS NULL OR policy.iri = $policy
OPTIONAL MATCH (policy)-[:IN_REGION]->(rg:Region)
WITH policy, coalesce(rg.name, '') AS region
WHERE $region IS NULL OR region = $region
MATCH (department:Department)-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(measure:Measure)-[:PART_OF]->(policy)
WHERE $role IS NULL OR r.role = $role
RETURN DISTINCT department.iri AS department, department.name AS name, department.kind AS kind, r.role AS role,
       measure.iri AS measure, policy.iri AS policy, region
