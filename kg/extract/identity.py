"""Who issued what, when: 发文字号, title, issuers, 成文日期, level and region.

Each field is found by a small function over the clean text (and the page's metadata where
the site prints it); each returns the value and the span it came from.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import chain, islice
from typing import Callable, Iterator, NamedTuple

from kg.extract import regexes as rx
from kg.extract.dates import DATE_LINE, parse_date
from kg.extract.departments import Scope, resolve
from kg.extract.docnumber import DocNumber, find_doc_numbers, normalise_doc_number
from kg.extract.enactment import Enactment, canonical_body, enactment
from kg.extract.layout import Segment, segments, without_white
from kg.models import PolicyInfo, SourceText, Span
from kg.reference import (
    Region,
    decode_agency,
    find_region,
    is_national_body,
    known_agency_codes,
    region_label,
    short_place_names,
)


class Found(NamedTuple):
    """A value found and the span it came from (a tuple: made for every candidate title)."""

    value: str
    span: Span | None


_SPACE_RUN = re.compile(r"[ \u3000\xa0]+")
#: Chinese written with spaces between the characters (a spaced title keeps its spaces)
_SPACED_WORDS = re.compile(rf"[{rx.CJK}] [{rx.CJK}]")
#: the label of a number printed in the page head, and what follows it
_NUMBER_LABEL = re.compile(r"(?:发文字号|文件编号|文号)[\s:：]*")
_SENTENCE_MARK = re.compile(r"[。，,；;]")
#: a bracketed title inside a page-title line: 栏目名 [标题]
_BRACKETED = re.compile(r"[\[［【]([^\]］】]{5,100})[\]］】]")
_OPEN_BRACKETS = "[［【"
#: a line that holds only a decree's number: 第179号
_DECREE_NUMBER_LINE = re.compile(r"(?:(?:19|20)\d\d\s*年\s*)?第\s*\d{1,5}\s*号")
#: a round bracket, either width
_BRACKET = re.compile(r"[（(）)]")


def _clean_title(t: str) -> str:
    t = _without_label(t.strip())
    t = t.strip("《》\" ")
    if t.startswith("“") and t.endswith("”") and t.count("“") == 1:
        t = t[1:-1]
    if " " not in t and "\u3000" not in t and "\xa0" not in t:
        return t  # (no space to remove: the patterns below would leave it as it is)
    return _SPACE_RUN.sub("", t) if _SPACED_WORDS.search(t) is None else t


def _without_label(t: str) -> str:
    """``t`` without a label before a title (标题：…; :data:`rx.LABEL_PREFIX` matches at the
    start only, so it is matched there rather than substituted).

    >>> _without_label("标题：某市示范工作方案"), _without_label("某市示范工作方案")
    ('某市示范工作方案', '某市示范工作方案')
    """
    m = rx.LABEL_PREFIX.match(t)
    return t[m.end() :] if m else t


_NOT_IN_FRAGMENT = re.compile(r"[\s:：|｜>»/。，,\d]")


#: the last character of a title: that of a type word of :data:`rx.TITLE_END` or
#: :data:`rx.LAW_TITLE_END`, or the bracket closing a qualifier after it
_TITLE_LAST = frozenset(w[-1] for w in rx.DOC_TYPE_WORDS + rx.LAW_TYPE_WORDS) | {")", "）"}


def _title_like(t: str) -> bool:
    """A line that can be a title: 5 to 120 characters ending with a type word (a line that
    does not end with the last character of one is passed over before any pattern runs).

    >>> _title_like("某市关于推进职业教育发展的实施意见"), _title_like("为了推进职业教育发展，制定本方案。")
    (True, False)
    """
    t = t.strip()
    if not t or t[-1] not in _TITLE_LAST:
        return False
    t = _without_label(t)
    if not (5 <= len(t) <= 120) or rx.not_title(t):
        return False
    t2 = _compact(t)
    tail = max(0, len(t2) - _TITLE_TAIL)  # (a match of a title's end starts in its tail)
    return bool(rx.TITLE_END.search(t2, tail) or rx.LAW_TITLE_END.search(t2, tail)) and not rx.DOC_NUMBER.fullmatch(t2)


#: the longest match of :data:`rx.TITLE_END` and :data:`rx.LAW_TITLE_END`: a type word and a
#: bracketed qualifier of at most 20 characters
_TITLE_TAIL = max(map(len, rx.DOC_TYPE_WORDS + rx.LAW_TYPE_WORDS)) + 22


def _head_limit(text: str, segs: list[Segment]) -> int:
    """Where the head of the document ends: its first numbered section heading."""
    for s in segs:
        first = s.text[0]  # (a segment is never empty)
        if (first in _SECTION_START or first.isspace()) and rx.SECTION_HEADING.match(s.text) and s.start > 0:
            return s.start
    return min(len(text), 3000)


#: what a section heading (:data:`rx.SECTION_HEADING`, 一、 or 第一章) starts with, after white space
_SECTION_START = frozenset("一二三四五六七八九十百第")


def _is_body_start(seg: Segment) -> bool:
    """The addressee (a segment that ends with a colon: it holds no line break) or the
    preamble's first words."""
    t = seg.text
    return bool((t[-1:] in _COLONS and rx.ADDRESSEE.match(t)) or rx.PREAMBLE_START.match(t))


_COLONS = frozenset("：:")


