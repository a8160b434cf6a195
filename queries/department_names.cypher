// department_names — 部门名称: every department that carries measures, with its canonical
// name and each name the documents use for it (twin of department_names.rq).
// (Which departments could 教育局 mean?)
// Parameters:
//   $department (IRI, as text, optional) one department
// Returns one row per (department, name): department label (canonical name) name
//   match ("name" | "alias")
MATCH (department:Department)
WHERE ($department IS NULL OR department.iri = $department)
  AND EXISTS { (department)-[:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(:Measure)-[:PART_OF]->(:Policy) }
UNWIND [['name', department.name]]
       + [a IN coalesce(department.aliases, []) WHERE a <> department.name | ['alias', a]] AS named
RETURN DISTINCT department.iri AS department, department.name AS label, named[1] AS name, named[0] AS match
