import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest import IngestError, iter_document_paths, read_document
from tests.conftest import CORPUS, SEEDS

SEED = SEEDS / "000_0ec524e545a91cdc.txt"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_in_any_encoding_reads_the_same(tmp_path: Path, encoding: str) -> None:
    original = SEED.read_text(encoding="utf-8")
    f = tmp_path / f"doc-{encoding}.txt"
    data = original.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    f.write_bytes(data)
    doc = read_document(f)
    assert doc.text == read_document(SEED).text
    assert "沈政发〔2021〕14号" in doc.text


def test_gbk_without_any_marker_is_detected(tmp_path: Path) -> None:
    f = tmp_path / "gbk.txt"
    f.write_bytes("庆阳市人民政府关于推进全市职业教育发展的实施意见\n庆政发〔2021〕13号\n".encode("gbk"))
    doc = read_document(f)
    assert doc.text.startswith("庆阳市人民政府")
    assert doc.encoding == "gb18030"


PAGE = """<html><head><title>关于印发某市办法的通知 - 某市人民政府门户网站</title>
<script>var x = "脚本里的文字不应出现";</script><style>.a{}</style></head>
<body><div class="nav">首页 政务公开 网站导航栏目</div>
<table class="header"><tr><td>索 引 号：</td><td>000014349/2019-00005</td><td>发文机关：</td><td>国务院</td></tr>
<tr><td>成文日期：</td><td>2019年01月24日</td><td>发文字号：</td><td>国发〔2019〕4号</td></tr></table>
<div id="UCAP-CONTENT"><p>国务院关于印发国家职业教育改革实施方案的通知</p><p>国发〔2019〕4号</p>
<p>为贯彻落实有关要求，现将《国家职业教育改革实施方案》印发给你们，请认真贯彻执行。</p>
<div class="bdshare">分享到微信 微博</div>
<table><tr><td>序号</td><td>牵头部门</td><td>配合部门</td></tr>
<tr><td rowspan="2">1</td><td>市发展<br>改革委</td><td colspan="1">市财政局</td></tr>
<tr><td>市教育局</td><td>市人社局</td></tr></table>
<p>职业教育与普通教育是两种不同教育类型，具有同等重要地位。</p></div>
<div style="display:none"><p>职业教育与普通教育是两种不同教育类型，具有同等重要地位。</p></div>
<div class="footer">版权所有 网站地图</div></body></html>"""