def find_own_number(source: SourceText, segs: list[Segment], limit: int | None = None) -> DocNumber | None:
    """The document's own 发文字号: the site's header field, else a line that is only a number
    (``limit``: where the head ends, :func:`_head_limit`, found here when not given)."""
    known = known_agency_codes()
    for key in ("发文字号", "文号", "文件编号"):
        value = source.metadata.get(key)
        if value:
            found = find_doc_numbers(value, known)
            if found:
                d = found[0]
                # point the span at the same number in the text when it is there
                for s in segs:
                    hit = find_doc_numbers(s.text, known) if len(s.text) <= len(d.number) + 12 else None
                    if hit and hit[0].number == d.number:
                        return DocNumber(d.number, d.agency, d.year, d.seq, Span(s.start + hit[0].span.start, s.start + hit[0].span.end), d.placeholder, d.decree)
                return DocNumber(d.number, d.agency, d.year, d.seq, None, d.placeholder, d.decree)  # type: ignore[arg-type]
    if limit is None:
        limit = _head_limit(source.text, segs)
    # a number printed after its label in the page head: 文件编号 锡教发〔2020〕86号 (the
    # head's lines are read when the head holds a 号, which ends each label)
    labelled = segs[:40]
    labelled = labelled[: bisect_left(labelled, limit + 1, key=_start)]
    if labelled and source.text.find("号", labelled[0].start, labelled[-1].end) < 0:
        labelled = []
    for s in labelled:
        m = _NUMBER_LABEL.search(s.text) if "号" in s.text else None  # (each label ends with 号)
        if m:
            hit = find_doc_numbers(s.text[m.end():], known)
            if hit and hit[0].span.start == 0:
                d = hit[0]
                off = s.start + m.end()
                return DocNumber(d.number, d.agency, d.year, d.seq, Span(off + d.span.start, off + d.span.end), d.placeholder, d.decree)
    for s in segs:
        if s.start > limit:
            break
        if "号" not in s.text and "號" not in s.text:
            continue  # (no number ends on the line)
        compact = without_white(s.text).strip("()（）")
        hit = find_doc_numbers(compact, known)
        if hit and len(compact) - len(hit[0].number) <= 3 and (hit[0].span.start == 0):
            real = find_doc_numbers(s.text, known)
            span = Span(s.start + real[0].span.start, s.start + real[0].span.end) if real else Span(s.start, s.end)
            d = hit[0]
            return DocNumber(d.number, d.agency, d.year, d.seq, span, d.placeholder, d.decree)
    # a decree's number over two lines: 广州市人民政府令 / 第179号
    head = [s for s in segs[:15] if s.start <= limit]
    for a, b in zip(head, head[1:]):
        if a.text.endswith("令") and _DECREE_NUMBER_LINE.fullmatch(b.text):
            d = find_doc_numbers(a.text + b.text, known)
            if d:
                return DocNumber(d[0].number, d[0].agency, d[0].year, d[0].seq, Span(a.start, b.end), d[0].placeholder, True)
    # a decree's number in its title: 广州市老年人优待办法（广州市人民政府令第179号）
    for s in segs[:12]:
        if ("号" not in s.text and "號" not in s.text) or _SENTENCE_MARK.search(s.text):
            continue  # (no number ends on the line) a decree cited in a sentence is not the document's own
        for d in find_doc_numbers(s.text, known):
            if d.decree and s.start <= limit:
                return DocNumber(d.number, d.agency, d.year, d.seq, Span(s.start + d.span.start, s.start + d.span.end), d.placeholder, d.decree)
    return None


def _title_fragment(t: str) -> bool:
    """A line that can be the first part of a title broken over lines (not site chrome)."""
    return len(t) <= 60 and not _NOT_IN_FRAGMENT.search(t)


def _head_segments(segs: list[Segment], limit: int) -> list[Segment]:
    """The segments that start before ``limit`` (segments are in the order of the text)."""
    return segs[: bisect_left(segs, limit, key=_start)]


def _start(s: Segment) -> int:
    return s.start


def _joined_candidates(text: str, head: list[Segment]) -> Iterator[Found]:
    """Title-like segments of the head (``head``: its segments), also two or three lines
    joined (a title broken over lines), in order: each line is read when the candidates
    reach it (a reader that stops at the notice's title does not read the lines below)."""
    n = len(head)
    like: list[bool | None] = [None] * n  # (each line read once, not once per group it opens)
    ends: list[bool | None] = [None] * n
    # (the head is searched once for an opening bracket before its lines are)
    brackets = n > 0 and any(text.find(b, head[0].start, head[-1].end) >= 0 for b in _OPEN_BRACKETS)
    for i, s in enumerate(head):
        if _like(head, like, i):
            yield Found(_clean_title(s.text), Span(s.start, s.end))
        elif not _ends(head, like, ends, i) and i + 1 < n:  # the line and the next, then the two after it
            joined = s.text + head[i + 1].text
            if _title_like(joined):
                yield Found(_clean_title(joined), Span(s.start, head[i + 1].end))
            elif not _ends(head, like, ends, i + 1) and i + 2 < n:
                joined += head[i + 2].text
                if _title_like(joined):
                    yield Found(_clean_title(joined), Span(s.start, head[i + 2].end))
        # a bracketed title inside a page-title line: 栏目名 [标题]
        for m in _BRACKETED.finditer(s.text) if brackets else ():
            if _title_like(m.group(1)):
                yield Found(_clean_title(m.group(1)), Span(s.start + m.start(1), s.start + m.end(1)))


def _like(head: list[Segment], like: list[bool | None], i: int) -> bool:
    """Line ``i`` of the head is title-like (kept in ``like``; a line that does not end with
    the last character of a type word is no title, asked before a call)."""
    v = like[i]
    if v is None:
        t = head[i].text
        v = like[i] = t[-1:] in _TITLE_LAST and _title_like(t)
    return v


