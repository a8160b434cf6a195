// department_counts — 部门排名 of one policy or one role, counted in the store (twin of
// department_counts.rq).
// Parameters (all optional):
//   $policy  (IRI, as text) only measures of this policy
//   $role    (string) only responsibilities with this role: lead | support | responsible
// Returns the columns of department_ranking, ranked the same way.
MATCH (policy:Policy)
WHERE $policy IS NULL OR policy.iri = $policy
MATCH (department:Department)-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(measure:Measure)-[:PART_OF]->(policy)
WHERE $role IS NULL
   OR $role = CASE type(r) WHEN 'LEADS' THEN 'lead' WHEN 'SUPPORTS' THEN 'support' ELSE 'responsible' END
WITH department, count(DISTINCT CASE WHEN type(r) = 'LEADS' THEN measure END) AS led,
     count(DISTINCT CASE WHEN type(r) = 'SUPPORTS' THEN measure END) AS supported,
     count(DISTINCT CASE WHEN type(r) = 'RESPONSIBLE_FOR' THEN measure END) AS responsible,
     count(DISTINCT measure) AS measures, count(DISTINCT policy) AS policies
RETURN department.iri AS department, department.name AS name, department.kind AS kind, led, supported, responsible,
       measures, policies
ORDER BY led DESC, supported DESC, responsible DESC, policies DESC, name
