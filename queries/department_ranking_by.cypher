// department_ranking_by — 部门排名 by one of the kept rankings (twin of
// department_ranking_by.rq).
// Parameters:
//   $rankBy (string, required) the ranking's IRI (…#rankLead, …#rankPositionAll …): the
//           department's property rank_lead, rank_all …, kept with its tally by the loader
//   $after, $upto (integers, optional) the range of places of the page
// Returns the columns of department_ranking_by.
WITH CASE split($rankBy, '#')[1]
       WHEN 'rankPosition' THEN 'rank' WHEN 'rankPositionAll' THEN 'rank_all'
       WHEN 'rankLead' THEN 'rank_lead' WHEN 'rankLeadAll' THEN 'rank_lead_all'
       WHEN 'rankSupport' THEN 'rank_support' WHEN 'rankSupportAll' THEN 'rank_support_all'
       WHEN 'rankResponsible' THEN 'rank_responsible' WHEN 'rankResponsibleAll' THEN 'rank_responsible_all'
     END AS key
MATCH (department:Department)
WHERE department[key] IS NOT NULL
WITH department, department[key] AS position
WHERE position > coalesce($after, 0) AND position <= coalesce($upto, 1000000000)
RETURN $rankBy AS rankBy, department.iri AS department, department.name AS name, department.kind AS kind,
       department.led AS led, department.supported AS supported, department.responsible AS responsible,
       department.measures AS measures, department.policies AS policies, department.policies_led AS policiesLed,
       department.policies_supported AS policiesSupported, department.policies_responsible AS policiesResponsible,
       position
ORDER BY position