def _ends(head: list[Segment], like: list[bool | None], ends: list[bool | None], i: int) -> bool:
    """Line ``i`` of the head is one a title broken over lines cannot run on past (kept in ``ends``)."""
    v = ends[i]
    if v is None:
        s = head[i]
        v = ends[i] = _like(head, like, i) or len(s.text) > 60 or _NOT_IN_FRAGMENT.search(s.text) is not None or _is_body_start(s)
    return v


def _extend_back(segs: list[Segment], k: int, metadata: dict[str, str]) -> Found:
    """A title whose first lines stand on lines of their own (国务院关于印发…改革 / 实施方案的通知)."""
    title = _clean_title(segs[k].text)
    meta = _clean_title(metadata.get("标题", ""))
    if meta and meta != title and (meta.endswith(title) or meta.startswith(title)):
        return Found(meta, Span(segs[k].start, segs[k].end))
    start = k
    while start > 0 and k - start < 3:
        prev = segs[start - 1].text
        if (
            _title_like(prev) or _is_body_start(segs[start - 1]) or DATE_LINE.match(prev)
            or rx.DOC_NUMBER.search(prev) or not _title_fragment(prev) or _BRACKET.search(prev)
        ):
            break
        start -= 1
    if start < k:
        title = _clean_title("".join(x.text for x in segs[start : k + 1]))
    return Found(title, Span(segs[start].start, segs[k].end))


def find_title(source: SourceText, segs: list[Segment], limit: int | None = None) -> tuple[Found | None, list[str]]:
    """The policy's own title and the other titles it goes by (the issuing notice's);
    ``limit``: where the head ends (:func:`_head_limit`, found here when not given).

    A title the page's own header field (标题) continues is completed from it: titles are
    often broken over lines in the body.
    """
    found, alt = _find_title(source, segs, _head_limit(source.text, segs) if limit is None else limit)
    meta = _clean_title(source.metadata.get("标题", ""))
    if found and meta and meta != found.value and (meta.startswith(found.value) or meta.endswith(found.value)) and not rx.ISSUING_NOTICE.search(meta):
        return Found(meta, found.span), alt
    return found, alt


def _forwarded_titles(notice: str) -> list[str]:
    """The forwarded document's title, as an alternative title of a 转发 notice.

    >>> _forwarded_titles("某省人民政府办公厅关于转发《某市养老服务实施方案》的通知")
    ['某市养老服务实施方案']
    """
    m = rx.ISSUING_NOTICE.search(without_white(notice))
    return [_clean_title(m.group("title"))] if m else []


def _compact(t: str) -> str:
    """``t`` without white space (a title without any is returned as it is)."""
    return without_white(t) if _WHITE.search(t) else t


_WHITE = re.compile(r"\s")


def _find_title(source: SourceText, segs: list[Segment], limit: int) -> tuple[Found | None, list[str]]:
    text = source.text
    head = _head_segments(segs, limit)
    reading = _joined_candidates(text, head)
    read: list[Found] = []  # the candidates read so far, in order
    alt: list[str] = []
    meta_titles = [source.metadata.get(k, "") for k in ("标题", "页面标题")]
    # (a forwarding notice's title holds 转发, an issuing notice's 关于: a title without their
    # first character is not read for them; no candidate holds 转 when no line of the head,
    # nor title of the page, does; the page's titles are read when the search reaches them)
    if bool(head) and text.find("转", head[0].start, head[-1].end) >= 0:
        read.extend(reading)
    found = chain(read, _page_titles(meta_titles) if any("转" in t for t in meta_titles) else ())
    forwarding = next((c for c in found if "转" in c.value and rx.FORWARDING_NOTICE.search(_compact(c.value))), None)
    if forwarding is not None:
        return forwarding, _forwarded_titles(forwarding.value)
    m = None
    for c in chain(read, _taking(reading, read), _page_titles(meta_titles)):
        m = rx.ISSUING_NOTICE.search(_compact(c.value)) if "关" in c.value else None
        if m:
            break
    if m is not None:
        notice = c
        inner = _clean_title(m.group("title"))
        alt.append(notice.value)
        # the issued plan's own heading in the text gives the span
        span = None
        first = inner[:1]
        for s in segs:
            # (white space removed never lengthens a line: a shorter one is not the heading;
            # nor changes its first character that is not white space)
            if len(s.text) >= len(inner) and (not first or s.text.lstrip()[:1] == first) and without_white(s.text) == inner:
                span = Span(s.start, s.end)
                break
        # (the title holds no white space: where it stands quoted as written, it stands so
        # once white space is removed, and the text is not rewritten)
        if span is None and not ("《" in notice.value or f"《{inner}》" in text or f"《{inner}》" in without_white(text)):
            # nothing in the text goes by that name (关于印发我市2025年…标准的通知): the notice is the document
            return notice, []
        return Found(inner, span or notice.span), alt
    read.extend(reading)
    candidates = read
    body = next(rx.finditer_near(rx.ISSUED_IN_BODY, text[: max(limit, 4000)], rx.ISSUED_IN_BODY_ANCHOR), None)
    if body:
        group = "title" if body.group("title") else "decree"
        inner = _clean_title(body.group(group))
        own = next((c for c in candidates if c.value.endswith("通知") and "关于" in c.value and c.value != inner), None)
        if own is not None and _NOTICE_OF_ITS_OWN.match(text, body.end()):
            # 关于开展…工作的通知: 现将《…方案》印发给你们，并就有关事项通知如下: the notice says more than
            # it issues, and is the document (FORMAT.md reads the plan for 关于印发…的通知 only)
            return own, [inner]
        for c in candidates:
            if c.value != inner:
                alt.append(c.value)
                break
        return Found(inner, Span(body.start(group), body.end(group))), alt
    # the title-like segment nearest before the addressee or the preamble
    first_body = next((i for i, s in enumerate(segs[:25]) if s.start < limit + 1 and _is_body_start(s)), None)
    if first_body is not None:
        for k in range(first_body - 1, -1, -1):
            s = segs[k]
            if _title_like(s.text):
                return _extend_back(segs, k, source.metadata), alt
            joined = [c for c in candidates if c.span and c.span.end == s.end]
            if joined:
                return joined[0], alt
    if candidates:
        # a title that the page repeats (page title and heading) beats one that it does not
        counts = {c.value: sum(1 for d in candidates if d.value == c.value) for c in candidates}
        best = max(candidates, key=lambda c: counts[c.value])
        return (best if counts[best.value] > 1 else candidates[0]), alt
    for t in meta_titles:
        if t:
            return Found(_clean_title(_without_site(t)), None), alt
    return None, alt


