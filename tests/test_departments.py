"""Department names: the alias table, splitting, prefix distribution, region scoping."""

from __future__ import annotations

import csv

import pytest

from kg.extract import departments as D
from kg.extract.departments import Scope, resolve, resolve_list, split_names, split_run_together


def names(text: str, level: str | None, region: str | None) -> list[str]:
    return [d.name for d in resolve_list(text, Scope(level, region))]


# --- data files -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [D.ALIASES_TSV, D.USERDICT])
def test_data_files_are_utf8_without_bom_and_lf(path):
    raw = path.read_bytes()
    assert raw, path
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has a BOM"
    assert b"\r" not in raw, f"{path.name} has CR line ends"
    assert raw.endswith(b"\n")
    raw.decode("utf-8")  # raises when not UTF-8


def test_alias_table_shape():
    with D.ALIASES_TSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert rows[0] == ["alias", "canonical", "level", "kind"]
    seen: dict[tuple[str, str], str] = {}
    for i, row in enumerate(rows[1:], start=2):
        assert len(row) == 4, f"line {i}: {row}"
        alias, canonical, level, kind = row
        assert alias and canonical and alias == alias.strip() and canonical == canonical.strip(), f"line {i}"
        assert level in ("national", "local", "province", "city", "county"), f"line {i}: {level}"
        assert kind in D.KINDS, f"line {i}: {kind}"
        key = (alias, level)
        assert seen.get(key, canonical) == canonical, f"line {i}: {alias} ({level}) maps to two names"
        seen[key] = canonical
    # the canonical name of a row is itself an alias at that level (so it resolves to itself)
    for (alias, level), canonical in seen.items():
        assert (canonical, level) in seen, f"{canonical} ({level}) is not listed as an alias of itself"


def test_userdict_lines_and_generated_from_the_table():
    lines = D.USERDICT.read_text(encoding="utf-8").splitlines()
    for line in lines:
        word, freq, tag = line.split(" ")
        assert word and freq.isdigit() and tag
    assert lines == D.userdict_lines(), "department_userdict.txt is stale: run kg.extract.departments.write_userdict()"
    words = {line.split(" ")[0] for line in lines}
    assert {"发展改革委", "人力资源社会保障局", "委机构编制委员会办公室"} <= words


def test_lookup_by_level():
    assert D.lookup("发改局", "county").canonical == "发展和改革局"
    assert D.lookup("发展改革委", "city").canonical == "发展和改革委员会"
    assert D.lookup("发展改革委", "national").canonical == "国家发展和改革委员会"
    assert D.lookup("发改部门", "county").canonical == "发展和改革局"
    assert D.lookup("发改部门", "city").canonical == "发展和改革委员会"
    assert D.lookup("不存在的局", "city") is None


# --- splitting -------------------------------------------------------------------------


def test_split_names_keeps_collectives_and_brackets():
    assert split_names("市人力资源社会保障局、财政局，市总工会、团市委，各区、县（市）政府") == [
        "市人力资源社会保障局", "财政局", "市总工会", "团市委", "各区、县（市）政府",
    ]
    assert split_names("各省、自治区、直辖市人民政府，国务院有关部门") == ["各省、自治区、直辖市人民政府", "国务院有关部门"]
    assert split_names("市教育局 各县(区)政府 庆阳职业技术学院") == ["市教育局", "各县(区)政府", "庆阳职业技术学院"]
    assert split_names("县教育局、县财政局、县国土局,县税务局") == ["县教育局", "县财政局", "县国土局", "县税务局"]
    # white space inside a name is not a separator
    assert split_names("无 锡 市 教 育 局") == ["无锡市教育局"]
    assert split_names("市人力资源 社会保障局、财政局") == ["市人力资源社会保障局", "财政局"]


def test_run_together_names_split_with_jieba_private_tokenizer():
    import jieba

    scope = Scope("city", "沈阳市")
    assert split_run_together("市教育局市财政局", scope) == ["市教育局", "市财政局"]
    assert split_run_together("市人力资源社会保障局发展改革委", scope) == ["市人力资源社会保障局", "发展改革委"]
    # one name stays one name
    assert split_run_together("市人民政府外事办公室", scope) == ["市人民政府外事办公室"]
    assert split_run_together("市文体广电旅游局", scope) == ["市文体广电旅游局"]
    # the global jieba dictionary is left alone
    assert D._tokenizer() is not jieba.dt
    assert "委机构编制委员会办公室" not in getattr(jieba.dt, "user_word_tag_tab", {})
    assert names("市教育局市财政局", "city", "沈阳市") == ["沈阳市教育局", "沈阳市财政局"]


