// implementers_near — 下级落实文件 (first pages): the policies that implement a directive
// directly or through one intermediate document (twin of implementers_near.rq).
// Parameters:
//   $policy (IRI, as text) the directive
// A citation of a law or regulation held in several versions points at the Work: a step
// goes through it to every version (-[:IMPLEMENTS]->()-[:HAS_VERSION*0..1]->), so parent
// is always a Policy.
// Returns one row per implements edge: child implements parent, with the child's number,
// title, level, region and date.
MATCH (policy:Policy {iri: $policy})
MATCH (parent:Policy)-[:IMPLEMENTS|HAS_VERSION*0..2]->(policy)
WHERE parent = policy OR EXISTS { (parent)-[:IMPLEMENTS]->()-[:HAS_VERSION*0..1]->(policy) }
MATCH (child:Policy)-[:IMPLEMENTS]->()-[:HAS_VERSION*0..1]->(parent)
RETURN DISTINCT child.iri AS child, parent.iri AS parent, child.number AS childNumber, child.title AS childTitle,
       child.level AS childLevel, child.region AS childRegion, child.date AS childDate
