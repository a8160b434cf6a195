// department_ranking — 部门排名: departments ranked by the measures they lead, support and
// are responsible for, and their policies (twin of department_ranking.rq).
// Parameters (integers, both optional):
//   $after  the rank the page starts after (0: from the top)
//   $upto   the last rank of the page (e.g. 50)
// The counts are each department's tally, kept on its node by the loader (led, supported,
// responsible, measures, policies) with its place in the ranking (rank, indexed): a page is
// a range of ranks.
// Returns one row per department with a measure, ranked: department name kind led supported
//   responsible measures policies position
MATCH (department:Department)
WHERE department.rank > coalesce($after, 0) AND department.rank <= coalesce($upto, 1000000000)
RETURN department.iri AS department, department.name AS name, department.kind AS kind, department.led AS led,
       department.supported AS supported, department.responsible AS responsible, department.measures AS measures,
       department.policies AS policies, department.rank AS position
ORDER BY position