# --- prefix distribution and region scoping --------------------------------------------


def test_shared_prefix_distributes():
    assert names("市人力资源社会保障局、发展改革委、财政局、国资委", "city", "沈阳市") == [
        "沈阳市人力资源和社会保障局", "沈阳市发展和改革委员会", "沈阳市财政局", "沈阳市国有资产监督管理委员会",
    ]
    deps = resolve_list("市人力资源社会保障局、发展改革委", Scope("city", "沈阳市"))
    assert deps[1].aliases == ["发展改革委", "市发展改革委"]
    # a prefix does not jump over a collective or an institution
    assert names("市委编办，市教育局、财政局", "city", "沈阳市") == [
        "沈阳市委机构编制委员会办公室", "沈阳市教育局", "沈阳市财政局",
    ]


def test_region_scoping_by_level():
    assert names("市教育局", "city", "沈阳市") == ["沈阳市教育局"]
    assert names("县教育局、县发改局、县国土局", "county", "XX县") == ["XX县教育局", "XX县发展和改革局", "XX县国土资源局"]
    assert names("区教育局", "county", "天河区") == ["广州市天河区教育局"]
    assert names("省教育厅", "city", "沈阳市") == ["辽宁省教育厅"]
    assert names("省教育厅、财政厅", "province", "广东省") == ["广东省教育厅", "广东省财政厅"]
    assert names("西峰区政府", "city", "庆阳市") == ["庆阳市西峰区人民政府"]
    assert names("市人社局、市工信局、市科技局", "city", "庆阳市") == [
        "庆阳市人力资源和社会保障局", "庆阳市工业和信息化局", "庆阳市科学技术局",
    ]
    # national documents: full official names, no region
    assert names("发展改革委、人力资源社会保障部、人民银行、银保监会、市场监管总局", "national", None) == [
        "国家发展和改革委员会", "人力资源和社会保障部", "中国人民银行", "中国银行保险监督管理委员会", "国家市场监督管理总局",
    ]
    # 市场监管局 is a body, not 市 + 场监管局
    assert names("市场监管局", "city", "沈阳市") == ["沈阳市市场监督管理局"]


def test_kinds_and_special_bodies():
    s = Scope("city", "沈阳市")
    assert (resolve("团市委", s).name, resolve("团市委", s).kind) == ("共青团沈阳市委员会", "people")
    assert resolve("市总工会", s).kind == "people"
    assert resolve("市委组织部", s).kind == "party"
    assert resolve("市委", s).name == "沈阳市委"
    coll = resolve("各区、县（市）政府", s)
    assert (coll.name, coll.kind) == ("沈阳市各区、县（市）人民政府", "collective")
    c = Scope("county", "XX县")
    assert resolve("人民银行XX县支行", c).name == "中国人民银行XX县支行"
    ins = resolve("各商业保险公司", c)
    assert (ins.name, ins.kind) == ("各商业保险公司", "enterprise")
    school = resolve("庆阳职业技术学院", Scope("city", "庆阳市"))
    assert (school.name, school.kind) == ("庆阳职业技术学院", "institution")
    nat = resolve("各省级人民政府", Scope("national", None))
    assert (nat.name, nat.kind) == ("各省级人民政府", "collective")


def test_a_branch_of_the_central_bank_named_by_its_short_form():
    """人行 is 中国人民银行 before a branch as 人民银行 is (人行杭州中心支行): the branch had
    been no body, and the assignment that named it was lost whole."""
    z = Scope("province", "浙江省")
    assert resolve("人行杭州中心支行", z).name == "中国人民银行杭州中心支行"
    from kg.extract import extract
    from kg.models import SourceText

    text = ("浙江省人民政府关于某某的实施意见\n\n浙政发〔2023〕18号\n\n二、重点任务\n"
            "（四）强化金融服务。（人行杭州中心支行、省地方金融监管局按职责分工负责）\n")
    got = {(r.measure, r.department, r.role) for r in extract(SourceText("x.txt", text, "txt", "0")).responsibilities}
    assert got == {("四", "中国人民银行杭州中心支行", "responsible"), ("四", "浙江省地方金融监督管理局", "responsible")}


