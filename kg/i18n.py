"""What analysts read: Chinese by default, English on request (``--lang en`` or ``KG_LANG=en``).

>>> t("policies", "zh"), t("policies", "en")
('政策', 'policies')
"""

from __future__ import annotations

import os

MESSAGES: dict[str, tuple[str, str]] = {
    "documents_read": ("读取文档", "documents read"),
    "reused": ("未变更(沿用)", "unchanged (reused)"),
    "failed": ("失败", "failed"),
    "policies": ("政策", "policies"),
    "documents": ("语料内文档", "documents in the corpus"),
    "stubs": ("仅被引用的政策(存根)", "cited-only policies (stubs)"),
    "citations": ("引用", "citations"),
    "implements": ("贯彻落实", "implements"),
    "cites": ("引用", "cites"),
    "plans": ("拟制定", "plans"),
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
    "national": ("国家", "national"),
    "province": ("省级", "province"),
    "city": ("市级", "city"),
    "county": ("县级", "county"),
    "field": ("字段", "field"),
    "precision": ("精确率", "precision"),
    "recall": ("召回率", "recall"),
    "f1": ("F1", "F1"),
    "gold": ("标注", "gold"),
    "predicted": ("抽取", "predicted"),
    "lineage_of": ("政策溯源", "Lineage of"),
    "implementers_of": ("落实文件", "Implementers of"),
    "no_parents": ("(未找到上级文件)", "(no directives found)"),
    "no_implementers": ("工作区中没有落实该政策的文件", "no policy in the workspace implements it"),
    "not_found": ("工作区中未找到政策", "no policy in the workspace matches"),
    "ambiguous": ("匹配到多个政策,请用发文字号或完整标题", "several policies match; use the number or the full title"),
    "processing": ("处理文档", "Reading documents"),
    "evaluation": ("抽取评测", "Extraction evaluation"),
    "docs_scored": ("篇文档", "documents scored"),
    "warnings": ("警告", "warnings"),
}


def language(explicit: str | None = None) -> str:
    lang = (explicit or os.environ.get("KG_LANG") or "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def t(key: str, lang: str | None = None) -> str:
    zh, en = MESSAGES.get(key, (key, key))
    return en if language(lang) == "en" else zh
