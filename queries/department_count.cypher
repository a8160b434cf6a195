// department_count — 部门数: how many departments have a measure (twin of department_count.rq).
// Parameters: none.
// Returns: total
MATCH (department:Department)
WHERE department.rank > 0
RETURN count(department) AS total
