// department_ranking — 部门排名: departments ranked by the measures they lead, support and
// are responsible for, and their policies (twin of department_ranking.rq).
// No parameters. The counts are each department's tally, kept on its node by the loader
// (led, supported, responsible, measures, policies).
// Returns one row per department with a measure, ranked: department name kind led supported
//   responsible measures policies
MATCH (department:Department)
WHERE department.measures > 0
RETURN department.iri AS department, department.name AS name, department.kind AS kind, department.led AS led,
       department.supported AS supported, department.responsible AS responsible, department.measures AS measures,
       department.policies AS policies
ORDER BY led DESC, supported DESC, responsible DESC, policies DESC, name
