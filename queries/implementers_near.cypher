// implementers_near — 下级落实文件 (first pages): the policies that implement a directive
// directly or through one intermediate document (twin of implementers_near.rq).
// Parameters:
//   $policy (IRI, as text) the directive
// Returns one row per implements edge: child implements parent, with the child's number,
// title, level, region and date.
MATCH (policy:Policy {iri: $policy})
MATCH (parent:Policy)-[:IMPLEMENTS*0..1]->(policy)
MATCH (child:Policy)-[:IMPLEMENTS]->(parent)
RETURN DISTINCT child.iri AS child, parent.iri AS parent, child.number AS childNumber, child.title AS childTitle,
       child.level AS childLevel, child.region AS childRegion, child.date AS childDate