#: what an issuing sentence goes on with when its notice has requirements of its own
_NOTICE_OF_ITS_OWN = re.compile(r"[，,]?\s*(?:并|同时)(?:就|将)[^。；]{0,12}通知如下")


def _page_titles(titles: list[str]) -> Iterator[Found]:
    """The page's titles (its header field and its ``<title>``) as candidates."""
    return (Found(_clean_title(_without_site(t)), None) for t in titles if t)


def _taking(items: Iterator[Found], into: list[Found]) -> Iterator[Found]:
    """``items``, each added to ``into`` as it is read."""
    for c in items:
        into.append(c)
        yield c


def _without_site(title: str) -> str:
    """A page's title without the site's name after a dash (:data:`rx.SITE_SUFFIX`, whose
    one match, at the end, opens with white space and a dash: searched from the white space
    before the first dash, not tried at every character).

    >>> _without_site("某市关于做好示范工作的通知_某市人民政府门户网站"), _without_site("某市示范工作方案")
    ('某市关于做好示范工作的通知', '某市示范工作方案')
    >>> _without_site("某市关于转发某通知的通知_市县政府文件_某省人民政府")  # (the site and its section)
    '某市关于转发某通知的通知'
    """
    for _ in range(3):  # (a site's name after its section's: 标题_栏目_网站, each after an underscore or a bar)
        shorter = _without_one_site(title)
        if shorter == title:
            break
        removed, title = title[len(shorter) :], shorter
        if not _SECTION_MARK.match(removed):
            break
    return title


#: the mark before a page title's section or site that may be one of several (not a dash,
#: which titles hold: 2021—2025年)
_SECTION_MARK = re.compile(r"\s*[_|｜]")


def _without_one_site(title: str) -> str:
    """:func:`_without_site` once: the last part after a dash."""
    dash = _DASH.search(title)
    if dash is None:
        return title
    start = dash.start()
    while start and title[start - 1].isspace():
        start -= 1
    m = rx.SITE_SUFFIX.search(title, start)
    return title if m is None else title[: m.start()] + title[m.end() :]


#: a character that opens :data:`rx.SITE_SUFFIX` after its white space
_DASH = re.compile(r"[-_|｜—]")


def split_org_line(line: str) -> list[str] | None:
    """Names of bodies on a signature line, or None when the line is something else.

    >>> split_org_line("无 锡 市 教 育 局 无锡市发展和改革委员会")
    ['无锡市教育局', '无锡市发展和改革委员会']
    >>> split_org_line("广州市民政局  广州市财政局")
    ['广州市民政局', '广州市财政局']
    >>> split_org_line("请认真贯彻执行。") is None
    True
    """
    tokens = line.split()
    merged: list[str] = []
    run = ""
    for t in tokens:
        if len(t) == 1:
            run += t
            continue
        if run:
            merged.append(run)
            run = ""
        merged.append(t)
    if run:
        merged.append(run)
    if not merged:
        return None
    # tokens that are not names on their own may be parts of one (市人力资源 和社会保障局)
    out: list[str] = []
    buf = ""
    for t in merged:
        buf += t
        if rx.ORG_TOKEN.match(buf) and rx.ORG_SUFFIX.search(buf):  # (the cheaper test first)
            out.append(buf)
            buf = ""
    if buf or not out:
        return None
    return out


#: what a date line (:data:`DATE_LINE`) starts with besides a digit and white space
_DATE_LINE_START = frozenset("(（〇○零一二三四五六七八九")


def _names_across_lines(segs: list[Segment], j: int, i: int) -> list[Found]:
    """The names of the lines ``k..i-1`` above the date line ``i`` read as one line, for the
    lowest ``k <= j`` (``j``: a line that is no list of names by itself) within four lines of
    the date whose lines read so, or none.

    >>> segs = [Segment(t, n * 10, n * 10 + len(t)) for n, t in enumerate(
    ...     ["济南市工业和", "信息化局", "济南市公安局 济南市城乡交通", "运输局", "2022年3月10日"])]
    >>> [f.value for f in _names_across_lines(segs, 2, 4)]
    ['济南市工业和信息化局', '济南市公安局', '济南市城乡交通运输局']
    """
    for k in range(max(0, i - 4), j + 1):
        orgs = split_org_line(" ".join(s.text for s in segs[k:i]))
        if orgs is not None:
            return [Found(o, Span(segs[k].start, segs[i - 1].end)) for o in orgs]
    return []


#: the most segments of names a signature block is read over, up from its date (a joint
#: document's bodies, two to a line: 教育部　　财政部 / 人力资源社会保障部　　中国人民银行 …)
_SIGNATURE_NAMES = 12


