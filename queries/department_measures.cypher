// department_measures — 部门任务: the measures of one department across all policies,
// with its role, the policy (number, title) and the deadline (twin of department_measures.rq).
// (What is 沈阳市教育局 responsible for, and by when?)
// Parameters:
//   $name  (string) the department's canonical name (沈阳市教育局) or any alias the
//                   documents use (市教育局); an alias may name several departments, so
//                   department tells them apart and match says how the name matched
//   $department (IRI, as text, optional) one department
// With $name null: one row per (name or alias, responsibility) of every department,
// which is how the command suggests close names for an unknown one.
// Returns: name match ("name" | "alias") department label (canonical name) role
//   deadline (of the responsibility, else of the measure) measure number heading text
//   start (character offset, for document order) policy policyNumber policyTitle
MATCH (department:Department)
WHERE $department IS NULL OR department.iri = $department
UNWIND [['name', department.name]]
       + [a IN coalesce(department.aliases, []) WHERE a <> department.name | ['alias', a]] AS named
WITH department, named[0] AS match, named[1] AS name
WHERE $name IS NULL OR name = $name
MATCH (department)-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(measure:Measure)-[:PART_OF]->(policy:Policy)
RETURN DISTINCT name, match, department.iri AS department, department.name AS label, r.role AS role,
       coalesce(r.deadline, measure.deadline) AS deadline, measure.iri AS measure, measure.number AS number,
       measure.heading AS heading, measure.text AS text, measure.start AS start,
       policy.iri AS policy, policy.number AS policyNumber, policy.title AS policyTitle