def test_html_page_keeps_the_body_and_drops_the_chrome(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    doc = read_document(f)
    assert doc.format == "html"
    assert "国务院关于印发国家职业教育改革实施方案的通知" in doc.text
    for chrome in ("脚本里的文字", "网站导航栏目", "分享到微信", "版权所有"):
        assert chrome not in doc.text
    # a paragraph held twice is kept once
    assert doc.text.count("职业教育与普通教育是两种不同教育类型") == 1
    # header table read as metadata
    assert doc.metadata["发文字号"] == "国发〔2019〕4号"
    assert doc.metadata["成文日期"] == "2019年01月24日"
    assert doc.metadata["发文机关"] == "国务院"


def test_html_table_rows_cells_and_spans(tmp_path: Path) -> None:
    f = tmp_path / "page.htm"
    f.write_text(PAGE, encoding="utf-8")
    doc = read_document(f)
    assert len(doc.tables) == 1
    rows = [[c.text for c in r] for r in doc.tables[0].rows]
    assert rows == [["序号", "牵头部门", "配合部门"], ["1", "市发展改革委", "市财政局"], ["1", "市教育局", "市人社局"]]
    cell = doc.tables[0].rows[1][1]
    assert doc.text[cell.span.start : cell.span.end] == "市发展改革委"
    assert "1\t市发展改革委\t市财政局" in doc.text


def test_saved_page_with_txt_name_is_read_as_html() -> None:
    doc = read_document(CORPUS / "001.txt")
    assert doc.format == "html"
    assert doc.metadata["发文字号"] == "国发〔2019〕4号"
    assert "<div" not in doc.text and "扫一扫" not in doc.text


def test_page_holding_its_body_twice_yields_it_once() -> None:
    doc = read_document(CORPUS / "029.txt")
    assert doc.text.count("第一条 为加强本市就业见习基地管理") == 1


def test_sql_insert_row_reads_its_html_column() -> None:
    doc = read_document(CORPUS / "043.txt")
    assert "INSERT INTO" not in doc.text
    assert "国发〔2018〕43号" in doc.text
    assert any("SQL INSERT" in w for w in doc.warnings)


def test_docx(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("沈阳市人民政府关于印发某某方案的通知")
    d.add_paragraph("沈政发〔2021〕14号")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "牵头部门"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "市教育局"
    f = tmp_path / "a.docx"
    d.save(str(f))
    doc = read_document(f)
    assert doc.format == "docx"
    assert "沈政发〔2021〕14号" in doc.text
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["序号", "牵头部门"], ["1", "市教育局"]]
    assert doc.text[doc.tables[0].rows[1][1].span.start : doc.tables[0].rows[1][1].span.end] == "市教育局"


def _numbered_list(d, levels: list[tuple[str, str]]) -> str:
    """Define a list in ``d``'s numbering part (each level: its format and text, 一、 / （一）)
    and return its numId, as Word writes a plan whose headings it numbers."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    root = d.part.numbering_part.element
    aid = str(100 + len(root))
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
                   for i, (fmt, text) in enumerate(levels))
    root.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="{aid}">{lvls}</w:abstractNum>'))
    nid = str(200 + len(root))
    root.append(parse_xml(f'<w:num {w} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>'))
    return nid


def _number(p, nid: str, ilvl: int) -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {w}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{nid}"/></w:numPr>'))


def test_docx_numbers_its_lists_as_word_prints_them(tmp_path: Path) -> None:
    """A plan typed in Word numbers its headings and its table's 序号 by list (w:numPr), not in
    the text: 一、 / （一） / 1. are read as Word prints them, each level counting on and
    starting again under a new heading, a merged cell once; the measures are found."""
    docx = pytest.importorskip("docx")
    from kg.extract import extract

    d = docx.Document()
    d.add_paragraph("宁县推进乡村振兴示范村建设实施方案")
    heads = _numbered_list(d, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    for text, level in (("建设目标", 0), ("到2025年，全县建成示范村20个。", 1), ("工作任务", 0),
                        ("改善人居环境。县农业农村局牵头，县住建局配合。", 1), ("发展特色产业。县发展改革局负责。", 1)):
        _number(d.add_paragraph(text), heads, level)
    rows = _numbered_list(d, [("decimal", "%1")])
    table = d.add_table(rows=4, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "牵头单位"
    for r in (1, 2, 3):
        _number(table.cell(r, 0).paragraphs[0], rows, 0)
    table.cell(1, 1).text = "县水利局"
    table.cell(2, 1).merge(table.cell(3, 1)).text = "县财政局"
    f = tmp_path / "plan.docx"
    d.save(str(f))
    doc = read_document(f)
    assert doc.text.splitlines()[1:6] == ["一、建设目标", "（一）到2025年，全县建成示范村20个。", "二、工作任务",
                                          "（一）改善人居环境。县农业农村局牵头，县住建局配合。", "（二）发展特色产业。县发展改革局负责。"]
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["序号", "牵头单位"], ["1", "县水利局"], ["2", "县财政局"], ["3", "县财政局"]]
    got = {(r.measure, r.department, r.role) for r in extract(doc).responsibilities}
    assert got == {("一", "宁县农业农村局", "lead"), ("一", "宁县住房和城乡建设局", "support"), ("二", "宁县发展和改革局", "responsible"),
                   ("1", "宁县水利局", "lead"), ("2", "宁县财政局", "lead"), ("3", "宁县财政局", "lead")}
    # a list Word could not print (a level that is no number, a list not defined): the text as written
    bad = docx.Document()
    _number(bad.add_paragraph("甲乙丙丁"), _numbered_list(bad, [("decimal", "%1、")]).replace("2", "9"), 0)
    _number(bad.add_paragraph("戊己庚辛"), "0", 0)
    bad.save(str(tmp_path / "bad.docx"))
    assert read_document(tmp_path / "bad.docx").text == "甲乙丙丁\n戊己庚辛"


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n ", "empty"),
        ("binary.txt", bytes(range(256)) * 40, "binary"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "unsupported"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable .docx"),
        ("chrome.html", b"<html><body><div class='nav'>Home</div></body></html>", "no Chinese text"),
    ],
)
def test_bad_files_raise_one_clear_error_naming_the_file(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(IngestError) as info:
        read_document(f)
    message = str(info.value)
    assert str(f) in message and reason in message
    assert "\n" not in message


def test_truncated_html_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    f = tmp_path / "cut.html"
    f.write_text(PAGE[: PAGE.index("<div style")], encoding="utf-8")
    doc = read_document(f)
    assert "国发〔2019〕4号" in doc.text


def test_size_limit(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text("政策" * 1000, encoding="utf-8")
    with pytest.raises(IngestError, match="over the"):
        read_document(f, max_bytes=100)


def test_folders_yield_documents_not_gold_or_manifests() -> None:
    paths = iter_document_paths([str(SEEDS)])
    names = {p.name for p in paths}
    assert "000_0ec524e545a91cdc.txt" in names and "001.txt" in names
    assert not any(n.endswith((".json", ".tsv", ".md")) for n in names)
    assert len(paths) == 31


def test_header_fields_read_in_page_order_within_their_limits() -> None:
    """Label cells come first, then ``标签：值`` lines of at most 160 characters, each in page
    order and the first reading of a field kept; comments are no part of a field's text."""
    from lxml import etree

    from kg.ingest.html import read_metadata

    body = "各有关单位：" + "按照本通知要求认真组织实施。" * 12
    page = (
        "<html><head><title>关于做好年度考核工作的通知</title></head><body>"
        "<table><tr><td><b>发文机关：</b></td><td>市人力资源和社会保障局</td></tr>"
        f"<tr><td>{' ' * 170}发布日期：</td><td>2022年5月6日</td></tr></table>"
        "<div><span>文号：市人社发〔2022〕8号</span></div>"
        "<p>成文日期：<!-- 页面生成 -->2022年5月1日</p>"
        "<p>成文日期：2022年5月2日</p>"
        f"<p>主题词：{'考核' * 77}</p>"
        f"<p>主题分类：{'劳动' * 78}</p>"
        f"<div>{body}</div></body></html>"
    )
    meta = read_metadata(etree.fromstring(page, etree.HTMLParser()))
    assert meta["发文机关"] == "市人力资源和社会保障局"
    assert meta["发布日期"] == "2022年5月6日"  # a label padded with white space is a label
    assert meta["文号"] == "市人社发〔2022〕8号"
    assert meta["成文日期"] == "2022年5月1日"  # the first line of the page, its comment left out
    assert meta["主题词"] == "考核" * 77  # 4 + 1 + 154 = 159 characters: a field line
    assert "主题分类" not in meta  # 5 + 1 + 156 = 162 characters: not one
    assert "各有关单位" not in meta


@pytest.mark.parametrize("inner", [
    "".join(f"<li><a>第{i}项工作</a></li>" for i in range(8)),
    "<li><b>发文 字号：</b>国发〔2021〕1号</li>" + "<li><a>栏目</a></li>" * 6,
    "<li><b>主题</b><b>分类</b></li>" + "<li><a>栏目</a></li>" * 6,
    "<li>来源：<i>人民日报</i></li>" + "<li><i>链接</i><b>：</b></li>" * 6,
    "<li>标</li><li>题</li>" + "<li><i>x</i>：</li>" * 5,
])
def test_an_element_without_a_label_in_its_text_is_not_walked_for_fields(inner: str) -> None:
    """An element of many children is walked for header fields only when a label is written in
    its text (white space and colons between its characters): the fields and the lines found
    are those of the walk of every element."""
    from lxml import etree

    from kg.ingest import html

    page = f"<html><head><title>通知</title></head><body><div><ul>{inner}</ul><p>发文字号：<b>国发</b>〔2021〕1号</p></div></body></html>"
    root = etree.fromstring(page, etree.HTMLParser())
    found = html._field_candidates(root)
    every = html._GATE_CHILDREN
    try:
        html._GATE_CHILDREN = 10**9  # (no element skipped)
        walked = html._field_candidates(root)
    finally:
        html._GATE_CHILDREN = every
    assert (found.cells, found.lines, found.title) == (walked.cells, walked.lines, walked.title)
    assert html.read_metadata(root, found) == html.read_metadata(root, walked)


@given(st.text(alphabet="ab./xX", min_size=1, max_size=10))
@settings(max_examples=2000, deadline=None)
def test_the_suffix_is_the_paths_own(path):
    from pathlib import PurePath

    from kg.ingest import suffix_of

    assert suffix_of(path) == PurePath(path).suffix


def test_a_file_is_read_whole_and_closed(tmp_path):
    import os

    from kg.ingest import read_bytes

    f = tmp_path / "a.txt"
    f.write_bytes("第一条".encode() * 5000)
    before = len(os.listdir("/proc/self/fd"))
    assert read_bytes(str(f)) == "第一条".encode() * 5000 and read_bytes(f) == f.read_bytes()
    assert len(os.listdir("/proc/self/fd")) == before  # (no descriptor left open)


def test_label_space_characters_are_those_the_pattern_removes() -> None:
    """A header cell is read as a label only when its text, without leading white space and
    colons, starts a label: the characters stripped are exactly those the label pattern removes."""
    from kg.ingest.html import _LABEL_SPACE, _LABEL_STRIP

    stripped = {chr(i) for i in range(0x110000) if (chr(i) + "发文").lstrip(_LABEL_STRIP) == "发文"}
    assert stripped == {chr(i) for i in range(0x110000) if _LABEL_SPACE.match(chr(i))}
    assert "\u3000 ：\xa0发文字号".lstrip(_LABEL_STRIP) == "发文字号"


def test_spaced_label_cell_is_read() -> None:
    from kg.ingest.html import html_to_text

    page = ("<html><body><table><tr><td>\u3000发文 字号：</td><td>某政发〔2021〕3号</td></tr></table>"
            "<div id='zoom'><p>" + "第一条 为了规范管理，制定本办法。" * 10 + "</p></div></body></html>")
    assert html_to_text(page, "a.html").metadata["发文字号"] == "某政发〔2021〕3号"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "<p>第一条 为了规范管理，制定本办法。</p>", "<!-- 注释 -->", "<script>var a = 1;</script>", "尾文字",
    "<div class='nav'>首页 政务公开</div>", "<div class='share'>" + "分享本页" * 120 + "</div>", "<i>某市</i>",
    "<table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>加强组织领导</td></tr></table>", "<br>",
    "<div><span>发文字号：</span>某政发〔2021〕3号<style>p{}</style>后文</div>",
]), min_size=1, max_size=9))
def test_the_body_pruned_while_rendered_reads_as_pruned_first(pieces: list[str]) -> None:
    """Pruning in the walk that renders the body gives the lines that pruning the tree
    first gives: a comment's tail stays in place, a removed element's tail goes after the
    last child of its parent."""
    import lxml.etree

    from kg.ingest.html import _prune, _render

    page = "<div id='zoom'>正文" + "".join(pieces) + "</div>"
    parse = lambda: lxml.etree.fromstring(page, lxml.etree.HTMLParser()).find(".//div")  # noqa: E731
    pruned = parse()
    _prune(pruned)
    assert _render(parse(), prune=True) == _render(pruned)