def find_signature(text: str, segs: list[Segment]) -> tuple[list[Found], Found | None]:
    r"""Issuers and 成文日期 of the signature block: names right above a date line (a line
    that ends with 日: only the segments holding one are read); without names, a date line
    right after the closing formula of a notice (特此通知。请认真贯彻执行。: its signature a
    seal that is no text) gives the date alone.

    >>> t = "各区人民政府：\n现将《某方案》印发给你们，请认真贯彻执行。\n\n2023年6月12日\n某方案\n1.到2025年12月31日\n2025年12月31日"
    >>> find_signature(t, segments(t))[1].value
    '2023-06-12'
    >>> t = "某方案\n一、建设实训基地。\n2025年12月31日"  # a deadline after a task: no 成文日期
    >>> find_signature(t, segments(t))
    ([], None)
    >>> t = "请认真贯彻落实。\n\n工业和信息化部　　国家发展改革委\n\n教育部　　财政部\n\n人力资源社会保障部　　中国人民银行\n\n2023年9月26日\n"
    >>> len(find_signature(t, segments(t))[0])  # (a joint document's bodies, two to a line)
    6
    """
    closed: Found | None = None  # the first date line after a closing formula
    for i in _segments_holding(text, segs, "日"):
        s = segs[i]
        first = s.text[:1]
        if not (first in _DATE_LINE_START or first.isdigit() or first.isspace()) or not DATE_LINE.match(s.text):
            continue  # (a date line starts with a digit, a Chinese numeral or a parenthesis)
        names: list[Found] = []
        j = i - 1
        above = text[text.rfind("\n", 0, segs[j].start) + 1 : segs[j].end].strip() if j >= 0 else ""  # (省长  叶建春: two segments, one line)
        if j >= 0 and (rx.OFFICIAL_SIGNATURE.match(segs[j].text) or rx.SIGNATORY.match(above)):
            iso = parse_date(s.text)
            return [], (Found(iso, Span(s.start, s.end)) if iso else None)
        while j >= 0 and i - j <= _SIGNATURE_NAMES:
            orgs = split_org_line(segs[j].text)
            if orgs is None:
                # names broken across lines (济南市工业和 / 信息化局 / 济南市公安局 济南市城乡交通 /
                # 运输局: a signature in two columns): the lines above the date read as one
                names = _names_across_lines(segs, j, i) or names
                break
            names = [Found(o, Span(segs[j].start, segs[j].end)) for o in orgs] + names
            j -= 1
        if names:
            iso = parse_date(s.text)
            return names, (Found(iso, Span(s.start, s.end)) if iso else None)
        if closed is None and i > 0 and rx.NOTICE_CLOSING.search(segs[i - 1].text):
            iso = parse_date(s.text)
            closed = Found(iso, Span(s.start, s.end)) if iso else None
    return [], closed


def _segments_holding(text: str, segs: list[Segment], ch: str) -> Iterator[int]:
    r"""The indexes of the segments of ``text`` that hold the character ``ch``, in order
    (the text is searched for it, not each segment).

    >>> t = "甲日\n乙\n丙日日  丁日"
    >>> list(_segments_holding(t, segments(t), "日"))
    [0, 2, 3]
    """
    i = text.find(ch)
    while i >= 0:
        k = bisect_right(segs, i, key=_start) - 1
        if k >= 0 and i < segs[k].end:
            yield k
            i = text.find(ch, segs[k].end)
        else:
            i = text.find(ch, i + 1)


def issuers_from_title(title_line: str | None) -> list[str]:
    """Issuers named before 关于 in a title: 广州市民政局 广州市财政局关于… -> both."""
    if not title_line or "关于" not in title_line:
        return []
    head = title_line.split("关于", 1)[0].strip()
    if not head:
        return []
    names = split_org_line(head.replace("、", " ")) or []
    return [canonical_body(n) or n for n in names]


def _short_place(title: str) -> Region | None:
    """The province or city a title begins with by its short name (上海港口条例 -> 上海市).

    >>> _short_place("上海港口条例").name, _short_place("某某物品管理条例")
    ('上海市', None)
    """
    return next((short_place_names()[title[:n]] for n in (4, 3, 2) if title[:n] in short_place_names()), None)


def _names_place(title: str) -> bool:
    """True when a title begins with a place (上海港口条例, 莱芜市…, 某县…).

    >>> _names_place("上海港口条例"), _names_place("某某物品管理条例")
    (True, False)
    """
    return bool(rx.PLACE_AT_START.match(title) or find_region(title) or _short_place(title))


def _place_level(name: str) -> str:
    """The level a place's name states by its last word (莱芜市 -> city, 某县 -> county).

    >>> _place_level("莱芜市人民代表大会"), _place_level("某某自治州"), _place_level("县人民政府")
    ('city', 'city', 'county')
    """
    m = _PLACE_WORD.search(name)
    word = m.group(1) if m else ""
    return {"自治区": "province", "省": "province", "自治州": "city", "地区": "city", "盟": "city", "市": "city"}.get(word, "county")


_PLACE_WORD = re.compile(r"(自治区|省|自治州|地区|盟|市|自治县|县|区|旗)(?=人民|人大|$)")
#: what a 发文字号's agency ends before: the year's bracket or 第
_AGENCY_END = re.compile(r"〔|第")
#: a title that names the state (国家…, 全国…, 中华人民共和国…)
_NATIONAL_TITLE = ("国家", "全国", "中华人民共和国")
_ORDER_WORD = re.compile(r"(?:令|公告)$")


def _national_adopter(body: str) -> bool:
    """A body of an enactment history that names no region is a national one (卫生部,
    国务院, 中央军事委员会): local bodies always carry their region there, if only by its
    short name (河北雄安新区管理委员会).

    >>> _national_adopter("国务院"), _national_adopter("河北雄安新区管理委员会")
    (True, False)
    """
    return is_national_body(body) or (find_region(body) is None and bool(rx.ENACTING_BODY_END.search(body)) and _short_place(body) is None)