def test_generic_bodies_name_nobody():
    assert names("人力资源社会保障部等有关部门和单位", "national", None) == ["人力资源和社会保障部"]
    assert names("各有关部门和单位", "national", None) == []
    assert names("市直各部门、相关部门", "city", "沈阳市") == []


@pytest.mark.parametrize("module", ["departments", "tables", "structure", "responsibilities"])
def test_doctests(module):
    import doctest
    import importlib

    mod = importlib.import_module(f"kg.extract.{module}")
    result = doctest.testmod(mod)
    assert result.attempted > 0 and result.failed == 0, result


# --- classes, functional names, collectives ----------------------------------------------


@pytest.mark.parametrize(
    "written, scope, name, kind",
    [
        ("县级以上地方人民政府人力资源社会保障行政部门", Scope("national", None), "县级以上地方人民政府人力资源社会保障行政部门", "class"),
        ("市、县（市）、区人民政府科学技术行政部门", Scope("city", "郑州市"), "市、县（市）、区人民政府科学技术行政部门", "class"),
        ("乡镇人民政府", Scope("city", "绍兴市"), "乡镇人民政府", "class"),
        ("村（居）民委员会", Scope("city", "绍兴市"), "村（居）民委员会", "class"),
        ("市人民政府水行政主管部门", Scope("city", "济南市", functional=True), "济南市水行政主管部门", "government"),
        ("本市劳动和社会保障部门", Scope("province", "北京市", functional=True), "北京市劳动和社会保障部门", "government"),
        ("民政部门", Scope("city", "绍兴市", functional=True), "民政部门", "government"),
        ("矿山所在地区县（自治县）人民政府", Scope("province", "重庆市"), "区县（自治县）人民政府", "class"),
        ("各区人民政府", Scope("city", "广州市"), "广州市各区人民政府", "collective"),
        ("试点城市人民政府", Scope("national", None), "试点城市人民政府", "collective"),
        ("国务院卫生健康主管部门", Scope("national", None), "国务院卫生健康主管部门", "government"),
    ],
)
def test_names_across_levels(written, scope, name, kind):
    dep = resolve(written, scope)
    assert (dep.name, dep.kind) == (name, kind)
    if dep.name != written:
        assert written in dep.aliases


@pytest.mark.parametrize("written", ["各地区", "各部门", "有关部门", "相关部门", "各有关单位", "其他有关部门", "省政府有关部门", "国务院有关部门", "本市其他有关行政管理部门"])
def test_words_that_name_no_body(written):
    assert resolve(written, Scope("province", "上海市")) is None


def test_a_county_is_named_with_its_city_and_a_municipality_owns_its_shi():
    assert resolve("区教育局", Scope("county", "天河区")).name == "广州市天河区教育局"
    assert resolve("市计量行政部门", Scope("province", "上海市", functional=True)).name == "上海市计量行政部门"


def test_shi_words_that_are_not_a_prefix():
    s = Scope("city", "沈阳市")
    assert resolve("市民政局", s).name == "沈阳市民政局"
    assert [d.name for d in resolve_list("市场监管部门、发展改革部门", Scope("national", None))] == ["市场监管部门", "发展改革部门"]


def test_speaking_scope_of_a_header_less_text():
    s = D.speaking_scope("全省各地要抓好落实。山东省大数据局负责。我省将加快建设。")
    assert (s.level, s.region) == ("province", "山东省")


def test_an_internal_division_is_named_with_its_parent():
    dep = resolve("市卫健委医政处", Scope("city", "广州市"))
    assert dep.name == "广州市卫生健康委员会医政处" and "市卫健委医政处" in dep.aliases


def test_lists_read_once_for_every_region_resolve_as_read_in_each():
    """A list is read once per level and shape of region (its names as marks): each region
    gets what reading the list in that region gives, kinds read from the region's own names."""
    from kg.extract.departments import _list_items, _resolve_in, _with_aliases, _written_forms

    def read_in(text: str, scope: Scope) -> list[tuple[str, str, list[str], str]]:
        out = []
        for raw, prefix in _list_items(text, scope.level):
            forms = _written_forms(raw, scope.level, prefix)
            found = _resolve_in(forms, scope) if forms else None
            if found:
                d = _with_aliases(found[0], forms, found[1])
                out.append((d.name, d.kind, d.aliases, d.written))
        return out

    regions = [("city", "沈阳市"), ("city", "大连市"), ("county", "西峰区"), ("county", "景宁畲族自治县"),
               ("county", "XX县"), ("province", "辽宁省"), ("city", "临夏回族自治州"), (None, None), ("national", None)]
    lists = ["市教育局、财政局、团市委、市委组织部", "县发改局、县人社局和各乡镇人民政府", "自治县民政局、县教育局",
             "省教育厅、市人社局，州教育局", "教育局、区政府、市委编办", "人民银行XX县支行、各商业保险公司"]
    for level, region in regions:
        for functional in (False, True):
            scope = Scope(level, region, functional)
            for text in lists:
                got = [(d.name, d.kind, d.aliases, d.written) for d in resolve_list(text, scope)]
                assert got == read_in(text, scope), (scope, text)
    assert [d.name for d in resolve_list("市教育局", Scope("city", "大连市"))] == ["大连市教育局"]


