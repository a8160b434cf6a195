// policies_by_region — 地区政策: the policies of a region and of the regions within it,
// optionally at one level (twin of policies_by_region.rq).
// (Which city plans are there in 辽宁省? What has 广州市 issued?)
// Parameters (all optional):
//   $region (string) a region's name, e.g. 辽宁省 or 广州市: policies whose region is that
//                    region or lies within it (沈阳市 lies within 辽宁省); "" or null: any
//   $level  (string) national | province | city | county, or the Chinese label of the level
//                    (国家级 / 省级 / 市级 / 县级); "" or null: any
// Regions nest at most three deep (county, city, province): followed hop by hop, as the SPARQL.
// Cited-only policies (stubs) count when the issuing body's code gives their region.
// Returns one row per policy: region level policy number title policyLevel policyRegion date stub,
// from the top level down, then by date.
MATCH (policy:Policy)
OPTIONAL MATCH (policy)-[:AT_LEVEL]->(lv:Level)
OPTIONAL MATCH (policy)-[:IN_REGION]->(rg:Region)
OPTIONAL MATCH (rg)-[:WITHIN_REGION]->(parent:Region)
OPTIONAL MATCH (parent)-[:WITHIN_REGION]->(grandparent:Region)
WITH policy, lv, rg, parent, grandparent, $region AS region, $level AS level
WHERE (coalesce(level, '') = '' OR lv.notation = level OR lv.label_zh = level)
  AND (coalesce(region, '') = '' OR rg.name = region OR parent.name = region OR grandparent.name = region)
WITH DISTINCT region, level, policy.iri AS policy, policy.number AS number, policy.title AS title,
     lv.notation AS policyLevel, rg.name AS policyRegion, policy.date AS date, policy.stub AS stub,
     coalesce(lv.rank, 9) AS rank
ORDER BY rank, date IS NOT NULL, date, number IS NOT NULL, number
RETURN region, level, policy, number, title, policyLevel, policyRegion, date, stub
