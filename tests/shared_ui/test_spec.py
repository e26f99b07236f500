"""The spec loads, and a broken spec is rejected with the file, path and reason."""
import shutil
from pathlib import Path

import pytest
import yaml

from shared_ui.spec import DEFAULT_DIR, MAX_ITEMS_PER_SCREEN, SpecError, load_spec, load_spec_from


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def edit(path: Path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def problems_of(directory: Path, locales=("en",)) -> list[str]:
    with pytest.raises(SpecError) as info:
        load_spec_from(directory, locales=locales)
    return [str(p) for p in info.value.problems]


def test_shipped_spec_is_valid_and_complete():
    spec = load_spec()
    assert {"emergency", "registration", "taxi", "consultation", "my_requests", "messages"} <= set(spec.services)
    for channel in ("tv", "kiosk", "miniprogram"):
        home = spec.home_menu(channel)
        assert len(home.items) <= MAX_ITEMS_PER_SCREEN
    assert spec.home_menu("tv").items[0] == "emergency"  # SOS first on the TV
    assert len(list(spec.iter_prompts())) > 50


def test_unknown_field_type_names_file_and_path(spec_dir):
    edit(spec_dir / "forms/taxi.yaml", lambda d: d["fields"][1].update(type="colour_wheel"))
    found = problems_of(spec_dir)
    assert any(p.startswith("forms/taxi.yaml: fields.1.type:") for p in found), found


def test_unknown_key_is_rejected_but_x_extension_is_kept(spec_dir):
    edit(spec_dir / "services/taxi.yaml", lambda d: d.update({"colour_name": "blue"}))
    assert any("services/taxi.yaml: colour_name" in p for p in problems_of(spec_dir))
    shutil.rmtree(spec_dir)
    shutil.copytree(DEFAULT_DIR, spec_dir)
    edit(spec_dir / "services/taxi.yaml", lambda d: d.update({"x-vendor-tag": 7}))
    spec = load_spec_from(spec_dir)
    assert spec.services["taxi"].extensions == {"x-vendor-tag": 7}


def test_a_request_service_says_who_carries_it_out(spec_dir):
    edit(spec_dir / "services/taxi.yaml", lambda d: d.pop("fulfilled_by"))
    edit(spec_dir / "services/nearby.yaml", lambda d: d.update(fulfilled_by="agent"))
    edit(spec_dir / "services/messages.yaml", lambda d: d.update(fulfilled_by="desk"))
    found = problems_of(spec_dir)
    assert "services/taxi.yaml: fulfilled_by: a request service says who carries it out: provider, desk or agent" in found
    assert {p for p in found if "only a request service of its own" in p} == {
        "services/nearby.yaml: fulfilled_by: only a request service of its own is carried out (submits_as says as which)",
        "services/messages.yaml: fulfilled_by: only a request service of its own is carried out (submits_as says as which)"}


def test_dangling_form_reference(spec_dir):
    edit(spec_dir / "services/registration.yaml", lambda d: d.update(form="booking"))
    assert "services/registration.yaml: form: refers to unknown form 'booking'" in problems_of(spec_dir)


def test_too_many_items_on_a_screen(spec_dir):
    def seven(d):
        d["tv"]["menus"]["home"]["items"].append("emergency")
    edit(spec_dir / "menus.yaml", seven)
    assert any("tv.menus.home.items: 7 items; at most 6" in p for p in problems_of(spec_dir))


def test_too_deep(spec_dir):
    def nest(d):
        menus = d["kiosk"]["menus"]
        menus["home"]["items"][-1] = "menu:a"
        menus["a"] = {"title": "预约挂号", "speak": "预约挂号", "items": ["menu:b"]}
        menus["b"] = {"title": "预约挂号", "speak": "预约挂号", "items": ["menu:c"]}
        menus["c"] = {"title": "预约挂号", "speak": "预约挂号", "items": ["registration"]}
    edit(spec_dir / "menus.yaml", nest)
    assert any("menus.yaml: kiosk: menus are 5 levels deep; at most 3" in p for p in problems_of(spec_dir))


def test_missing_translation(spec_dir):
    edit(spec_dir / "services/taxi.yaml", lambda d: d.update(speak="叫出租车，全新的说法。"))
    assert "locale/en: 叫出租车，全新的说法。: missing translation" in problems_of(spec_dir)


def test_field_reference_must_point_backwards(spec_dir):
    def swap(d):
        d["fields"][0], d["fields"][1] = d["fields"][1], d["fields"][0]
    edit(spec_dir / "forms/registration.yaml", swap)
    assert any("forms/registration.yaml: fields.0.source.params.hospital_id" in p for p in problems_of(spec_dir))


def test_every_problem_is_reported_at_once(spec_dir):
    edit(spec_dir / "forms/taxi.yaml", lambda d: d["fields"][1].update(type="nope"))
    edit(spec_dir / "services/consultation.yaml", lambda d: d.update(icon=None))
    assert len(problems_of(spec_dir)) >= 2


def _inline_option_lists(directory: Path) -> dict[tuple, list[str]]:
    """Every option list written out in a form file, keyed by its answers (value, label)."""
    found: dict[tuple, list[str]] = {}
    for path in sorted((directory / "forms").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, fld in enumerate(data.get("fields") or []):
            options = fld.get("options")
            if isinstance(options, list) and options:
                key = tuple((str(o["value"]), o["label"]) for o in options)
                found.setdefault(key, []).append(f"forms/{path.name}: fields.{i} ({fld['id']})")
    return found


def test_no_option_list_is_written_twice_in_any_form():
    """One definition of a list of answers (家庭经济情况, 户籍), named once and used wherever it is
    asked: two written-out copies drift (one gains an answer, the other does not)."""
    twice = {key: where for key, where in _inline_option_lists(DEFAULT_DIR).items() if len(where) > 1}
    assert twice == {}, twice


def test_a_shared_option_list_is_used_by_name_and_a_copy_is_refused(spec_dir):
    spec = load_spec_from(spec_dir)
    hardship = [o.value for o in spec.forms["elder_services"].fields[2].options]
    assert hardship == [o.value for o in spec.forms["device_application"].fields[3].options]
    assert hardship == ["dibao", "low_income", "tekun", "none", "unknown"]
    root = yaml.safe_load((spec_dir / "spec.yaml").read_text(encoding="utf-8"))

    def copy_out(d):  # write the named list out in full again in one form
        d["fields"][2]["options"] = root["option_lists"]["hardship"]
    edit(spec_dir / "forms/elder_services.yaml", copy_out)
    assert any("forms/elder_services.yaml: fields.2.options" in p and "option_lists.hardship" in p
               for p in problems_of(spec_dir)), problems_of(spec_dir)


def test_an_unknown_option_list_is_named_in_the_problem(spec_dir):
    edit(spec_dir / "forms/elder_services.yaml", lambda d: d["fields"][2].update(options="means"))
    assert any("forms/elder_services.yaml: fields.2.options" in p and "'means'" in p for p in problems_of(spec_dir))
