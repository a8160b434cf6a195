// department_ranking_region_by — 地区部门排名 by one of the kept rankings (twin of
// department_ranking_region_by.rq).
// Parameters:
//   $rankBy (string, required) the ranking's IRI (…#rankLead, …#rankPositionAll …)
//   $region (string) the region's name, e.g. 辽宁省, 沈阳市
// The region is found by its name (an index) and the hierarchy followed down; a page is
// cut after the sort (the "//page" line takes SKIP/LIMIT).
// Returns the columns of department_ranking_by.
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
WITH DISTINCT key, department
WITH department, department[key] AS position
ORDER BY position
//page
RETURN $rankBy AS rankBy, $region AS region, department.iri AS department, department.name AS name, department.kind AS kind,
       department.led AS led, department.supported AS supported, department.responsible AS responsible,
       department.measures AS measures, department.policies AS policies, department.policies_led AS policiesLed,
       department.policies_supported AS policiesSupported, department.policies_responsible AS policiesResponsible,
       position
ORDER BY position
