// stub_directives — 高频引用的存根政策: the cited-only policies (stubs: documents of the
// corpus cite them, their text is not in it) that the most policies cite (twin of stub_directives.rq).
// (Which missing directives do most local plans implement?)
// Parameters (all optional):
//   $relation (string) implements | cites | plans: count only citations of this relation ("" or null: all)
//   $level    (string) national | province | city | county: only stubs of this level
//             ("" matches stubs whose level is unknown)
// Returns one row per stub: relation level policy number title citedBy (citing policies)
//   implementedBy (citing policies that implement it) citations relations (space-separated,
//   in alphabetical order), most cited first.
MATCH (citing:Policy)-[c:IMPLEMENTS|CITES|PLANS]->(policy:Policy {stub: true})
WHERE coalesce($relation, '') = '' OR c.relation = $relation
OPTIONAL MATCH (policy)-[:AT_LEVEL]->(lv:Level)
WITH policy, citing, c, coalesce(lv.notation, '') AS level
WHERE $level IS NULL OR level = $level
WITH policy, level, citing, c ORDER BY c.relation
WITH $relation AS relation, level, policy,
     count(DISTINCT citing) AS citedBy,
     count(DISTINCT CASE WHEN c.relation = 'implements' THEN citing END) AS implementedBy,
     count(DISTINCT c) AS citations, collect(DISTINCT c.relation) AS rels
RETURN relation, level, policy.iri AS policy, policy.number AS number, policy.title AS title,
       citedBy, implementedBy, citations,
       reduce(s = '', r IN rels | s + CASE s WHEN '' THEN '' ELSE ' ' END + r) AS relations
ORDER BY citedBy DESC, implementedBy DESC, citations DESC, number IS NOT NULL, number