@pytest.mark.parametrize("markup", [
    "<html><body><div id='zoom'>{body}</div></body></html>",
    "<html><body><a name='zoom'>目录</a><div id='zoom'>{body}</div></body></html>",
    "<html><body><div id='zoom'>{body}</div><a name='zoom'>目录</a></body></html>",
    "<html><body><div id='zo&#111;m'>{body}</div></body></html>",
    "<html><body><div id='zoom'>附件</div><div id='zoom'>{body}</div></body></html>",
    "<html><body><div id='zoom'>{body}</div><div id='zoom'>附件</div></body></html>",
    "<html><body><a name='zoom'>{body}</a></body></html>",
    "<html><body><div id='zoom'>附件</div><p id='zoom'>目录</p><div id='zoom'>{body}</div></body></html>",
    "<html><body><div id=' zoom'>{body}</div><div id='Zoom'>{body}</div></body></html>",
    "<html><body><div id='UCAP-CONTENT'>附件</div><div id='zoom'>{body}</div></body></html>",
    "<html><body><div class='nav TRS_Editor'>{body}</div></body></html>",
    "<html><body><div class='TRS_Editor2'>{body}</div><main>{body}</main></body></html>",
    "<html><body><article>附件</article><ARTICLE>{body}</ARTICLE></body></html>",
])
def test_the_body_is_found_as_every_selector_run_finds_it(markup: str) -> None:
    """Skipping the selectors whose id or class the page does not hold, and looking an id up
    in libxml2's table, find what running every selector finds: also for an id spelled by
    reference, an ``<a name>`` that libxml2 files as an id, an id written two or three times
    (the first without the body) and ids that differ in case or white space."""
    import lxml.etree

    from kg.ingest.html import _content_selectors, _densest, _holds_content, find_content, text_content

    other = "<div>" + "<p>其他栏目的内容。</p>" * 60 + "</div>"  # (denser than the body: found only failing a selector)
    markup = markup.format(body="第一条 为了规范管理，制定本办法。" * 10).replace("</body>", other + "</body>")
    root = lxml.etree.fromstring(markup, lxml.etree.HTMLParser())
    every = [el for select, _, _ in _content_selectors() for el in select(root) if _holds_content(text_content(el))]
    assert find_content(root) is (every[0] if every else _densest(root))


