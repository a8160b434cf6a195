"""Sanity checks for the 发文机关代字 data tables in kg/data/.

The tables are pure data (no comments); these tests pin their format and
the coverage the document-number decoder relies on.
"""

import csv
import io
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "kg" / "data"

AGENCY = DATA / "agency_codes.tsv"
REGION = DATA / "region_codes.tsv"
BODY = DATA / "body_codes.tsv"

HEADERS = {
    AGENCY: ["code", "issuer", "level", "region"],
    REGION: ["abbr", "region", "level"],
    BODY: ["suffix", "province_body", "city_body"],
}

LEVELS = {"national", "province", "city", "county"}

PROVINCES = [
    "北京市", "天津市", "上海市", "重庆市",
    "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
    "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省",
    "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省",
    "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
]

CAPITALS = [
    "沈阳市", "长春市", "哈尔滨市", "石家庄市", "太原市", "呼和浩特市",
    "济南市", "南京市", "杭州市", "合肥市", "福州市", "南昌市", "郑州市",
    "武汉市", "长沙市", "广州市", "南宁市", "海口市", "成都市", "贵阳市",
    "昆明市", "拉萨市", "西安市", "兰州市", "西宁市", "银川市", "乌鲁木齐市",
]

# Codes genuinely used by two different bodies at different levels
# (宁夏回族自治区 and 南京市 both use 宁政发 / 宁政办发).  These are the only
# codes allowed to appear on more than one row.
KNOWN_CLASHES = {"宁政发", "宁政办发"}


def _rows(path):
    text = path.read_bytes().decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))


def _records(path):
    rows = _rows(path)
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:]]


@pytest.mark.parametrize("path", list(HEADERS), ids=lambda p: p.name)
def test_encoding_and_line_endings(path):
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "file must not start with a BOM"
    raw.decode("utf-8")  # must be valid UTF-8
    assert b"\r" not in raw, "file must use LF line endings only"
    assert raw.endswith(b"\n")


@pytest.mark.parametrize("path", list(HEADERS), ids=lambda p: p.name)
def test_header_and_column_counts(path):
    rows = _rows(path)
    assert rows[0] == HEADERS[path]
    width = len(HEADERS[path])
    for lineno, row in enumerate(rows[1:], start=2):
        assert len(row) == width, f"{path.name}:{lineno}: {row!r}"
        assert all(cell == cell.strip() for cell in row), f"{path.name}:{lineno}"
        assert row[0], f"{path.name}:{lineno}: empty key"


@pytest.mark.parametrize("path", [AGENCY, REGION], ids=lambda p: p.name)
def test_level_values(path):
    for rec in _records(path):
        assert rec["level"] in LEVELS, rec


def test_agency_region_matches_level():
    for rec in _records(AGENCY):
        if rec["level"] == "national":
            assert rec["region"] == "", rec
        else:
            assert rec["region"], rec
        assert rec["issuer"], rec


def test_agency_codes_unique():
    recs = _records(AGENCY)
    seen = {}
    for rec in recs:
        seen.setdefault(rec["code"], []).append(rec)
    dups = {code: rs for code, rs in seen.items() if len(rs) > 1}
    assert set(dups) <= KNOWN_CLASHES, sorted(set(dups) - KNOWN_CLASHES)
    for code, rs in dups.items():
        # a clash is only tolerable when level (and region) tell the rows apart
        assert len({r["level"] for r in rs}) == len(rs), code
        assert len({r["region"] for r in rs}) == len(rs), code


def test_region_and_body_keys_unique():
    region_pairs = [(r["abbr"], r["region"]) for r in _records(REGION)]
    assert len(region_pairs) == len(set(region_pairs))
    suffixes = [r["suffix"] for r in _records(BODY)]
    assert len(suffixes) == len(set(suffixes))


def test_all_provinces_in_region_codes():
    provinces = {r["region"] for r in _records(REGION) if r["level"] == "province"}
    missing = [p for p in PROVINCES if p not in provinces]
    assert not missing, missing


def test_all_provinces_have_government_code():
    gov_regions = {
        r["region"]
        for r in _records(AGENCY)
        if r["level"] == "province" and r["issuer"] == r["region"] + "人民政府"
    }
    missing = [p for p in PROVINCES if p not in gov_regions]
    assert not missing, missing


def test_all_capitals_have_government_code():
    gov_regions = {
        r["region"]
        for r in _records(AGENCY)
        if r["level"] == "city" and r["issuer"] == r["region"] + "人民政府"
    }
    missing = [c for c in CAPITALS if c not in gov_regions]
    assert not missing, missing


def test_state_council_codes():
    by_code = {}
    for rec in _records(AGENCY):
        by_code.setdefault(rec["code"], []).append(rec)
    assert by_code["国发"] == [
        {"code": "国发", "issuer": "国务院", "level": "national", "region": ""}
    ]
    assert by_code["国办发"] == [
        {"code": "国办发", "issuer": "国务院办公厅", "level": "national", "region": ""}
    ]


def test_body_region_placeholder():
    for rec in _records(BODY):
        for col in ("province_body", "city_body"):
            value = rec[col]
            assert value, rec
            stripped = value.replace("{region}", "")
            assert "{" not in stripped and "}" not in stripped, rec