def test_a_list_without_brackets_or_white_space_is_split_as_by_the_walk():
    """Lists without brackets and white space are cut at their separators by one search; the
    items are those the walk character by character gives, collective heads (各省、自治区、)
    and separators in a row or at the ends included."""
    import random

    from kg.extract.departments import _split_plain, _split_walk

    rnd = random.Random(3)
    alphabet = list("各省区县市乡镇、，,；;/／教育局财政") + ["自治区", "直辖市", "街道", "人民政府"]
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12)))
        assert _split_plain(text) == _split_walk(text), text


def test_region_prefix_is_what_the_pattern_of_every_name_matches() -> None:
    """The region names a string starts with, looked up, are what the pattern of the
    gazetteer's names (longest first) and of the placeholder regions matches."""
    import random
    import re

    from kg.extract.departments import _region_prefix
    from kg.extract.regexes import word_alternation
    from kg.reference import gazetteer

    pattern = re.compile(rf"(?:(?:{word_alternation(gazetteer())})|[XxＸ×某]{{1,3}}(?:自治县|县|区|市|旗|州))+")
    names = sorted(gazetteer()) + ["XX县", "某市", "XXX旗", "某某某某县", "Ｘ自治县"]
    rnd = random.Random(7)
    for _ in range(3000):
        s = "".join(rnd.choice(names) for _ in range(rnd.randint(0, 3))) + rnd.choice(["教育局", "", "市", "委", "区财政局"])
        if s and rnd.random() < 0.3:
            at = rnd.randint(0, len(s))
            s = s[:at] + rnd.choice("市县区省州XＸ某") + s[at:]
        m = pattern.match(s)
        assert _region_prefix(s) == (m.group(0) if m else ""), s


def test_a_region_stem_is_found_where_the_pattern_of_every_stem_matches() -> None:
    """A province or city named without its unit, looked up, is found where the pattern of
    the stems (longest first) matches at the start."""
    import random
    import re

    from kg.extract.departments import _region_stems, _starts_with_region_stem

    stems = sorted(n for group in _region_stems().values() for n in group)
    pattern = re.compile("|".join(sorted(map(re.escape, stems), key=len, reverse=True)))
    rnd = random.Random(11)
    for _ in range(5000):
        s = rnd.choice(stems) + rnd.choice(["高新区管委会", "", "市", "新旧动能转换", "财政局"]) if rnd.random() < 0.6 else ""
        if rnd.random() < 0.5:
            at = rnd.randint(0, len(s))
            s = s[:at] + rnd.choice("市县区省州山济南东") + s[at:]
        if rnd.random() < 0.3:
            s = s[: rnd.randint(0, len(s))]
        assert _starts_with_region_stem(s) == bool(pattern.match(s)), s


def test_sea_areas_of_the_adcode_table_are_no_region():
    """The adcode table also lists 海域 and 苏鲁交界 (codes 99…), which are no division: a text
    that speaks of 海域海岛管理 speaks from the city it names, not from a city called 海域."""
    from kg.extract.departments import speaking_scope
    from kg.reference import gazetteer, region_by_name

    assert "海域" not in gazetteer() and "苏鲁交界" not in gazetteer()
    assert region_by_name("海域") is None
    text = "我市提升海域海岛管理水平，加强海域使用监管。全市推进。青岛市人民政府。"
    assert speaking_scope(text).region == "青岛市"