def level_and_region(
    issuers: list[str], number: str | None, title: str | None, metadata: dict[str, str], legislation: bool = False
) -> tuple[str | None, str | None]:
    """Level of the issuing body and its region (None for national). ``legislation``: the
    text is made of articles, so a title of a law or regulation naming no place is national.

    >>> level_and_region([], None, "某某物品管理条例", {}, legislation=True)
    ('national', None)
    >>> level_and_region([], None, "某某物品管理条例", {})
    (None, None)
    """
    return _level_and_region(issuers, number, title, metadata, lambda: legislation)


def _level_and_region(
    issuers: list[str], number: str | None, title: str | None, metadata: dict[str, str], legislation: Callable[[], bool]
) -> tuple[str | None, str | None]:
    """:func:`level_and_region`, where whether the text is legislation is asked only when it
    decides (reading the text for articles is left out for most documents)."""
    for issuer in issuers[:1] + [metadata.get("发文机关", "")]:
        if not issuer:
            continue
        region = find_region(issuer)
        if region:
            return region.level, region_label(region)
        place = rx.PLACE_BODY.match(issuer) or rx.BARE_LEVEL_BODY.match(issuer)
        if place:
            return _place_level(place.group(0)), place.groupdict().get("place")
        if _national_adopter(issuer):
            return "national", None
        if short := _short_place(issuer):  # 河北雄安新区管理委员会: its province by its short name
            return short.level, region_label(short)
    if number:
        agency = decode_agency(_AGENCY_END.split(number)[0])
        if agency and agency.level:
            return agency.level, agency.region
    if title:
        region = find_region(title) or _short_place(title) or find_region(title, at_start=False)
        if region:
            return region.level, region_label(region)
        if title.startswith(_NATIONAL_TITLE) or is_national_body(title):
            return "national", None
        if rx.LEGISLATION_TITLE.search(title) and legislation() and not _names_place(title):
            return "national", None  # local legislation always names its place
    return None, None


def _title_over_history(segs: list[Segment], history: Enactment) -> Found | None:
    r"""The title printed right above a law's enactment history.

    >>> from kg.extract.enactment import enactment
    >>> t = "某省河道管理条例\n（2001年5月8日某省第九届人民代表大会常务委员会第三次会议通过）\n第一条 为了……"
    >>> _title_over_history(segments(t), enactment(t)).value
    '某省河道管理条例'
    >>> t = "中华人民共和国某某\n管理法\n2001年5月8日第九届全国人民代表大会常务委员会第三次会议通过\n第一条 为了……"
    >>> _title_over_history(segments(t), enactment(t)).value
    '中华人民共和国某某管理法'
    """
    if history.span is None:
        return None
    before = [s for s in segs if s.end <= history.span.start]
    if not before:
        return None
    k = len(before) - 1
    while k > 0 and find_doc_numbers(before[k].text.strip()) and len(before[k].text.strip()) <= 30:
        k -= 1  # the number printed between the title and the history (法释〔2021〕11号)
    t = before[k].text.strip()
    if not (2 < len(t) <= 120) or rx.not_title(t) or DATE_LINE.match(t) or rx.SECTION_HEADING.match(t):
        return None
    # a title broken over lines: join back while the line above is a fragment, not a whole title
    start = k
    while start > 0 and k - start < 2:
        prev = before[start - 1].text.strip()
        if not _title_fragment(prev) or rx.LAW_TITLE_END.search(prev) or rx.TITLE_END.search(prev) or DATE_LINE.match(prev):
            break
        start -= 1
    joined = "".join(x.text.strip() for x in before[start : k + 1])
    return Found(_clean_title(joined), Span(before[start].start, before[k].end))


def _history_number(source: SourceText, history: Enactment) -> DocNumber | None:
    """The order (令) under which the latest version printed in the history was made; the
    notices (公告) that publish local regulations are not 发文字号."""
    if history.span is None:
        return None
    block = source.text[history.span.start : history.span.end]
    orders = [d for d in find_doc_numbers(block, known_agency_codes()) if d.decree and d.agency.endswith("令")]
    if not orders:
        return None
    d = orders[-1]
    off = history.span.start
    return DocNumber(d.number, d.agency, d.year, d.seq, Span(off + d.span.start, off + d.span.end), d.placeholder, d.decree)


def _own_number(source: SourceText, segs: list[Segment], history: Enactment, limit: int) -> DocNumber | None:
    own = find_own_number(source, segs, limit)
    inside = own is not None and own.span is not None and history.span is not None and history.span.start <= own.span.start < history.span.end
    if history.span is not None and (own is None or inside):
        return _history_number(source, history)
    return own


def with_place(body: str, title: str | None) -> str:
    """A body the history names by its level alone takes the place of the title when
    the title names a place of that level.

    >>> with_place("市人民代表大会常务委员会", "某某市防震减灾条例")
    '某某市人民代表大会常务委员会'
    >>> with_place("市人民代表大会常务委员会", "某某县防震减灾条例")
    '市人民代表大会常务委员会'
    """
    m = rx.BARE_LEVEL_BODY.match(body)
    place = rx.PLACE_AT_START.match(title or "")
    if m and place and place.group("place").endswith(m.group("level")):
        return place.group("place") + body[len(m.group("level")) :]
    return body


def _set_identity_of_history(info: PolicyInfo, history: Enactment) -> None:
    """Date, first date and issuers from the enactment history (FORMAT: the latest version)."""
    info.enactment = list(history.events)
    info.first_date = history.first_date
    if history.date:
        info.date = history.date
        info.spans["date"] = history.span  # type: ignore[assignment]
    if history.bodies:
        info.issuers = [with_place(b, info.title) for b in history.bodies]
        info.spans["issuers"] = history.span  # type: ignore[assignment]


