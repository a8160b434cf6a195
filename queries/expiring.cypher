// expiring — 即将到期: the policies whose stated validity ends (twin of expiring.rq); the
// caller keeps those ending before a date.
// Parameters: none
// Returns one row per policy with an expiry date: policy number title effective expires,
// by expiry date.
MATCH (p:Policy)
WHERE p.expires IS NOT NULL
RETURN p.iri AS policy, p.number AS number, p.title AS title, p.effective AS effective, p.expires AS expires
ORDER BY expires, number
