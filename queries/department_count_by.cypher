// department_count_by — 部门数 of one of the kept rankings (twin of department_count_by.rq).
// Parameters:
//   $rankBy (string, required) the ranking's IRI (…#rankLead, …#rankPositionAll …)
// Returns: total
WITH CASE split($rankBy, '#')[1]
       WHEN 'rankPosition' THEN 'rank' WHEN 'rankPositionAll' THEN 'rank_all'
       WHEN 'rankLead' THEN 'rank_lead' WHEN 'rankLeadAll' THEN 'rank_lead_all'
       WHEN 'rankSupport' THEN 'rank_support' WHEN 'rankSupportAll' THEN 'rank_support_all'
       WHEN 'rankResponsible' THEN 'rank_responsible' WHEN 'rankResponsibleAll' THEN 'rank_responsible_all'
     END AS key
MATCH (department:Department)
WHERE department[key] IS NOT NULL
RETURN count(department) AS total
