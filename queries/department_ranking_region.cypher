// department_ranking_region — 地区部门排名: the department ranking of one region and of
// every region inside it (twin of department_ranking_region.rq).
// Parameters:
//   $region (string) the region's name, e.g. 辽宁省, 沈阳市, 沈阳市和平区
// The region is found by its name (an index), then the hierarchy followed down
// (WITHIN_REGION, at most county ⊂ city ⊂ province) to the departments IN_REGION of each,
// sorted by their place in the whole ranking; a page is cut there (the "//page" line takes
// SKIP/LIMIT).
// Returns the columns of department_ranking, ranked the same way.
MATCH (top:Region {name: $region})
MATCH (inside:Region)-[:WITHIN_REGION*0..3]->(top)
MATCH (department:Department)-[:IN_REGION]->(inside)
WHERE department.rank > 0
WITH DISTINCT department
ORDER BY department.rank
//page
RETURN department.iri AS department, department.name AS name, department.kind AS kind, department.led AS led,
       department.supported AS supported, department.responsible AS responsible, department.measures AS measures,
       department.policies AS policies, department.rank AS position
ORDER BY position