def _cell_text_walked(el) -> str:
    """A cell's text as a walk of its elements reads it: a line break before each paragraph,
    division, line break and list item inside it (what the marks put there)."""
    from kg.ingest.html import normalise_inline

    parts: list[str] = []

    def walk(e) -> None:
        parts.append(e.text or "")
        for c in e:
            if isinstance(c.tag, str):
                if c.tag in ("p", "div", "br", "li"):
                    parts.append("\n")
                walk(c)
            parts.append(c.tail or "")

    walk(el)
    return normalise_inline("".join(parts))


_CELL_PIECES = ["<p>", "</p>", "<div>", "</div>", "<br>", "<li>", "<span>", "</span>", "<b>", "</b>", "<o:p></o:p>",
                "<!-- 注 -->", "市教育局", "财政", " ", "\n", "\u3000", "\xa0", "a b", "<p>  </p>", "  "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_CELL_PIECES), max_size=12), min_size=1, max_size=4))
def test_cells_read_from_their_marked_lines_as_a_walk_reads_them(cells: list[list[str]]) -> None:
    """Marking a table's lines and serialising each cell's text gives each cell the text that
    a walk of its elements gives."""
    import lxml.etree

    from kg.ingest.html import _inline_text, _mark_lines

    markup = "<table><tr>" + "".join(f"<td>{''.join(cell)}</td>" for cell in cells) + "</tr></table>"
    walked = [_cell_text_walked(td) for td in lxml.etree.fromstring(markup, lxml.etree.HTMLParser()).iter("td")]
    table = lxml.etree.fromstring(markup, lxml.etree.HTMLParser()).find(".//table")
    _mark_lines(table)
    assert [_inline_text(td) for td in table.iter("td")] == walked


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["第一条", "x" * 50, "、", "a", "\u3000", "\n", "é", "𠀀"]), max_size=150))
def test_content_holds_its_chinese_characters_as_counted(pieces: list[str]) -> None:
    """The test of a content element's Chinese characters, read up to the last one it needs,
    says what counting them all says."""
    from kg.ingest.html import _CONTENT_CJK, _holds_content, cjk_count

    text = "".join(pieces)
    assert _holds_content(text) == (cjk_count(text) >= _CONTENT_CJK)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["第", "一", "条", " ", "\t", "\n", "\r", "\xa0", "\x00", "\x0b", "\x1b", "\x7f",
                                          "\x80", "\x85", "\x9f", "\xa9", "\ufffd", "\ufffe", "\uffff", "\u3000", "é"]), max_size=12))
