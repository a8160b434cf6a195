// targets_by_year — 各年度目标: how many quantitative targets fall due in each year, and in
// how many policies (twin of targets_by_year.rq: the loader does not keep the counts of
// targets_by_year.rq, so they are counted here).
// Parameters: none.
// Returns one row per year, in order: deadline targets policies
MATCH (target:Target)-[:OF_POLICY]->(policy:Policy)
WITH coalesce(target.deadline, '') AS deadline, target, policy
RETURN deadline, count(DISTINCT target) AS targets, count(DISTINCT policy) AS policies
ORDER BY deadline