def _issuers_without_signature(info: PolicyInfo, source: SourceText, own: DocNumber | None, segs: list[Segment]) -> list[str]:
    notice_title = next((a for a in info.alt_titles if "关于" in a), None) or (info.title if info.title and "关于" in info.title else None)
    issuers = issuers_from_title(notice_title)
    if not issuers:
        issuers = _issuers_above_title(info, segs)
    if not issuers:
        issuers = _issuers_of_release(info, segs)
    if not issuers and own and own.decree:
        issuers = [_ORDER_WORD.sub("", own.agency)]
    if not issuers and source.metadata.get("发文机关"):
        issuers = split_org_line(source.metadata["发文机关"]) or [source.metadata["发文机关"]]
    if not issuers:
        issuers = _source_body(source.metadata)
    return issuers


def _title_segment(info: PolicyInfo, segs: list[Segment]) -> int | None:
    """The index of the segment the title starts in, when it was read from the text."""
    span = info.spans.get("title")
    if span is None:
        return None
    k = bisect_right(segs, span.start, key=_start) - 1
    return k if k >= 0 and span.start < segs[k].end else None


def _next_line(segs: list[Segment], k: int, step: int) -> int | None:
    """The index of the first segment holding words from ``k + step`` on, in the direction
    of ``step``."""
    k += step
    while 0 <= k < len(segs):
        if segs[k].text.strip():
            return k
        k += step
    return None


def _issuers_above_title(info: PolicyInfo, segs: list[Segment]) -> list[str]:
    r"""The bodies on the line right above a title that opens with 关于 (a document's heading
    printed in two lines: 中共湖南省委办公厅　湖南省人民政府办公厅 / 关于…的实施意见): its
    issuers, whose names the title's own line leaves out.

    >>> t = "中共湖南省委办公厅　湖南省人民政府办公厅\n关于推动职业教育发展的实施意见\n为贯彻落实…"
    >>> info = PolicyInfo(title="关于推动职业教育发展的实施意见", spans={"title": Span(21, 36)})
    >>> _issuers_above_title(info, segments(t))
    ['中共湖南省委办公厅', '湖南省人民政府办公厅']
    >>> t = "工业和信息化部 国家发展改革委 教育部\n人力资源社会保障部 中国人民银行\n关于加快推进中小企业数字化转型的指导意见\n"
    >>> info = PolicyInfo(title="关于加快推进中小企业数字化转型的指导意见", spans={"title": Span(t.index("关于"), len(t) - 1)})
    >>> len(_issuers_above_title(info, segments(t)))
    5
    """
    k = _title_segment(info, segs)
    if k is None or not (info.title or "").startswith("关于"):
        return []
    names: list[str] = []
    above = _next_line(segs, k, -1)
    while above is not None and (line := split_org_line(segs[above].text)):
        names = line + names  # (the bodies of a joint document printed over two lines and more)
        above = _next_line(segs, above, -1)
    return [canonical_body(n) or n for n in names]


def _issuers_of_release(info: PolicyInfo, segs: list[Segment]) -> list[str]:
    r"""The bodies a release's headline names as issuing the text it carries, when that text
    is the title (中共中央办公厅 国务院办公厅印发《关于…的意见》 / …全文如下 / 关于…的意见).

    >>> t = "中共中央办公厅 国务院办公厅印发《关于完善医疗卫生服务体系的意见》\n新华社北京3月23日电 近日…\n关于完善医疗卫生服务体系的意见\n"
    >>> _issuers_of_release(PolicyInfo(title="关于完善医疗卫生服务体系的意见"), segments(t))
    ['中共中央办公厅', '国务院办公厅']
    """
    first = _next_line(segs, -1, 1)
    m = rx.RELEASE_HEADLINE.match(segs[first].text) if first is not None else None
    if not m or _compact(m.group("title")) != _compact(info.title or ""):
        return []
    names = split_org_line(m.group("bodies").replace("、", " "))
    return [canonical_body(n) or n for n in names or []]


def _date_under_title(info: PolicyInfo, segs: list[Segment]) -> Found | None:
    r"""A date in brackets on the line right under the title, or under its 发文字号 (中共中央
    国务院关于…的意见 / （2023年1月2日）: the 成文日期 as a heading's note prints it).

    >>> t = "中共中央 国务院关于某项工作的意见\n（2023年1月2日）\n为做好某项工作…"
    >>> _date_under_title(PolicyInfo(title="中共中央国务院关于某项工作的意见", spans={"title": Span(0, 17)}), segments(t)).value
    '2023-01-02'
    >>> t = "关于某项工作的实施意见\n鲁发〔2023〕5号\n（2023年3月10日）\n为做好某项工作…"
    >>> _date_under_title(PolicyInfo(title="关于某项工作的实施意见", spans={"title": Span(0, 11), "doc_number": Span(12, 21)}), segments(t)).value
    '2023-03-10'
    >>> t = "2024年某市政府工作报告\n——2024年1月10日在某市第十七届人民代表大会第四次会议上\n各位代表："
    >>> _date_under_title(PolicyInfo(title="2024年某市政府工作报告", spans={"title": Span(0, 13)}), segments(t)).value
    '2024-01-10'
    """
    k = _title_segment(info, segs)
    i = _next_line(segs, k, 1) if k is not None else None
    number = info.spans.get("doc_number")
    if i is not None and number is not None and segs[i].start <= number.start < segs[i].end:
        i = _next_line(segs, i, 1)  # 鲁发〔2023〕5号 / （2023年3月10日）
    under = segs[i] if i is not None else None
    if under is None:
        return None
    delivered = _DELIVERED.match(under.text)
    if not delivered and (under.text.strip()[:1] not in "(（" or not DATE_LINE.match(under.text)):
        return None
    iso = parse_date(delivered.group("date") if delivered else under.text)
    return Found(iso, Span(under.start, under.end)) if iso else None