def test_controls_told_from_utf8_bytes_are_those_strip_controls_removes(text: str) -> None:
    """A UTF-8 file whose bytes say it holds no control character is read without searching
    its text: the bytes tell exactly when :func:`strip_controls` would remove nothing."""
    from kg.ingest import strip_controls, utf8_without_controls

    assert utf8_without_controls(text.encode()) == (strip_controls(text)[1] == 0)


def test_control_bytes_are_the_control_characters_below_u0080() -> None:
    """The byte check of decoding and reading covers what both patterns look for below U+0080."""
    from kg.ingest import _CONTROLS
    from kg.ingest.decode import _CONTROL_CHARS, C0_BYTES

    assert {chr(b) for b in C0_BYTES} == {chr(i) for i in range(0x80) if _CONTROLS.match(chr(i))}
    assert {chr(i) for i in range(0x80) if _CONTROL_CHARS.match(chr(i))} <= {chr(b) for b in C0_BYTES}


def test_white_space_shortcuts_remove_what_the_patterns_remove() -> None:
    """``unspaced`` (str.split) removes what the label pattern does, and a printable text
    without two spaces in a row holds nothing the space pattern of ``normalise_inline`` folds."""
    from kg.ingest.html import _LABEL_SPACE, _LABEL_STRIP, _SPACES, unspaced

    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    assert sorted(_LABEL_STRIP) == [c for c in chars if _LABEL_SPACE.match(c)]
    assert [c for c in chars if unspaced("发" + c + "文") != "发文"] == [c for c in chars if not _LABEL_SPACE.match(c)]
    assert [c for c in chars if _SPACES.match(c) and c.isprintable()] == [" "]


