#!/usr/bin/env python3
"""Writes the hostile seed inputs of the xlsx_reader and csv_reader fuzz targets.

The xlsx seeds are the packages exchange/workbook/xlsx_reader_test.cpp builds (formulas,
error values, shared and inline strings, merged cells, many rows, a huge dimension, zip
bombs, a header that lies about its size, broken parts, bad cell references, a DTD), so the
fuzzer starts from every path the reader refuses or marks; the csv seeds cover quoting,
line ends and the encodings (UTF-8 with and without a BOM, CP932, bytes that are neither).
Each file stays under scripts/fuzz.sh's -max_len (64 KiB), so the entry-count limit (2,000
entries, some 170 KiB of headers) and the 100,000-row sheet are seeded at a smaller scale
(300 entries; 3,000 rows, over the fuzz target's 2,000-row limit). Deterministic (fixed zip
timestamps), so running it again rewrites the same bytes:

    python3 fuzz/make_workbook_seeds.py        # writes fuzz/corpus/{xlsx_reader,csv_reader}/
"""
import io
import pathlib
import struct
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent / "corpus"
MAX_LEN = 64 * 1024
STAMP = (2026, 12, 2, 0, 0, 0)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKBOOK = (
    f'<workbook xmlns="{NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="様式" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'
)


def sheet(rows: str, after: str = "", before: str = "") -> str:
    return f'<worksheet xmlns="{NS}">{before}<sheetData>{rows}</sheetData>{after}</worksheet>'