def test_a_header_less_text_may_name_its_city_by_the_short_name_only():
    """我市 … 济南高新区, 济南实验室: a city named only by its short name, more than once."""
    from kg.extract.departments import speaking_scope

    text = "我市支持济南实验室建设。推动济南高新区发展。全市各部门抓好落实。山东省科技厅给予支持。"
    assert speaking_scope(text).region == "济南市"
    assert speaking_scope("我市支持济南实验室建设。全市推进。").region is None  # (once is not enough)
    # a text that speaks from a province (全省) and names cities of one province only
    assert speaking_scope("全省推进。支持济南市、青岛市建设。我省加快发展。").region == "山东省"
    assert speaking_scope("全省推进。支持济南市、杭州市建设。").region is None


def test_levels_listed_with_a_set_of_cities_are_a_class_kept_as_written():
    """设区的市 is a level without a region (FORMAT: a class of bodies across levels is kept
    as written): 省、设区的市X and 设区的市X take no region prefix, and a list of levels that
    holds it is one name, as 市、县（区）X is."""
    from kg.extract.departments import resolve, split_names

    shandong = Scope("province", "山东省")
    for name in ("省、设区的市专利行政部门", "设区的市、县（市）人民政府民政部门", "设区的市人民政府生态环境主管部门"):
        d = resolve(name, shandong)
        assert d is not None and d.kind == "class" and d.name.replace("人民政府", "") == name.replace("人民政府", ""), (name, d)
    assert split_names("省、设区的市、县（市、区）黄河河务部门") == ["省、设区的市、县（市、区）黄河河务部门"]
    assert split_names("沿海设区的市、县（市、区）海洋主管部门，市财政局") == ["沿海设区的市、县（市、区）海洋主管部门", "市财政局"]


@pytest.mark.parametrize("written, canonical", [
    ("市城管局", "济南市城市管理局"), ("市资规局", "济南市自然资源和规划局"), ("市人防办", "济南市人民防空办公室"),
    ("市机关事务局", "济南市机关事务管理局"), ("市民宗局", "济南市民族宗教事务局"),
])
def test_short_names_of_city_bureaus_are_expanded(written: str, canonical: str) -> None:
    """Short names whose expansion is certain (FORMAT: expanded where certain), as 市人社局 is."""
    d = resolve(written, Scope("city", "济南市"))
    assert d is not None and d.name == canonical and written in d.aliases


def test_a_level_lends_nothing_to_the_next_level_of_its_list():
    """省级、地市级医疗保障行政部门: 地市级 (and 地级以上市) is a level of its own, no 省级 lent to it."""
    from kg.extract.responsibilities import _resolve_names

    got = [d.name for d in _resolve_names(("省级医疗保障行政部门", "地市级医疗保障行政部门"), Scope(None, None))]
    assert got == ["省级医疗保障行政部门", "地市级医疗保障行政部门"]
    d = resolve("地级以上市人民政府生态环境主管部门", Scope("province", "广东省"))
    assert d is not None and d.kind == "class" and d.name == "地级以上市人民政府生态环境主管部门"


def test_the_governments_own_offices_are_named_with_the_people_s_government() -> None:
    """市政府督查室, 市外事办, 省政府参事室: offices of the people's government, named in full
    (政府 is 人民政府, 外事办 the 外事办公室); 政府采购中心 (government procurement) keeps its name."""
    s = Scope("city", "沈阳市")
    got = {n: resolve(n, s).name for n in ("市政府督查室", "市外事办", "市政府外事办", "省政府参事室", "市政府口岸办", "市政府采购中心")}
    assert got == {"市政府督查室": "沈阳市人民政府督查室", "市外事办": "沈阳市人民政府外事办公室", "市政府外事办": "沈阳市人民政府外事办公室",
                   "省政府参事室": "辽宁省人民政府参事室", "市政府口岸办": "沈阳市人民政府口岸办公室", "市政府采购中心": "沈阳市政府采购中心"}


def test_short_forms_of_county_bodies_are_expanded() -> None:
    """林草局, 疾控中心 and 委办 are the short forms of one body each at every level (国家林草局
    the national administration's)."""
    s = Scope("county", "宁县")
    assert [resolve(n, s).name for n in ("县林草局", "县疾控中心", "县委办")] == ["宁县林业和草原局", "宁县疾病预防控制中心", "宁县委办公室"]
    assert resolve("国家林草局", Scope("national", None)).name == "国家林业和草原局"