def _literal_by_characters(s: str, i: int) -> tuple[str, int]:
    """A quoted SQL literal read one character at a time (what the pattern must agree with)."""
    buf: list[str] = []
    n = len(s)
    while i < n:
        ch = s[i]
        if ch == "\\" and i + 1 < n:
            buf.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(s[i + 1], s[i + 1]))
            i += 2
            continue
        if ch == "'":
            if i + 1 < n and s[i + 1] == "'":
                buf.append("'")
                i += 2
                continue
            return "".join(buf), i + 1
        buf.append(ch)
        i += 1
    return "".join(buf), i


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(["'", "\\", "n", "t", "0", "x", ",", ")", " ", "\n", "页"]), max_size=16))
def test_sql_literal_pattern_reads_as_character_by_character(s: str) -> None:
    from kg.ingest.sqlrow import _literal

    assert _literal(s, 0) == _literal_by_characters(s, 0)


@pytest.mark.parametrize("head", [
    "",
    "<meta charset='gbk'>",
    "<meta http-equiv='Content-Type' content='text/html; charset=gb2312'>",
    "<meta charset='utf-16'>",
])
def test_a_utf8_page_parsed_from_its_bytes_reads_as_its_text(head: str) -> None:
    """The bytes of a UTF-8 file are parsed as UTF-8 whatever charset the page declares: the
    text, fields and tables are those of the decoded text parsed."""
    from kg.ingest.html import html_to_text

    page = (f"<html><head>{head}<title>关于印发管理办法的通知</title></head><body><p>发文字号：市府发〔2022〕3号</p>"
            "<table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>完善制度</td></tr></table>"
            "<div id='zoom'>" + "第一条 为了规范管理，制定本办法。" * 10 + "</div></body></html>")
    from_text, from_bytes = html_to_text(page, "a.html"), html_to_text(page, "a.html", page.encode())
    assert (from_bytes.text, from_bytes.metadata, from_bytes.tables) == (from_text.text, from_text.metadata, from_text.tables)
    assert "市府发〔2022〕3号" in from_bytes.metadata.values()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "<p>第一条</p>", "<!-- 注释 -->", "<?pi x?>", "尾文字", "&amp;", "<b>总则</b>", "<script>var a = '<p>';</script>",
    "<div>", "</div>", "<table><tr><td>序号</td></tr></table>", "<br>", "\u3000", "<style>p{}</style>",
]), min_size=1, max_size=12))
def test_string_value_is_the_xpath_string(pieces: list[str]) -> None:
    """The string value serialised by libxml2 is what XPath's ``string()`` gives, for every
    element of a page (comments and processing instructions left out, scripts kept)."""
    import lxml.etree

    from kg.ingest.html import string_value

    root = lxml.etree.fromstring("<div>正文" + "".join(pieces) + "</div>", lxml.etree.HTMLParser())
    for el in root.iter(lxml.etree.Element):
        assert string_value(el) == el.xpath("string()")