#: the line under a report's or a speech's title that says when and where it was delivered:
#: ——2024年1月10日在兰州市第十七届人民代表大会第四次会议上
_DELIVERED = re.compile(r"^[ \t\u3000]*[—－-]{1,2}[ \t\u3000]*(?P<date>(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*在[^\n]{2,60}上")


def full_name(body: str) -> str:
    """An issuer's full name, as the departments' resolution gives it (FORMAT: issuers are
    named in full): a signature or a title writes short forms (国家发展改革委, 无锡市发改委);
    a name it reads otherwise than as an expansion of the written one is kept as written.

    >>> [full_name(n) for n in ("国家发展改革委", "国务院国资委", "无锡市发改委", "中共湖南省委办公厅", "国务院")]
    ['国家发展和改革委员会', '国务院国有资产监督管理委员会', '无锡市发展和改革委员会', '中共湖南省委办公厅', '国务院']
    """
    region = find_region(body)
    dep = resolve(body, Scope(region.level, region.name) if region else Scope("national", None))
    return dep.name if dep is not None and dep.name != body and dep.name.startswith(body[:2]) else body


def _source_body(metadata: dict[str, str]) -> list[str]:
    """The body a page names as its source (来源：广州市民政局), when that is one body named in
    full (with its place, or a national one); a site or a short form names no issuer.

    >>> _source_body({"来源": "广州市民政局"}), _source_body({"信息来源": "市人力资源社会保障局 社保中心"}), _source_body({"来源": "新华社"})
    (['广州市民政局'], [], [])
    """
    for key in ("来源", "信息来源"):
        names = split_org_line(metadata.get(key, "")) or []
        if len(names) == 1 and (is_national_body(names[0]) or find_region(names[0])):
            return names
    return []


def _headless_policy(source: SourceText, segs: list[Segment]) -> PolicyInfo:
    """A text without its head: no title nor number is guessed from its first sentence;
    a signature at its end still gives issuers and date."""
    info = PolicyInfo()
    names, date = find_signature(source.text, segs)
    if names:
        info.issuers = list(dict.fromkeys(n.value for n in names))
        info.spans["issuers"] = Span(names[0].span.start, names[-1].span.end)  # type: ignore[union-attr]
    if date:
        info.date = date.value
        if date.span:
            info.spans["date"] = date.span
    info.level, info.region = level_and_region(info.issuers, None, None, {})
    return info


def headless(segs: list[Segment]) -> bool:
    r"""A text copied without its head: it opens with the addressee or the preamble.

    >>> headless(segments("各区人民政府，各有关单位：\n为了推进……，现通知如下。")), headless(segments("某市某某办法\n第一条 为了……"))
    (True, False)
    """
    first = next((s for s in segs if s.text.strip()), None)
    if first is None:
        return False
    t = first.text.strip()
    return _is_body_start(first) or (t.endswith(("：", ":")) and len(t) <= 200 and "。" not in t)


def extract_policy(source: SourceText) -> PolicyInfo:
    segs = segments(source.text)
    info = PolicyInfo()
    if not source.metadata and headless(segs):
        return _headless_policy(source, segs)
    history = enactment(source.text)
    limit = _head_limit(source.text, segs)  # (the number and the title are both read in the head)
    own = _own_number(source, segs, history, limit)
    if own:
        info.doc_number = own.number
        if own.span:
            info.spans["doc_number"] = own.span
    title, alt = find_title(source, segs, limit)
    printed = _title_over_history(segs, history)
    if printed and (title is None or title.value != printed.value):
        alt = ([title.value] if title else []) + alt
        title = printed
    if title:
        info.title = title.value
        if title.span:
            info.spans["title"] = title.span
    info.alt_titles = [a for a in dict.fromkeys(alt) if a and a != info.title]
    names, date = find_signature(source.text, segs)
    if names:
        info.issuers = list(dict.fromkeys(n.value for n in names))
        if names[0].span:
            info.spans["issuers"] = Span(names[0].span.start, names[-1].span.end)  # type: ignore[union-attr]
    else:
        info.issuers = _issuers_without_signature(info, source, own, segs)
    info.issuers = list(dict.fromkeys(map(full_name, info.issuers)))
    if date is None and not source.metadata.get("成文日期"):
        date = _date_under_title(info, segs)
    if date:
        info.date = date.value
        if date.span:
            info.spans["date"] = date.span
    elif source.metadata.get("成文日期"):
        info.date = parse_date(source.metadata["成文日期"])
    if history.events:  # (a text without a history keeps what the rest of its head says)
        place = rx.PLACE_AT_START.match(info.title or "")
        _set_identity_of_history(info, Enactment.of(history.events, place.group("place") if place else None))
    info.level, info.region = _level_and_region(info.issuers, info.doc_number, info.title, source.metadata, lambda: _articles(source.text))
    return info


def _articles(text: str) -> bool:
    r"""The text is made of articles: two lines of its first 20,000 characters open with 第X条.

    >>> _articles("某某条例\n第一条 为了……\n第二条 本条例……"), _articles("第一条 为了……")
    (True, False)
    """
    return next(islice(rx.ARTICLE.finditer(text, 0, 20000), 1, None), None) is not None


__all__ = ["extract_policy", "find_signature", "split_org_line", "normalise_doc_number"]