def test_names_run_together_are_split_however_many() -> None:
    """A cell whose names were written on lines of their own reaches the text without
    separators (市教育局市财政局市人社局): every known name is split off, not only two."""
    s = Scope("city", "洛阳市")
    assert [d.name for d in resolve_list("市教育局市财政局市人社局", s)] == ["洛阳市教育局", "洛阳市财政局", "洛阳市人力资源和社会保障局"]


def test_short_forms_of_a_provinces_departments_expand() -> None:
    """省应急厅, 省退役军人厅, 省文旅厅, 省广电局 as the plans of a province write them: the
    departments' full names (应急管理厅, 退役军人事务厅 …), not the short forms with the province."""
    s = D.Scope("province", "山东省")
    assert [D.resolve(n, s).name for n in ("省应急厅", "省退役军人厅", "省文旅厅", "省广电局")] == [
        "山东省应急管理厅", "山东省退役军人事务厅", "山东省文化和旅游厅", "山东省广播电视局"]


def test_short_forms_of_economy_culture_and_other_bodies_expand() -> None:
    """省经信厅 (湖北, 浙江: 经济和信息化厅), 市经信局, 市文广旅局, 市粮储局, 市民宗委, 市供销社,
    市国动办 expand to the full names; a law's bare 供销合作社 (a class of bodies) keeps no prefix."""
    p, c = D.Scope("province", "湖北省"), D.Scope("city", "宜昌市")
    assert D.resolve("省经信厅", p).name == "湖北省经济和信息化厅"
    assert [D.resolve(n, c).name for n in ("市经信局", "市文广旅局", "市粮储局", "市民宗委", "市供销社", "市国动办")] == [
        "宜昌市经济和信息化局", "宜昌市文化广电和旅游局", "宜昌市粮食和物资储备局", "宜昌市民族宗教事务委员会",
        "宜昌市供销合作社", "宜昌市国防动员办公室"]


def test_short_forms_of_national_administrations_expand() -> None:
    """国家中医药局, 国家疾控局, 国家广电总局, 国家国防科工局 … as national documents write them."""
    n = D.Scope("national", None)
    assert [D.resolve(x, n).name for x in ("国家中医药局", "国家疾控局", "国家移民局", "国家外汇局", "国家广电总局", "国家国防科工局")] == [
        "国家中医药管理局", "国家疾病预防控制局", "国家移民管理局", "国家外汇管理局", "国家广播电视总局", "国家国防科技工业局"]


def test_two_bodies_joined_by_and_in_a_list_are_two() -> None:
    """市委组织部和市人社局 in a list: two bodies; a name that holds 和 (住房和城乡建设局,
    市工业和信息化局) stays one."""
    s = Scope("city", "庆阳市")
    assert [d.name for d in resolve_list("市委组织部和市人社局、市工业和信息化局", s)] == [
        "庆阳市委组织部", "庆阳市人力资源和社会保障局", "庆阳市工业和信息化局"]
    assert [d.name for d in resolve_list("市住房和城乡建设局", s)] == ["庆阳市住房和城乡建设局"]


def test_a_laboratory_named_in_a_list_keeps_its_own_name() -> None:
    """崂山实验室 after 崂山区政府 or after 市科技局: a laboratory named by its own name inherits no
    prefix of the list (was 青岛市崂山区崂山实验室 and 青岛市崂山实验室), as a university or an
    institute does not."""
    s = D.Scope("city", "青岛市")
    assert [d.name for d in D.resolve_list("市科技局，崂山区政府，青岛海洋科技中心、崂山实验室", s)] == [
        "青岛市科学技术局", "青岛市崂山区人民政府", "青岛海洋科技中心", "崂山实验室"]
    assert [d.name for d in D.resolve_list("市科技局、崂山实验室、中国科学院海洋研究所", s)] == [
        "青岛市科学技术局", "崂山实验室", "中国科学院海洋研究所"]


def test_a_national_bodys_office_in_a_place_keeps_its_own_name() -> None:
    got = [d.name for d in resolve_list("省委金融办、省财政厅、金融监管总局山东监管局", Scope("province", "山东省"))]
    assert got == ["山东省委金融办", "山东省财政厅", "国家金融监督管理总局山东监管局"]


def test_brackets_of_a_level_written_as_hexagonal_ones_keep_a_collective_whole() -> None:
    # (江苏's documents write 县〔市、区〕 with the brackets of a 发文字号)
    assert split_names("省卫生健康委、省自然资源厅，各设区市、县〔市、区〕人民政府") == ["省卫生健康委", "省自然资源厅", "各设区市、县〔市、区〕人民政府"]
