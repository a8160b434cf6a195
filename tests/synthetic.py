"""Synthetic policy graphs of any size, shaped like the real one, for tests and
``benchmarks/views.py``: departments of regions sharing measures of policies, policies in
levels implementing and citing policies above them.

>>> g = synthetic_graph(departments=60, policies=20, seed=1)
>>> sum(1 for _, d in g.nodes(data=True) if d["type"] == "Department")
60
>>> sum(1 for _, d in g.nodes(data=True) if d["type"] == "Policy")
20
"""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx

from kg.pipeline import store_graph, workspace_graph
from kg.schema import LEVELS, level_rank, role_edge

REGIONS = [("辽宁省", ["沈阳市", "大连市", "鞍山市"]), ("广东省", ["广州市", "深圳市", "珠海市"]),
           ("江苏省", ["南京市", "无锡市", "苏州市"]), ("甘肃省", ["兰州市", "庆阳市"]), ("湖北省", ["武汉市", "宜昌市"])]
BODIES = ["教育局", "财政局", "人力资源和社会保障局", "发展和改革委员会", "工业和信息化局", "科学技术局", "民政局", "农业农村局",
          "住房和城乡建设局", "交通运输局", "商务局", "文化广电旅游局", "卫生健康委员会", "市场监督管理局", "国有资产监督管理委员会",
          "自然资源局", "生态环境局", "公安局", "司法局", "审计局", "统计局", "体育局", "医疗保障局", "应急管理局"]


