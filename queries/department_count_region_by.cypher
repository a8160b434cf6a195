// department_count_region_by — 地区部门数 of one of the kept rankings (twin of
// department_count_region_by.rq).
// Parameters:
//   $rankBy (string, required) the ranking's IRI (…#rankLead, …#rankPositionAll …)
//   $region (string) the region's name, e.g. 辽宁省
// Returns: total
WITH CASE split($rankBy, '#')[1]
       WHEN 'rankPosition' THEN 'rank' WHEN 'rankPositionAll' THEN 'rank_all'
       WHEN 'rankLead' THEN 'rank_lead' WHEN 'rankLeadAll' THEN 'rank_lead_all'
       WHEN 'rankSupport' THEN 'rank_support' WHEN 'rankSupportAll' THEN 'rank_support_all'
       WHEN 'rankResponsible' THEN 'rank_responsible' WHEN 'rankResponsibleAll' THEN 'rank_responsible_all'
     END AS key
MATCH (top:Region {name: $region})
MATCH (inside:Region)-[:WITHIN_REGION*0..3]->(top)
MATCH (department:Department)-[:IN_REGION]->(inside)
WHERE department[key] IS NOT NULL
RETURN count(DISTINCT department) AS total
