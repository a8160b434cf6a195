// find_policy — 查找政策: policies whose 发文字号 or title matches a text (twin of find_policy.rq).
// Parameters:
//   $text  (string) a 发文字号 (any bracket form is normalised by the caller) or a title or part of one
// Returns: policy (IRI) number title level region stub exact (1 when number or title equals
//   $text, 0 when not, null when that cannot be told — as the SPARQL) text;
// exact matches first, documents before stubs, then by number (then title and IRI, so that ties
// come in a fixed order; the SPARQL leaves their order to the store).
MATCH (policy:Policy)
WITH policy, [a IN coalesce(policy.alt_titles, []) WHERE policy.title IS NULL OR a <> policy.title] AS alts
UNWIND CASE WHEN size(alts) = 0 THEN [null] ELSE alts END AS alt
WITH policy, alt, $text AS text
WHERE policy.number = text OR policy.title = text OR alt = text
   OR policy.title CONTAINS text OR alt CONTAINS text
WITH policy, text,
     CASE (policy.number = text OR policy.title = text OR alt = text) WHEN true THEN 1 WHEN false THEN 0 END AS exact
RETURN DISTINCT policy.iri AS policy, policy.number AS number, policy.title AS title, policy.level AS level,
       policy.region AS region, policy.stub AS stub, exact, text
ORDER BY coalesce(exact, -1) DESC, stub, number IS NOT NULL, number, title IS NOT NULL, title, policy
