"""Every template in every layout: the right facts on paper, nothing unmasked, the right size."""
from __future__ import annotations

import pytest
from PIL import Image

from accessibility.slips.layouts import LAYOUTS
from personal_data.masking import unmasked_numbers

from .conftest import KINDS, NOW, load_sample, pdf_pages_png, pdf_text

EXPECTED = {
    "registration": ["挂号成功", "张*明", "11月25日（周三）", "上午9:30", "18号", "上海市第六人民医院",
                     "心内科", "王建国主任医师", "徐汇区宜山路600号", "25元", "身份证、医保卡、病历本",
                     "请提前30分钟到达"],
    "taxi": ["叫车成功", "沪A·D3721", "11月25日（周三）", "上午8:40", "漕溪北路88弄3号小区南门",
             "上海市第六人民医院门诊楼", "白色大众朗逸", "李师傅", "13901352468", "8分钟", "核对车牌"],
    "escort": ["陪诊已约好", "11月25日（周三）", "上午8:30", "漕溪北路88弄3号", "周红梅", "上海市第六人民医院",
               "上午9:30", "13788215521", "申城陪诊", "请核对姓名再出门", "请带好医保卡和身份证"],
    "refill": ["药品配送中", "苯磺酸氨氯地平片 5mg", "医生已续方", "SC1764587600QK", "漕溪北路88弄3号1203室",
               "孙丽萍 主治医师", "申城快递", "11月25日", "核对药名"],
    "discharge_transport": ["出院用车已约好", "11月26日（周四）", "上午10:00", "上海市第六人民医院", "沪B·62120",
                            "转运车（轮椅升降）", "漕溪北路88弄3号", "13601230120", "962120", "办好出院手续"],
    "device_application": ["已约好上门", "套餐A", "30元", "11月26日（周四）", "上午9:30",
                           "政府每月补贴10元", "30号 二（二）", "出示工作证"],
    "special_vehicle": ["特殊用车已约好", "11月26日（周四）", "上午8:30", "上午9:00", "沪D·30718",
                        "漕溪北路88弄3号602室", "上海市第六人民医院",
                        "13702162046", "180元", "履带爬楼机"],
    "consultation": ["已经登记", "养老政策", "下午", "长护险", "陈*华", "请保持电话畅通"],
    "receipt": ["服务回执", "陪诊出行", "已受理", "客服回电办理", "下周二去六院复查", "139****1111",
                "客服会给您回电话"],
    "alarm": ["紧急求助记录", "11月23日（周一）", "晚上8:03", "已处理完毕", "20:03:12", "发出求救",
              "话务员接警", "回拨老人", "第二次回拨，无人接听", "老人无响应", "联系紧急联系人", "139****2222",
              "老人有响应", "20:07:00", "处置结果", "误按，已告知儿子"],
}
# The numbers she must ring — the driver, the companion, the crew: whole on her slip (a kiosk's
# screen masks them and points to the slip; shared_ui/confirmation.py contact_number).
CONTACTS = {"13901352468", "13788215521", "13601230120", "13702162046"}
# Whole personal numbers that are in the sample data and must never be printed.
NEVER = ["13911112222", "13900001111", "310101194001011234", "张建明", "李国强", "陈丽华"]
COMMON = ["服务热线12345", "出单时间2026-11-24 10:03".replace(" ", ""), "扫"]


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("kind", KINDS)
def test_slip_prints_the_facts_and_nothing_unmasked(renderer, kind, layout, tmp_path):
    record, elder = load_sample(kind)
    elder["id_number"] = "310101194001011234"  # unmasked values that sneaked in
    elder["phone"] = "13912345678"
    slip = renderer.render(record, elder, layout, now=NOW)
    assert slip.kind == kind
    text = pdf_text(slip.pdf, tmp_path)
    flat = squash(text)
    from personal_data.references import reference

    # the 受理号 a person reads out, never the centre's id (test_slip_reference_number.py)
    for fact in EXPECTED[kind] + COMMON + ["受理号" + reference(record["id"])]:
        assert squash(fact) in flat, f"{fact!r} missing from the {kind} {layout} slip"
    for secret in NEVER + [record["id"]]:
        assert secret not in flat
    assert [n for n in unmasked_numbers(text) if squash(n) not in CONTACTS] == []
    assert "\ufffd" not in text and "〓" not in text
    if layout in ("58mm", "80mm"):
        assert slip.pages == 1
        assert 60 < slip.height_mm < 400
    else:
        assert slip.pages == 1