def parts(sheet_xml: str, shared: str = "") -> dict:
    p = {
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": RELS,
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared:
        p["xl/sharedStrings.xml"] = f'<sst xmlns="{NS}">{shared}</sst>'
    return p


def zipped(p: dict, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in sorted(p.items()):
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = method
            z.writestr(info, data.encode() if isinstance(data, str) else data)
    return out.getvalue()


def lie_about_size(z: bytes, name: str, size: int) -> bytes:
    """Every declared uncompressed size of entry `name` set to `size`."""
    b = bytearray(z)
    n = name.encode()
    at = b.find(b"PK\x03\x04")
    while at != -1:
        if b[at + 30 : at + 30 + len(n)] == n:
            b[at + 22 : at + 26] = struct.pack("<I", size)
        at = b.find(b"PK\x03\x04", at + 4)
    at = b.find(b"PK\x01\x02")
    while at != -1:
        if b[at + 46 : at + 46 + len(n)] == n:
            b[at + 24 : at + 28] = struct.pack("<I", size)
        at = b.find(b"PK\x01\x02", at + 4)
    return bytes(b)


def numbered_rows(n: int) -> str:
    return "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, n + 1))


def xlsx_seeds() -> dict:
    s = {}
    s["values-formulas-errors.xlsx"] = zipped(parts(
        sheet('<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>12.5</v></c>'
              '<c r="C2"><f>1+2</f><v>3</v></c><c r="D2" t="str"><f>A2</f><v>x</v></c>'
              '<c r="E2" t="e"><v>#DIV/0!</v></c>'
              '<c r="F2"><f t="shared" si="0"/><v>4</v></c><c r="G2" s="3"/>'
              '<c r="H2" t="inlineStr"><is><r><t>南</t></r><r><t>幌</t></r></is></c>'
              '<c r="I2" t="b"><v>1</v></c><c r="J2"><v>1.5E+300</v></c></row>'),
        '<si><t>予定</t></si><si><r><t>実施</t></r><r><t>済</t></r>'
        '<rPh sb="0" eb="1"><t>じっし</t></rPh></si>'))
    s["shared-string-out-of-range.xlsx"] = zipped(parts(
        sheet('<row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="s"><v>-1</v></c>'
              '<c r="C1" t="s"><v>99999999999999999999</v></c></row>'),
        "<si><t>a</t></si><si><t>b</t></si>"))
    s["shared-strings-missing.xlsx"] = zipped(parts(
        sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')))
    s["merged-cells.xlsx"] = zipped(parts(
        sheet('<row r="2"><c r="F2" t="inlineStr"><is><t>x</t></is></c></row>',
              '<mergeCells count="4"><mergeCell ref="F2:G3"/><mergeCell ref="B5"/>'
              '<mergeCell ref="garbage"/><mergeCell ref="$A$1:XFD1048576"/></mergeCells>')))
    s["many-rows.xlsx"] = zipped(parts(sheet(numbered_rows(3000))))
    s["rows-without-numbers.xlsx"] = zipped(parts(sheet("<row><c><v>1</v></c></row>" * 30)))
    s["huge-dimension.xlsx"] = zipped(parts(sheet(
        '<row r="1"><c r="XFD1"><v>1</v></c></row>'
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
        before='<dimension ref="A1:XFD1048576"/><cols><col min="1" max="16384" width="9"/></cols>')))
    bomb = parts(sheet(""))
    bomb["xl/media/zeros.bin"] = b"0" * (40 * 1024 * 1024)
    s["zip-bomb-one-part.xlsx"] = zipped(bomb)
    many = parts(sheet(""))
    for i in range(10):
        many[f"xl/media/z{i}.bin"] = b"0" * (900 * 1024)
    s["zip-bomb-many-parts.xlsx"] = zipped(many)
    crowd = parts(sheet(""))
    for i in range(300):
        crowd[f"e{i}"] = "x"
    s["many-entries.xlsx"] = zipped(crowd)
    honest = zipped(parts(sheet(numbered_rows(3000))))
    s["lying-size.xlsx"] = lie_about_size(honest, "xl/worksheets/sheet1.xml", 100)
    s["not-a-workbook.zip"] = zipped({"01423_南幌町.xlsx": "x"}, zipfile.ZIP_STORED)
    s["not-zip.bin"] = b"PK\x03\x04 not really"
    s["stored-entries.xlsx"] = zipped(parts(sheet("")), zipfile.ZIP_STORED)
    s["broken-sheet-xml.xlsx"] = zipped(parts("<worksheet><sheetData><row>"))
    s["broken-shared-strings.xlsx"] = zipped(parts(sheet(""), "<si><t>unclosed</si>"))
    missing = parts(sheet(""))
    del missing["xl/worksheets/sheet1.xml"]
    s["sheet-missing.xlsx"] = zipped(missing)
    for i, ref in enumerate(["A0", "$A$1", "a1", "A2", "XFE1", "A1048577"]):
        s[f"bad-cell-ref-{i}.xlsx"] = zipped(parts(sheet(f'<row r="1"><c r="{ref}"><v>1</v></c></row>')))
    s["row-zero.xlsx"] = zipped(parts(sheet('<row r="0"><c><v>1</v></c></row>')))
    laughs = parts(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))
    laughs["xl/sharedStrings.xml"] = (
        '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        f'<sst xmlns="{NS}"><si><t>&d;</t></si></sst>')
    s["billion-laughs.xlsx"] = zipped(laughs)
    return s


def csv_seeds() -> dict:
    header = "行,取組,状況,実施内容,回数,参加人数,事業費（円）\r\n"
    return {
        "quoted-fields.csv": (
            "\ufeff" + header + '1,"防災, 訓練","実施済","一行目\r\n二行目 ""引用""",4,"1,200",250000\r\n'
        ).encode("utf-8"),
        "utf8-no-bom-lf.csv": (header.replace("\r\n", "\n") + "1,x,実施中,,１２,１，２００人,150,000円\n").encode("utf-8"),
        "bom-only.csv": "\ufeff".encode("utf-8"),
        "unclosed-quote.csv": ('1,"never closed\r\n2,x\r\n').encode("utf-8"),
        "quote-in-unquoted.csv": ('1,ab"c,3\r\n1,"a"b,3\r\n').encode("utf-8"),
        "cp932-special.csv": (header + "1,①ｶﾀｶﾅ髙﨑,実施済,～−¬,1,2,3\r\n").encode("cp932"),
        "cp932-truncated-lead-byte.csv": header.encode("cp932") + b"1,\x82",
        "neither-encoding.csv": b"1,\xff\xfe\x80\x00,2\r\n",
        "utf8-overlong.csv": b"1,\xc0\xaf,\xed\xa0\x80\r\n",
        "many-empty-fields.csv": ("," * 2000 + "\r\n" + "\r\n" * 50).encode("utf-8"),
    }


def main() -> None:
    for target, seeds in (("xlsx_reader", xlsx_seeds()), ("csv_reader", csv_seeds())):
        d = ROOT / target
        d.mkdir(parents=True, exist_ok=True)
        for name, data in seeds.items():
            assert len(data) <= MAX_LEN, f"{target}/{name}: {len(data)} bytes over -max_len"
            (d / name).write_bytes(data)
            print(f"{target}/{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
