"""What analysts read: Chinese by default, English on request (``--lang en`` or ``KG_LANG=en``).

>>> t("policies", "zh"), t("policies", "en")
('政策', 'policies')
>>> t("role_lead", "zh"), t("national", "en")
('牵头', 'national')
"""

from __future__ import annotations

import os

from kg.schema import messages

MESSAGES: dict[str, tuple[str, str]] = {
    # relations, levels and roles: their labels are the schema's
    **messages(),
    "documents_read": ("读取文档", "documents read"),
    "reused": ("未变更(沿用)", "unchanged (reused)"),
    "failed": ("失败", "failed"),
    "policies": ("政策", "policies"),
    "documents": ("语料内文档", "documents in the corpus"),
    "stubs": ("仅被引用的政策(存根)", "cited-only policies (stubs)"),
    "citations": ("引用", "citations"),
    "measures": ("任务措施", "measures"),
    "departments": ("部门", "departments"),
    "institutions": ("机构", "institutions"),
    "targets": ("目标", "targets"),
    "longest_chain": ("最长落实链", "longest chain"),
    "summary": ("构建摘要", "Build summary"),
    "item": ("项目", "item"),
    "count": ("数量", "count"),
    "number": ("发文字号", "number"),
    "title": ("标题", "title"),
    "level": ("层级", "level"),
    "region": ("地区", "region"),
    "date": ("成文日期", "date"),
    "issuers": ("发文机关", "issuers"),
    "path": ("落实路径", "path"),
    "direct": ("直接", "direct"),
    "stub": ("存根", "stub"),
    "field": ("字段", "field"),
    "precision": ("精确率", "precision"),
    "recall": ("召回率", "recall"),
    "f1": ("F1", "F1"),
    "gold": ("标注", "gold"),
    "predicted": ("抽取", "predicted"),
    "lineage_of": ("政策溯源", "Lineage of"),
    "implementers_of": ("落实文件", "Implementers of"),
    "no_parents": ("(未找到上级文件)", "(no directives found)"),
    "status_title": ("时效性", "Status"),
    "status": ("状态", "status"),
    "as_of": ("截至", "as of"),
    "effective": ("施行日期", "in force from"),
    "expires": ("失效日期", "expires"),
    "since": ("自", "since"),
    "repealed_by": ("废止文件", "repealed by"),
    "amended_by": ("新版本", "newer version"),
    "repeals": ("本文件废止", "repeals"),
    "replacement_chain": ("替代链", "chain of replacements"),
    "expiring_before": ("有效期届满早于", "Validity ending before"),
    "no_expiring": ("没有在此日期前到期的文件", "no policy's validity ends before that date"),
    "no_implementers": ("工作区中没有落实该政策的文件", "no policy in the workspace implements it"),
    "not_found": ("工作区中未找到政策", "no policy in the workspace matches"),
    "ambiguous": ("匹配到多个政策,请用发文字号或完整标题", "several policies match; use the number or the full title"),
    "processing": ("处理文档", "Reading documents"),
    "evaluation": ("抽取评测", "Extraction evaluation"),
    "docs_scored": ("篇文档", "documents scored"),
    "warnings": ("警告", "warnings"),
    # departments, partners and targets (kg departments / department / partners / targets)
    "dept_ranking": ("部门任务排名", "Departments by measures"),
    "dept_name": ("部门", "department"),
    "dept_led": ("牵头", "led"),
    "dept_supported": ("配合", "supported"),
    "dept_responsible": ("负责", "responsible"),
    "dept_measures_total": ("任务数", "measures"),
    "dept_policies": ("政策数", "policies"),
    "dept_degree": ("协作部门数", "partners"),
    "dept_degree_centrality": ("度中心性", "degree centrality"),
    "dept_betweenness": ("中介中心性", "betweenness"),
    "dept_measures_of": ("部门任务", "Measures of"),
    "dept_alias_of": ("别名", "alias"),
    "dept_role": ("职责", "role"),
    "measure_number": ("任务编号", "measure"),
    "measure_task": ("任务内容", "task"),
    "deadline": ("完成时限", "deadline"),
    "policy": ("政策", "policy"),
    "partners_of": ("协作部门", "Partners of"),
    "partner": ("协作部门", "partner"),
    "partner_shared": ("共同任务数", "shared measures"),
    "partner_roles": ("对方职责", "partner's roles"),
    "communities": ("协作群组", "Communities of departments that work together"),
    "community": ("群组", "group"),
    "community_size": ("部门数", "size"),
    "community_members": ("成员", "members"),
    "alone": ("另有 {n} 个部门未与其他部门共同承担任务", "{n} more departments share no measure with any other"),
    "targets_title": ("量化目标", "Targets"),
    "target_indicator": ("指标", "indicator"),
    "target_value": ("目标值", "value"),
    "target_deadline": ("目标年份", "due"),
    "about": ("约", "about "),
    "unknown_department": ("工作区中未找到部门", "no department in the workspace is named"),
    "did_you_mean": ("相近的部门", "did you mean"),
    "no_departments_in_workspace": ("工作区中还没有部门职责(kg build 抽取任务与责任部门)",
                                    "the workspace holds no department responsibilities yet (kg build extracts them)"),
    "ambiguous_department": ("多个部门使用该名称,请用全称", "several departments go by this name; use the full name"),
    "no_departments": ("没有符合条件的部门职责", "no department responsibilities match"),
    "no_partners": ("(没有与该部门共同承担任务的部门)", "(no department shares a measure with it)"),
    "no_targets": ("没有符合条件的目标", "no targets match"),
    "bad_year": ("年份应为四位数字", "a year is four digits"),
}


def language(explicit: str | None = None) -> str:
    lang = (explicit or os.environ.get("KG_LANG") or "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def t(key: str, lang: str | None = None) -> str:
    zh, en = MESSAGES.get(key, (key, key))
    return en if language(lang) == "en" else zh
