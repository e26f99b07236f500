"""新增老人 in the console: an agent enrols an elder the roster missed (audited), lands on her
profile where her TV is paired; a wrong field is marked under that field with the roster's
reason; an ID number already on file stores nothing and opens that file."""
from __future__ import annotations

import random
from typing import Any

from call_center.models import Elder

from ..enrolment.people import fields


def form_of(person: dict[str, Any]) -> dict[str, str]:
    data = {f"enrol-{k}": v for k, v in person.items() if k != "contacts"}
    for n, (name, relation, phone) in enumerate(person["contacts"], 1):
        data.update({f"enrol-contact{n}_name": name, f"enrol-contact{n}_relation": relation,
                     f"enrol-contact{n}_phone": phone})
    return data


def test_an_agent_enrols_an_elder_and_pairs_her_tv_from_her_profile(console):
    person = fields(random.Random(21), hukou_shanghai="是", living_alone="是")
    page = console.text("/console/elders/new")
    assert "新增老人（建档）" in page and 'name="enrol-id_number"' in page
    done = console.post("/console/elders/new", form_of(person))
    assert done.status_code == 303, done.get_data(as_text=True)[:800]
    profile_path = done.headers["Location"]
    elder_id = profile_path.rstrip("/").rsplit("/", 1)[1]
    profile = console.text(profile_path)
    assert "配对码" in profile  # her TV is paired from here
    (entry,) = console.audit("enrol_elder")
    assert entry.target_id == elder_id and "新建档案" in entry.detail
    with console.app.extensions["onekey"].db.reading() as db:
        her = db.get(Elder, elder_id)
        assert (her.name, her.living_alone, her.phone) == (person["name"], True, person["phone"])
        assert [c.name for c in her.contacts] == [person["contacts"][0][0]]


def test_a_wrong_field_is_marked_under_it_and_nothing_is_stored(console):
    person = fields(random.Random(22), phone="12345", contacts=[("Li", "女儿", "13912345678")])
    before = console.domain_counts()
    refused = console.post("/console/elders/new", form_of(person))
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="enrol-phone-error"' in html and "电话应为11位手机号" in html
    assert 'id="enrol-contact1_name-error"' in html and "紧急联系人1的姓名" in html
    assert 'id="enrol-name-error"' not in html
    assert console.domain_counts() == before


def test_an_id_number_on_file_opens_that_file_and_changes_nothing(console):
    demo = console.app.demo
    person = fields(random.Random(23), id_number=demo.id_numbers["wang"])
    before = console.domain_counts()
    again = console.post("/console/elders/new", form_of(person))
    assert again.status_code == 409
    assert f"/console/elders/{demo.elders['wang']}" in again.get_data(as_text=True)
    assert console.domain_counts() == before


def test_the_find_page_offers_enrolment(console):
    assert 'href="/console/elders/new"' in console.text("/console/find")
    found = console.post("/console/find", {"query": "没有这个人"}).get_data(as_text=True)
    assert 'href="/console/elders/new"' in found and "点上面的“新增老人（建档）”" in found


def test_each_problem_is_under_the_box_that_is_wrong_and_listed_first_for_a_screen_reader(console):
    """A contact's wrong phone is said under that phone (not under her name); a missing 是/否
    marks its radio buttons; the page opens on a list of every problem (role=alert, focused,
    each a link to its field), so an agent who cannot see the red hears what to fix."""
    import re

    person = fields(random.Random(24), phone="6251 234", living_alone="",
                    contacts=[("李静", "女儿", "1391234")])
    html = console.post("/console/elders/new", form_of(person)).get_data(as_text=True)
    assert 'id="enrol-contact1_phone-error"' in html and 'id="enrol-contact1_name-error"' not in html
    assert re.search(r'<input[^>]*aria-describedby="enrol-contact1_phone-error"[^>]*id="enrol-contact1_phone"', html)
    assert re.search(r'<input[^>]*aria-describedby="enrol-living_alone-error"[^>]*aria-invalid="true"', html)
    summary = re.search(r'<div class="banner error" role="alert" id="enrol-problems" tabindex="-1" autofocus>(.*?)</div>',
                        html, re.S)
    assert summary, html[:2000]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(1))
    assert [target for target, _ in links] == ["enrol-phone", "enrol-living_alone-0", "enrol-contact1_phone"]
    assert links[0][1].startswith("电话：电话应为11位手机号")
    assert html.count("autofocus") == 1  # the list, not the name box
    assert "<title>有3处要改：新增老人" in html
    for name in ("enrol-name", "enrol-phone", "enrol-contact1_phone"):  # what was typed is kept
        assert re.search(rf'<input[^>]*id="{name}"[^>]*value="[^"]+"', html), name


def test_living_alone_at_a_home_where_an_elder_is_on_file_is_refused(console):
    """Her husband is on file at this address: 独居 = 是 for her is a mistake in one of the two
    (and 独居 decides the daily check-in); 否 puts her in his household."""
    rng = random.Random(25)
    husband = fields(rng, living_alone="否")
    assert console.post("/console/elders/new", form_of(husband)).status_code == 303
    wife = fields(rng, address=husband["address"].replace("弄", " 弄 "), district=husband["district"],
                  living_alone="是")
    before = console.domain_counts()
    refused = console.post("/console/elders/new", form_of(wife))
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="enrol-living_alone-error"' in html and f"已有{husband['name']}的档案" in html
    assert console.domain_counts() == before
    done = console.post("/console/elders/new", form_of({**wife, "living_alone": "否"}))
    assert done.status_code == 303
    (_, joined) = console.audit("enrol_elder")
    assert "归入同住的一户" in joined.detail