@pytest.mark.parametrize("table", [
    "<table><tr><td>序号</td><td>名称</td></tr><tr><td>1</td><td>第一条<!-- 注 -->总则</td></tr></table>",
    "<table><tr><td>序号</td><td>名称<script>x()</script>甲</td></tr><tr><td>1</td><td class='share'>分享</td></tr></table>",
    "<table><tr><td class='MsoNormal'>序号</td><td id='a'>名称</td></tr><tr><td>1</td><td><table><tr><td>内</td></tr></table>乙</td></tr></table>",
])
def test_a_table_holding_nothing_to_prune_renders_as_when_pruned(table: str) -> None:
    """A table that :func:`_nothing_to_prune` passes over renders as the table pruned first."""
    from lxml import etree

    from kg.ingest import html

    def blocks(check: bool) -> list:
        root = etree.fromstring(f"<html><body><div>前言{table}后记</div></body></html>", etree.HTMLParser())
        real = html._nothing_to_prune
        try:
            if not check:
                html._nothing_to_prune = lambda el: False  # (every table pruned)
            return html._render(root.find("body"), prune=True)
        finally:
            html._nothing_to_prune = real

    assert blocks(True) == blocks(False)


def test_inline_spaces_fold_as_every_run_would():
    """The pattern that leaves single spaces alone folds white space as one that replaces every run."""
    import random
    import re

    from kg.ingest.html import _INLINE_SPACES, _INLINE_WHITE

    every_run = re.compile(f"[{_INLINE_WHITE}]+")
    rng = random.Random(0)
    alphabet = " \t\r\f\v\xa0\u2002\u2003\u2009\u200b\na\u3000"
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert _INLINE_SPACES.sub(" ", s) == every_run.sub(" ", s), repr(s)



def _labels_alternated():
    """The label pattern as the alternation of the labels, each with white space and colons
    between its characters (:data:`kg.ingest.html._ANY_LABEL` is the tree of their prefixes)."""
    import re

    from kg.ingest.html import METADATA_LABELS

    return re.compile("|".join(r"[\s\u3000\xa0:：]*".join(map(re.escape, label)) for label in sorted(METADATA_LABELS)))


def _label_matches(rx, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def test_the_label_tree_matches_as_the_labels_alternated_on_the_saved_pages() -> None:
    """Over the string value of every element of the saved pages, the tree of the labels'
    prefixes finds the matches their alternation finds."""
    import lxml.etree

    from kg.ingest import _looks_like_html, read_bytes
    from kg.ingest.decode import decode_bytes
    from kg.ingest.html import _ANY_LABEL, parse_html, string_value

    alternated, pages, found = _labels_alternated(), 0, 0
    for path in sorted(CORPUS.glob("*.txt")):
        text = decode_bytes(read_bytes(path), str(path))[0]
        if not _looks_like_html(text):
            continue
        pages += 1
        for el in parse_html(text, str(path)).iter(lxml.etree.Element):
            value = string_value(el)
            expected = _label_matches(alternated, value)
            assert _label_matches(_ANY_LABEL, value) == expected
            found += len(expected)
    assert pages == 26 and found > 100


#: the characters of the labels (the test below checks it)
_LABEL_TEXT = "索引号信息主题分类发文机关布构成日期标字件编公开生实施失效统一来源状态力况词"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_LABEL_TEXT + " \u3000\xa0:：\nx", max_size=40))
def test_the_label_tree_matches_as_the_labels_alternated(text: str) -> None:
    """On made-up texts of the labels' characters, white space and colons."""
    from kg.ingest.html import _ANY_LABEL, METADATA_LABELS

    assert set(_LABEL_TEXT) == {ch for label in METADATA_LABELS for ch in label}
    assert _label_matches(_ANY_LABEL, text) == _label_matches(_labels_alternated(), text)


def test_a_text_copied_from_a_printed_document_reads_across_its_page_breaks(tmp_path: Path) -> None:
    """The pages' numbers (— 2 —) and the header each page repeats go; the two halves of a
    sentence the page broke meet; a text with one such number keeps it."""
    body = ("某县人民政府办公室文件\n一、任务\n（一）建设园区。（牵头单位：县发展\n\n— 1 —\n\n某县人民政府办公室文件\n"
            "和改革局）\n（二）加强管理。\n\n— 2 —\n\n某县人民政府办公室文件\n二、保障\n")
    f = tmp_path / "plan.txt"
    f.write_text(body, encoding="utf-8")
    text = read_document(f).text
    assert "— 1 —" not in text and text.count("某县人民政府办公室文件") == 1 and "县发展\n和改革局" in text
    one = tmp_path / "one.txt"
    one.write_text("一、任务\n— 1 —\n二、保障\n", encoding="utf-8")
    assert "— 1 —" in read_document(one).text