def test_unmasked_values_in_the_record_itself_are_masked(renderer, tmp_path):
    """Her numbers are masked wherever they sneak in — even in the driver's phone, which prints
    whole only when it is nothing but a number."""
    record, elder = load_sample("taxi")
    record["result"]["driver_phone"] = "13987654321（乘客身份证310101194001011234）"
    record["result"]["pickup_address"] = "漕溪北路88弄3号，联系人身份证310101194001011234"
    elder["name_masked"] = None
    elder["name"] = "张建明"
    text = squash(pdf_text(renderer.render(record, elder, "80mm", now=NOW).pdf, tmp_path))
    assert "13987654321" not in text and "139****4321" in text
    assert "310101194001011234" not in text and "3101**********1234" in text
    assert "张建明" not in text and "张*明" in text


@pytest.mark.parametrize("layout", ["58mm", "80mm"])
def test_roll_png_is_one_page_of_roll_width_not_a4(renderer, layout, tmp_path):
    record, elder = load_sample("registration")
    slip = renderer.render(record, elder, layout, now=NOW)
    pages = pdf_pages_png(slip.pdf, tmp_path, 203)
    assert len(pages) == 1
    image = Image.open(pages[0])
    width_mm = LAYOUTS[layout].width_mm
    assert abs(image.width - width_mm / 25.4 * 203) <= 1
    a4_height = 297 / 25.4 * 203
    assert image.height < 0.9 * a4_height
    assert abs(image.height - slip.height_mm / 25.4 * 203) <= 1
    # the content fills the roll: ink within the last 25 mm, nothing but the feed below it
    gray = image.convert("L")
    ink_rows = [y for y in range(gray.height) if gray.crop((0, y, gray.width, y + 1)).getextrema()[0] < 128]
    bottom_gap_mm = (gray.height - ink_rows[-1]) / 203 * 25.4
    assert 4 < bottom_gap_mm < 25


def test_a5_is_a5(renderer, tmp_path):
    record, elder = load_sample("registration")
    slip = renderer.render(record, elder, "a5", now=NOW)
    pages = pdf_pages_png(slip.pdf, tmp_path, 100)
    assert len(pages) == 1
    image = Image.open(pages[0])
    assert abs(image.width - 148 / 25.4 * 100) <= 1 and abs(image.height - 210 / 25.4 * 100) <= 1


def test_thermal_slips_are_black_and_white(renderer, tmp_path):
    """1-bit thermal heads: rasterised like the printer does (203 dpi, no anti-aliasing), a
    slip is pure black and white — no colour, no grey text or rules, a QR with sharp modules."""
    record, elder = load_sample("registration")
    slip = renderer.render(record, elder, "80mm", now=NOW)
    image = Image.open(pdf_pages_png(slip.pdf, tmp_path, 203, antialias=False)[0]).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20)}
    assert colours == {(0, 0, 0), (255, 255, 255)}