def synthetic_graph(departments: int = 500, policies: int = 100, *, measures_per_department: float = 1.5,
                    seed: int = 7) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    cities = [(p, c) for p, cs in REGIONS for c in cs]
    # policies: a few national, then provinces, cities, counties
    pol_nodes: list[tuple[str, str, str]] = []  # node, level, region
    for i in range(policies):
        r = rnd.random()
        prov, city = rnd.choice(cities)
        level, region = (("national", None) if r < 0.08 else ("province", prov) if r < 0.25 else ("city", city) if r < 0.8
                         else ("county", f"{city}第{i % 7 + 1}区"))
        stub = rnd.random() < 0.35
        node = f"policy:测发〔{2015 + i % 9}〕{i + 1}号"
        g.add_node(node, type="Policy", number=f"测发〔{2015 + i % 9}〕{i + 1}号", title=f"{region or '国务院'}关于推进第{i + 1}项工作的实施意见",
                   alt_titles=[], issuers=[f"{region or '国务'}人民政府"], date=None if stub else f"{2015 + i % 9}-0{1 + i % 9}-1{i % 9}",
                   level=level, region=region, stub=stub, source=None if stub else f"doc{i}.txt", sha256=None)
        pol_nodes.append((node, level, region or ""))
    by_rank: list[list[str]] = [[] for _ in LEVELS]
    for node, level, _ in pol_nodes:
        by_rank[level_rank(level)].append(node)
    for node, level, _ in pol_nodes:
        above = [p for r in range(level_rank(level)) for p in by_rank[r]]
        for _ in range(rnd.randint(0, 2) if above else 0):
            rel = rnd.choices(["implements", "cites", "plans"], [0.5, 0.4, 0.1])[0]
            dst = rnd.choice(above)
            g.add_edge(node, dst, key=rel, type="CITATION", relation=rel, source="doc.txt", start=0, end=10,
                       sentence=f"为贯彻落实《{g.nodes[dst]['title']}》，制定本方案。", cited_number=None, cited_title=None)
    # departments of cities, sharing measures mostly within their city
    depts: dict[str, list[str]] = {}
    for i in range(departments):
        prov, city = cities[i % len(cities)]
        body = BODIES[(i // len(cities)) % len(BODIES)]
        suffix = "" if i < len(cities) * len(BODIES) else f"第{i // (len(cities) * len(BODIES))}分局"
        name = f"{city}{body}{suffix}"
        node = f"department:{name}"
        g.add_node(node, type="Department", name=name, kind="government", aliases=[body])
        depts.setdefault(city, []).append(node)
    city_policies: dict[str, list[str]] = {}
    for node, level, region in pol_nodes:
        for _, c in cities:
            if region.startswith(c):
                city_policies.setdefault(c, []).append(node)
    n_measures = int(departments * measures_per_department)
    for j in range(n_measures):
        prov, city = rnd.choice(cities)
        pool = depts.get(city) or next(iter(depts.values()))
        owner = rnd.choice(city_policies.get(city) or [p for p, _, _ in pol_nodes])
        pkey = owner.split(":", 1)[1]
        m = f"measure:{pkey}/{j}"
        text = f"{j}.推进第{j}项重点任务,到2025年建成{j % 50 + 1}个示范项目。"
        g.add_node(m, type="Measure", number=str(j), key=str(j), text=text, heading=f"推进第{j}项重点任务", kind="measure",
                   deadline=None, source="doc.txt", start=j * 100, end=j * 100 + len(text), policy=owner)
        g.add_edge(owner, m, key="HAS_MEASURE", type="HAS_MEASURE")
        chosen = rnd.sample(pool, k=min(len(pool), rnd.randint(1, 4)))
        if rnd.random() < 0.1:  # now and then a department of another city
            other = rnd.choice(list(depts.values()))
            chosen.append(rnd.choice(other))
        for k, d in enumerate(dict.fromkeys(chosen)):
            role = "lead" if k == 0 else rnd.choice(["support", "support", "responsible"])
            g.add_edge(d, m, key=role_edge(role).value, type=role_edge(role).value, role=role, source="doc.txt", start=j * 100,
                       end=j * 100 + 4, deadline=None, policy=owner)
    return g


# --- a document that tries to run script ---------------------------------------------------

PROBE = "<img src=x onerror=alert(1)>"
#: a second probe whose side effect a test can look for (no dialog needed)
PROBE_EFFECT = "<img src=x onerror=window.__kgxss=1>"

PROBE_TEXT = """关于<img src=x onerror=alert(1)>的实施方案

沈政发〔2022〕99号

各区、县(市)人民政府,市政府有关部门:

为贯彻落实《国家职业教育改革实施方案》(国发〔2019〕4号),结合我市实际,制定本方案。

一、重点任务

(一)加强职业教育基础能力建设。到2025年,建设10所高水平职业学校。(牵头单位:<img src=x onerror=alert(1)>;配合单位:市财政局)

(二)深化产教融合。(牵头单位:市教育局;配合单位:<img src=x onerror=window.__kgxss=1>)

沈阳市人民政府
2022年1月5日
"""


def probe_workspace(root) -> tuple[object, str]:  # type: ignore[no-untyped-def]
    """A workspace built from one document whose title and departments are script probes.

    The document is written as text (``probe.txt``) and built with ``run_build``. What the
    extractors do with markup in a title or a department list is their business (they may
    drop the spaces of a title, or not read such a department at all), so afterwards the
    cached extraction is made to carry the probes verbatim: the title is :data:`PROBE`,
    and departments named :data:`PROBE` (lead) and :data:`PROBE_EFFECT` (support) are on
    the first measure. Returns the workspace and the policy's node id.
    """
    from pathlib import Path

    from kg.models import Responsibility, Span
    from kg.pipeline import run_build
    from kg.workspace import Workspace

    root = Path(root)
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "probe.txt").write_text(PROBE_TEXT, encoding="utf-8")
    ws = Workspace(root / "ws")
    report = run_build([str(docs)], ws, jobs=1)
    if report.failed:
        raise RuntimeError(f"the probe document failed to build: {report.failed}")
    (e,) = ws.extractions()
    text = PROBE_TEXT
    e.policy.title = PROBE
    e.policy.spans.pop("title", None)
    measures = [m for m in e.measures if m.kind != "section"] or e.measures
    if not measures:
        raise RuntimeError("the probe document has no measure")
    m = measures[0]
    have = {r.department for r in e.responsibilities}
    for name, role in ((PROBE, "lead"), (PROBE_EFFECT, "support")):
        if name not in have:
            at = text.find(name)
            e.responsibilities.append(Responsibility(measure=m.number, department=name, role=role,
                                                     span=Span(at, at + len(name)), measure_key=m.key))
    ws.save_extraction(e)
    g = workspace_graph(ws)
    store_graph(ws, g)
    node = next(n for n, d in g.nodes(data=True) if d.get("type") == "Policy" and d.get("title") == PROBE)
    return ws, node


def stored_workspace(root: Path, extractions: list) -> Path:  # type: ignore[type-arg]
    """A workspace at ``root`` whose store holds the graph of ``extractions`` (no documents read)."""
    from kg.graph.resolve import build_graph
    from kg.workspace import Workspace

    root.mkdir(parents=True, exist_ok=True)
    store_graph(Workspace(root), build_graph(extractions))
    return root
