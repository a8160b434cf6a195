"""Every input survives: PDF, legacy Word/WPS, empty, binary, truncated, huge and mixed-
encoding files are read or reported with a clear reason — never a crash, never minutes."""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import random
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest import IngestError, read_document
from kg.ingest.legacy import converters
from kg.models import Extraction
from kg.pipeline import MAX_TEXT_CHARS, Failure, extract_file
from tests.conftest import CORPUS, SEEDS, require

runner = CliRunner()

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>body{font-family:"Noto Sans CJK SC","Noto Serif CJK SC",sans-serif;font-size:14pt}</style></head><body>
<p>沈阳市人民政府关于印发沈阳市推进职业教育实用高效发展实施方案的通知</p>
<p>沈政发〔2021〕14号</p>
<p>各区、县（市）人民政府，市政府有关部门：</p>
<p>现将《沈阳市推进职业教育实用高效发展实施方案》印发给你们，请认真贯彻执行。</p>
<p>沈阳市人民政府</p><p>2021年11月3日</p>
<p>沈阳市推进职业教育实用高效发展实施方案</p>
<p>为贯彻落实《国家职业教育改革实施方案》（国发〔2019〕4号），结合我市实际，制定本方案。</p>
<p>一、总体要求</p>
<p>（一）加强组织领导。建立工作机制，确保各项任务落实。（市教育局牵头，市财政局配合）</p>
<p>（二）完善保障措施。到2025年，全市建成高水平专业群15个。（市人力资源社会保障局负责）</p>
</body></html>
"""


def outcome(path: Path) -> Extraction | Failure:
    """What `kg build` gets for a file: an extraction or a failure with a reason — nothing else."""
    res = extract_file(str(path))
    assert isinstance(res, (Extraction, Failure))
    if isinstance(res, Failure):
        assert res.reason and "internal error" not in res.reason, res.reason
    return res


# --- PDF -------------------------------------------------------------------------------


def print_pdf(html: str, d: Path, name: str) -> Path:
    """``html`` printed to ``d / name`` by headless Chromium (a PDF with a Chinese text layer)."""
    require(importlib.util.find_spec("pypdf") is not None, "pypdf (reads PDF text layers)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    require(chromium is not None, "chromium (to print a PDF with a Chinese text layer)")
    page = d / (name + ".html")
    page.write_text(html, encoding="utf-8")
    out = d / name
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={out}", str(page)],
            capture_output=True, timeout=120, check=False,
        )
    require(out.exists() and out.stat().st_size > 1000, "a PDF printed by chromium")
    return out


@pytest.fixture(scope="module")
def chinese_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return print_pdf(PAGE, tmp_path_factory.mktemp("pdf"), "沈政发.pdf")


def test_pdf_pages_are_read_without_the_numbers_printed_at_their_foot(tmp_path: Path) -> None:
    """— 1 — at the foot of a page (GB/T 9704) is no part of the text: a measure that runs on
    to the next page reads on, and a bare number on a line of its own that is not the page's
    (a task's 序号) stays."""
    pages = ["<p>沈阳市推进职业教育实用高效发展实施方案</p><p>一、重点任务</p>"
             "<p>（一）加强组织领导。建立工作机制。（市教育局牵头，市财政局配合）</p><p>7</p><p>— 1 —</p>",
             "<p>（二）完善保障措施。到2025年，全市建成高水平专业群15个。（市人力资源社会保障局负责）</p><p>— 2 —</p>"]
    html = ("<html><head><meta charset='utf-8'></head><body>"
            + "<div style='page-break-after: always'></div>".join(f"<div>{p}</div>" for p in pages) + "</body></html>")
    pdf = print_pdf(html, tmp_path, "plan.pdf")
    src = read_document(pdf)
    assert "— 1 —" not in src.text and "— 2 —" not in src.text and "\n7\n" in src.text
    e = outcome(pdf)
    assert isinstance(e, Extraction)
    assert {(r.measure, r.department, r.role) for r in e.responsibilities} >= {("一", "沈阳市教育局", "lead"), ("二", "沈阳市人力资源和社会保障局", "responsible")}


def test_pdf_with_a_chinese_text_layer_reads_as_its_printed_page(chinese_pdf: Path) -> None:
    src = read_document(chinese_pdf)
    assert src.format == "pdf"
    # fonts map 人 民 方 门 to radical code points (⼈ ⺠ ⽅ ⻔); they read back as ideographs
    assert "人民政府" in src.text and "有关部门" in src.text and "方案" in src.text
    assert not any(0x2E80 <= ord(ch) <= 0x2FDF for ch in src.text)
    e = outcome(chinese_pdf)
    assert isinstance(e, Extraction)
    assert e.policy.doc_number == "沈政发〔2021〕14号"
    assert e.policy.title == "沈阳市推进职业教育实用高效发展实施方案"
    assert (e.policy.level, e.policy.region, e.policy.date) == ("city", "沈阳市", "2021-11-03")
    assert [(c.doc_number, c.relation) for c in e.citations] == [("国发〔2019〕4号", "implements")]
    assert ("沈阳市教育局", "lead") in {(r.department, r.role) for r in e.responsibilities}


def test_pdf_without_text_truncated_or_locked_is_a_clear_error(tmp_path: Path, chinese_pdf: Path) -> None:
    from pypdf import PdfWriter

    scan = tmp_path / "scan.pdf"
    w = PdfWriter()
    w.add_blank_page(595, 842)
    with scan.open("wb") as fh:
        w.write(fh)
    with pytest.raises(IngestError, match="no text layer"):
        read_document(scan)
    locked = tmp_path / "locked.pdf"
    w = PdfWriter(clone_from=str(chinese_pdf))
    w.encrypt(user_password="secret", owner_password="owner")
    with locked.open("wb") as fh:
        w.write(fh)
    with pytest.raises(IngestError, match="password"):
        read_document(locked)
    data = chinese_pdf.read_bytes()
    for cut in (0.1, 0.5, 0.9):
        part = tmp_path / f"cut{cut}.pdf"
        part.write_bytes(data[: int(len(data) * cut)])
        outcome(part)  # a readable part, or "not a readable PDF"
    (tmp_path / "fake.pdf").write_text("not a pdf at all", encoding="utf-8")
    with pytest.raises(IngestError, match="not a readable PDF"):
        read_document(tmp_path / "fake.pdf")


# --- legacy Word and WPS ---------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_binary_word_and_wps_need_a_converter_and_say_which(tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / f"通知{suffix}"
    f.write_bytes(OLE)
    monkeypatch.setattr(shutil, "which", lambda name: None)  # as on a machine without converters
    with pytest.raises(IngestError) as info:
        read_document(f)
    reason = info.value.reason
    assert "needs a converter" in reason and "LibreOffice" in reason and "save the file as .docx" in reason
    assert ("antiword" in reason) == (suffix == ".doc")
    assert str(f) in str(info.value)


def test_binary_word_converts_where_a_converter_is_installed(tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:  # the converter is optional: without it the file is reported, saying what to install
        f = tmp_path / "notice.doc"
        f.write_bytes(OLE)
        res = outcome(f)
        assert isinstance(res, Failure) and ("needs a converter" in res.reason or converters(".doc"))
        return
    html = tmp_path / "notice.html"
    html.write_text(PAGE, encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "doc", "--outdir",
                        str(tmp_path), str(html)], capture_output=True, timeout=180, check=True)
    doc = tmp_path / "notice.doc"
    assert converters(".doc") and doc.read_bytes().startswith(OLE[:8])
    e = outcome(doc)
    assert isinstance(e, Extraction) and e.policy.doc_number == "沈政发〔2021〕14号"


def test_files_named_doc_that_are_something_else_are_read_for_what_they_are(tmp_path: Path) -> None:
    page = tmp_path / "page.doc"
    page.write_bytes(PAGE.replace("utf-8", "gbk").encode("gbk"))
    assert "沈政发〔2021〕14号" in read_document(page).text
    rtf = tmp_path / "rtf.doc"
    body = "".join(f"\\'{b:02x}" for b in "沈阳市人民政府".encode("gbk"))
    rtf.write_bytes(("{\\rtf1\\ansi\\ansicpg936\\uc1{\\fonttbl{\\f0 SimSun;}}\\f0 " + body
                     + "\\par \\u27784?\\u25919?\\u21457?\\u12308?2021\\u12309?14\\u21495?\\par}").encode("latin-1"))
    assert read_document(rtf).text == "沈阳市人民政府\n沈政发〔2021〕14号"
    docx = tmp_path / "zip.doc"
    buf = io.BytesIO()
    import docx as python_docx

    d = python_docx.Document()
    d.add_paragraph("沈政发〔2021〕14号")
    d.save(buf)
    docx.write_bytes(buf.getvalue())
    assert "沈政发〔2021〕14号" in read_document(docx).text


def test_a_page_named_doc_with_control_characters_is_read_as_a_page_is(tmp_path: Path) -> None:
    # lxml refuses a string that holds a control character; a page read by its own name has
    # them removed first, and so does a page saved with a .doc name
    page = tmp_path / "page.doc"
    page.write_text("<html><body><p>沈政发〔2021〕14号</p><table><tr><td>序号</td><td>任务\x0c<script>x</script>落实\x0c</td></tr>"
                    "<tr><td>1</td><td>市教育局\x0b</td></tr></table></body></html>", encoding="utf-8")
    text = read_document(page).text
    assert "沈政发〔2021〕14号" in text and "市教育局" in text
    assert not any(c in text for c in "\x0b\x0c")


# --- empty, binary, truncated ------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.pdf", "empty.docx", "empty.doc", "empty.wps", "blank.txt", "blank.html"])
def test_empty_files_are_a_clear_error(tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    f.write_bytes(b"" if name.startswith("empty") else b" \n\t\r\n \xe3\x80\x80\n")
    res = outcome(f)
    assert isinstance(res, Failure)
    assert any(word in res.reason for word in ("empty", "white space", "no text", "not a readable", "not a Word"))


def test_binary_files_are_a_clear_error(tmp_path: Path) -> None:
    rng = random.Random(7)
    blobs = {
        "random.txt": bytes(rng.randrange(256) for _ in range(20000)),
        "random.html": bytes(rng.randrange(256) for _ in range(20000)),
        "image.html": base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==") * 50,
        "bytes.txt": bytes(range(256)) * 40,
        "zip.docx": b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(5000)),
        "not-a-zip.docx": "沈政发〔2021〕14号".encode("utf-8"),
    }
    for name, data in blobs.items():
        f = tmp_path / name
        f.write_bytes(data)
        res = outcome(f)
        assert isinstance(res, Failure), name


def test_truncated_pages_read_as_far_as_they_go(tmp_path: Path) -> None:
    data = (CORPUS / "014.txt").read_bytes()  # a saved gz.gov.cn page
    for i, cut in enumerate((0.02, 0.1, 0.33, 0.5, 0.77, 0.99)):
        f = tmp_path / f"cut{i}.html"
        f.write_bytes(data[: int(len(data) * cut)])
        res = outcome(f)
        if isinstance(res, Extraction):
            text = read_document(f).text
            for c in res.citations:
                assert 0 <= c.span.start <= c.span.end <= len(text)
    # cut inside a multi-byte character and inside a tag
    f = tmp_path / "mid.html"
    f.write_bytes("<html><body><p>沈政发〔2021〕14号</p><p>沈阳".encode("utf-8")[:-1] + b"<ta")
    outcome(f)


# --- huge pages --------------------------------------------------------------------------


def test_a_50_mb_page_is_read_in_seconds_or_refused_clearly(tmp_path: Path) -> None:
    # a saved page carrying a 50 MB inline image: the chrome goes, the document stays
    page = (CORPUS / "014.txt").read_text(encoding="utf-8")
    blob = base64.b64encode(random.Random(1).randbytes(37 * 2**20)).decode()
    f = tmp_path / "image.html"
    f.write_text(page.replace("</body>", f'<img src="data:image/png;base64,{blob}"></body>'), encoding="utf-8")
    assert f.stat().st_size > 49 * 2**20
    started = time.perf_counter()
    e = outcome(f)
    assert isinstance(e, Extraction) and e.policy.doc_number == "穗府办规〔2022〕13号"
    assert time.perf_counter() - started < 60
    # 50 MB of text: the head is read, with a warning, in seconds rather than hours
    line = "（一）加强组织领导。各地要建立健全工作机制（市教育局牵头负责）。到2025年建成10所学校。\n"
    big = tmp_path / "text.txt"
    head = (SEEDS / "000_0ec524e545a91cdc.txt").read_text(encoding="utf-8")
    big.write_text(head + line * (50 * 2**20 // len(line.encode("utf-8"))), encoding="utf-8")
    started = time.perf_counter()
    e = outcome(big)
    seconds = time.perf_counter() - started
    assert isinstance(e, Extraction) and e.policy.doc_number == "沈政发〔2021〕14号"
    assert any("characters" in w and "only the first" in w for w in e.warnings)
    assert max(m.span.end for m in e.measures) <= MAX_TEXT_CHARS
    assert seconds < 120, seconds
    # over the size limit: refused before it is read
    res = extract_file(str(big), max_bytes=10 * 2**20)
    assert isinstance(res, Failure) and "over the 10 MB limit" in res.reason


# --- encodings ---------------------------------------------------------------------------

HEAD = "沈阳市人民政府关于印发沈阳市推进职业教育实用高效发展实施方案的通知\n沈政发〔2021〕14号\n"
BODY = "为贯彻落实《国家职业教育改革实施方案》（国发〔2019〕4号），结合我市实际，制定本方案。\n一、总体要求\n"


def test_mixed_utf8_and_gbk_is_read_line_by_line_with_a_warning(tmp_path: Path) -> None:
    for name, data in {"a.txt": HEAD.encode("utf-8") + BODY.encode("gbk"), "b.txt": HEAD.encode("gbk") + BODY.encode("utf-8")}.items():
        f = tmp_path / name
        f.write_bytes(data)
        src = read_document(f)
        assert src.text == (HEAD + BODY).strip("\n")
        assert any("mixed encodings" in w for w in src.warnings)
        e = outcome(f)
        assert isinstance(e, Extraction) and e.policy.doc_number == "沈政发〔2021〕14号"
        assert any("mixed encodings" in w for w in e.warnings)


def test_encodings_that_cannot_be_read_are_a_clear_error(tmp_path: Path) -> None:
    cases = {
        "utf16-in-utf8.txt": HEAD.encode("utf-8") + BODY.encode("utf-16"),  # NUL bytes
        "bom-lies.txt": b"\xef\xbb\xbf" + (HEAD + BODY).encode("gbk"),
    }
    for name, data in cases.items():
        f = tmp_path / name
        f.write_bytes(data)
        res = outcome(f)
        assert isinstance(res, Failure), name
        assert any(w in res.reason for w in ("binary", "byte-order mark", "encoding")), res.reason


def test_short_gbk_text_is_chinese_not_korean(tmp_path: Path) -> None:
    f = tmp_path / "short.txt"
    f.write_bytes("国发〔2019〕4号".encode("gbk"))
    assert read_document(f).text == "国发〔2019〕4号"


# --- all of them in one build ----------------------------------------------------------------


def test_a_build_of_every_kind_of_input_reports_the_bad_and_stores_the_good(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS / "001_b348dcfcafc95e57.txt", docs / "good.txt")
    (docs / "mixed.txt").write_bytes(HEAD.encode("utf-8") + BODY.encode("gbk"))
    (docs / "empty.html").write_bytes(b"")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (docs / "word.doc").write_bytes(OLE)
    (docs / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (docs / "cut.html").write_bytes((CORPUS / "014.txt").read_bytes()[:3000])
    with zipfile.ZipFile(docs / "broken.docx", "w") as z:
        z.writestr("word/document.xml", "<w:document")
    result = runner.invoke(app, ["build", str(docs), "-w", str(tmp_path / "ws"), "--json", "-j", "1"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    failed = {Path(f["path"]).name: f["reason"] for f in data["failed"]}
    assert {"empty.html", "binary.txt", "scan.pdf", "broken.docx"} <= set(failed)
    if not converters(".doc"):
        assert "needs a converter" in failed["word.doc"]
    assert all(r and "internal error" not in r for r in failed.values()), failed
    assert data["read"] >= 2 and data["documents"] >= 2
    assert "mixed encodings" in result.output
