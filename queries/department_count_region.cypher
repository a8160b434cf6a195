// department_count_region — 地区部门数: how many departments of a region and of the regions
// inside it have a measure (twin of department_count_region.rq).
// Parameters:
//   $region (string) the region's name, e.g. 辽宁省
// Returns: total
MATCH (top:Region {name: $region})
MATCH (inside:Region)-[:WITHIN_REGION*0..3]->(top)
MATCH (department:Department)-[:IN_REGION]->(inside)
WHERE department.rank > 0
RETURN count(DISTINCT department) AS total
