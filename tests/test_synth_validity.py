"""kg synth repeals and re-issues documents, with ground truth the extraction meets."""

from __future__ import annotations

from kg.extract import extract
from kg.ingest import read_document
from kg.synth import iter_documents


def _docs(n: int = 1500, seed: int = 3):
    return list(iter_documents(n, seed))


def test_reissues_repeal_an_earlier_plan_of_the_same_place() -> None:
    docs = _docs()
    assert len(docs) == 1500
    by_number = {d.truth["policy"]["doc_number"]: d.truth for d in docs}
    reissues = [d.truth for d in docs if d.truth["validity"]["repeals"]]
    assert reissues
    for t in reissues:
        old = by_number[t["validity"]["repeals"][0]["doc_number"]]
        assert old["policy"]["region"] == t["policy"]["region"] and old["policy"]["level"] == t["policy"]["level"]
        assert old["policy"]["date"] < t["policy"]["date"] == t["validity"]["effective"]
    assert any(d.truth["validity"]["expires"] for d in docs)


def test_extraction_meets_the_truth_of_validity(tmp_path) -> None:  # type: ignore[no-untyped-def]
    all_docs = _docs()
    docs = [d for d in all_docs if d.truth["validity"]["repeals"]][:10] + [d for d in all_docs if d.truth["validity"]["effective"]][:30]
    for d in docs:
        path = tmp_path / d.truth["source"]
        path.write_bytes(d.data)
        e = extract(read_document(path))
        v = e.validity
        assert (v.effective, v.expires) == (d.truth["validity"]["effective"], d.truth["validity"]["expires"]), d.truth["file"]
        assert [c.doc_number for c in v.repeals] == [r["doc_number"] for r in d.truth["validity"]["repeals"]]