def test_key_facts_are_printed_very_large(renderer, tmp_path):
    """The date/time and the queue number dwarf the body text (checked in the PDF's own sizes)."""
    record, elder = load_sample("registration")
    slip = renderer.render(record, elder, "80mm", now=NOW)
    path = tmp_path / "s.pdf"
    path.write_bytes(slip.pdf)
    import subprocess

    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True).stdout.decode()
    heights: dict[str, float] = {}
    import re

    for y_min, y_max, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', bbox):
        heights[word] = max(heights.get(word, 0), float(y_max) - float(y_min))
    body = heights["心内科"]
    assert heights["18号"] >= 3 * body
    assert heights["上午9:30"] >= 2.3 * body
    assert body >= 14 * 0.95  # pt: the body text is at least 14 pt on an 80 mm roll


def test_times_sent_in_utc_print_on_the_elders_wall_clock(renderer, tmp_path):
    record, elder = load_sample("registration")
    record["result"]["start"] = "2026-11-25T01:30:00Z"
    text = squash(pdf_text(renderer.render(record, elder, "80mm", now=NOW).pdf, tmp_path))
    assert "11月25日（周三）" in text and "上午9:30" in text


@pytest.mark.parametrize("status, words", [
    ("failed", ["没有办成", "这个时段已经约满了", "热线"]),
    ("cancelled", ["已取消", "这项服务已经取消"]),
    ("submitted", ["已提交"]),
])
def test_unconfirmed_requests_get_a_receipt_that_says_where_they_stand(renderer, tmp_path, status, words):
    record, elder = load_sample("registration")
    record["status"] = status
    record["failure"] = {"code": "slot_full", "message": "这个时段已经约满了，请选别的时间。"} if status == "failed" else None
    slip = renderer.render(record, elder, "58mm", now=NOW)
    assert slip.kind == "receipt"
    text = squash(pdf_text(slip.pdf, tmp_path))
    for word in words + ["服务回执", "预约挂号"]:
        assert word in text


def test_english_slip_uses_the_english_catalogue_for_spec_text(renderer, tmp_path):
    record, elder = load_sample("taxi")
    slip = renderer.render(record, elder, "80mm", locale="en", now=NOW)
    text = pdf_text(slip.pdf, tmp_path)
    assert "沪A·D3721" in text and slip.pages == 1
    assert "Taxi booked" in text and "Pick-up time" in text  # the spec's English catalogue
    assert "Wed 25 Nov\n\n8:40 AM" in text  # date and time on their own lines, English style


def test_a_receipt_shows_every_answer_the_elder_gave(renderer):
    """Every service of the spec, every question its form asks: a receipt (a request not yet
    confirmed, a call-back 陪诊 or 出院用车) lists each answer in the form's words and order, a
    time on the elder's clock — never only a fixed few (it showed neither time nor place)."""
    spec = renderer.spec
    checked = 0
    for service in spec.services.values():
        if not service.form or service.form not in spec.forms:
            continue
        form, wanted, labels = {}, [], {}
        for field in spec.forms[service.form].fields:
            if field.options:
                option = field.options[-1]
                form[field.id], shown = option.value, option.label
            elif field.source is not None and field.id.endswith("_id"):
                form[field.id] = "x_123"  # an id: on paper by the centre's name for it, or not at all
                if labels:
                    continue
                labels[field.id] = shown = "上海市第六人民医院"
            elif field.type in ("choice", "time_slot"):
                form[field.id], shown = "2026-12-01T09:00:00+08:00", "12月1日（周二）上午9:00"
            elif field.type == "count":
                form[field.id], shown = 2, "2"
            else:
                form[field.id] = shown = "长宁区天山路18号1203室"
            wanted.append((field.label, shown))
        record = {"id": f"req_{service.id}", "service": service.id, "mode": "call", "status": "accepted",
                  "form": form, "form_labels": labels, "created_at": "2026-11-24T10:30:00+08:00"}
        content = renderer.content(record, {"name": "张建明"})
        if content.kind != "receipt":
            continue  # a confirmation of its own (咨询's says what was asked, and when to expect the call)
        got = [(f.label, f.value) for f in content.facts if f.key in {k for k in form}]
        assert got == wanted, service.id
        checked += 1
    assert checked >= 4
