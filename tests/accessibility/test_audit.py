"""`onekey audit` passes on what we ship and fails, naming file, key, value and rule, on bad copies."""
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from accessibility.audit import contrast_ratio, relative_luminance, run_audit
from accessibility.cli import audit
from accessibility.hosts import HOSTS_DIR
from accessibility.themes import THEMES_DIR


@pytest.fixture
def copies(tmp_path):
    """Writable copies of the shipped hosts, themes and UI spec."""
    from shared_ui.spec import DEFAULT_DIR

    hosts, themes, spec = tmp_path / "hosts", tmp_path / "themes", tmp_path / "spec"
    shutil.copytree(HOSTS_DIR, hosts, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(THEMES_DIR, themes, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(DEFAULT_DIR, spec)
    return hosts, themes, spec


def edit(path: Path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def run(hosts, themes, spec=None):
    return run_audit(hosts, themes, spec, include_spec=spec is not None)


def test_wcag_formula():
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)
    assert relative_luminance("#000000") == 0.0
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)   # the classic near-miss
    assert contrast_ratio("#FFFFFF", "#777777") == contrast_ratio("#777777", "#FFFFFF")


def test_shipped_configs_pass():
    report = run_audit()
    assert report.ok, "\n".join(map(str, report.findings))
    assert len(report.checked) == 3 + 4 + 1


def test_cli_passes_on_shipped_configs():
    result = CliRunner().invoke(audit, [])
    assert result.exit_code == 0, result.output
    assert "audit passed" in result.output


def test_low_contrast_text_fails(copies):
    hosts, themes, _ = copies
    edit(themes / "standard.yaml", lambda d: d["colours"].update(text_muted="#999999"))
    findings = run(hosts, themes).findings
    hit = [f for f in findings if f.file.endswith("standard.yaml") and f.key == "colours.text_muted on background"]
    assert hit and hit[0].rule.id == "text-contrast" and hit[0].value == "#999999 on #FFFFFF"


def test_high_contrast_theme_needs_seven_to_one(copies):
    hosts, themes, _ = copies
    # 5.7:1 would pass the standard theme, not the high-contrast one
    edit(themes / "high_contrast.yaml", lambda d: d["colours"].update(text_muted="#8A8A8A"))
    findings = run(hosts, themes).findings
    assert any(f.rule.id == "high-contrast" and "text_muted on background" in f.key for f in findings)


def test_invisible_focus_ring_fails(copies):
    hosts, themes, _ = copies
    edit(themes / "standard.yaml", lambda d: d["colours"].update(focus_ring="#EEEEEE"))
    findings = run(hosts, themes).findings
    assert any(f.rule.id == "ui-contrast" and "focus_ring on background" in f.key for f in findings)


def test_flush_focus_ring_must_stand_out_from_tiles(copies):
    hosts, themes, _ = copies
    edit(hosts / "tv.yaml", lambda d: d["focus"].update(ring_offset=0))
    edit(themes / "standard.yaml", lambda d: d["colours"].update(focus_ring="#1A4FB0"))   # close to primary
    findings = run(hosts, themes).findings
    assert any(f.key == "standard: focus_ring on primary" for f in findings)


def test_small_text_small_targets_tight_lines_fail(copies):
    hosts, themes, _ = copies
    edit(hosts / "kiosk.yaml", lambda d: (d["text"]["body"].update(size=16, line_height=1.1),
                                          d["text"]["headline"].update(size=26),
                                          d["targets"]["primary"].update(height=48),
                                          d["spacing"].update(paragraph=1.0)))
    keys = {(f.key, f.rule.id) for f in run(hosts, themes).findings if f.file.endswith("kiosk.yaml")}
    assert {("text.body.size", "text-size"), ("text.body.line_height", "line-height"),
            ("text.headline.size", "headline-size"), ("targets.primary.height", "primary-target"),
            ("spacing.paragraph", "paragraph-spacing")} <= keys


def test_tv_rules(copies):
    hosts, themes, _ = copies
    edit(hosts / "tv.yaml", lambda d: (d["text"]["body"].update(size=40), d["safe_area"].update(left=40),
                                       d["focus"].update(scale=1.5)))
    keys = {f.key for f in run(hosts, themes).findings if f.file.endswith("tv.yaml")}
    assert {"text.body.size", "safe_area.left", "focus.scale"} <= keys


def test_time_limits_must_warn_early_and_extend(copies):
    hosts, themes, _ = copies
    edit(hosts / "kiosk.yaml", lambda d: d["timing"].update(idle_warning_lead_s=10, extendable=False))
    keys = {f.key for f in run(hosts, themes).findings if f.rule.id == "time-limit"}
    assert keys == {"timing.idle_warning_lead_s", "timing.extendable"}


def test_slip_layout_text_is_checked(copies):
    hosts, themes, _ = copies
    edit(hosts / "slip.yaml", lambda d: d["layouts"]["thermal_58"]["text"]["caption"].update(size=6))
    findings = run(hosts, themes).findings
    assert any(f.key == "layouts.thermal_58.text.caption.size" and f.value == 6 for f in findings)


def test_slip_sizes_must_be_what_the_layout_sheet_prints(copies):
    hosts, themes, _ = copies
    # 13 pt would pass the size rule, but thermal-58.css prints the body at 12 pt
    edit(hosts / "slip.yaml", lambda d: d["layouts"]["thermal_58"]["text"]["body"].update(size=13))
    (finding,) = [f for f in run(hosts, themes).findings if f.rule.id == "printed-size"]
    assert finding.key == "layouts.thermal_58.text.body.size" and "--body: 12.0pt" in finding.detail


def test_a_broken_file_is_a_finding_not_a_crash(copies):
    hosts, themes, _ = copies
    (hosts / "miniprogram.yaml").write_text("channel: miniprogram\nunit: furlongs\n", encoding="utf-8")
    (hosts / "slip.yaml").unlink()
    findings = run(hosts, themes).findings
    assert any(f.file.endswith("miniprogram.yaml") and f.rule.id == "schema" for f in findings)
    assert any(f.file.endswith("slip.yaml") and f.rule.id == "reference" for f in findings)


def test_a_menu_with_seven_items_fails(copies):
    hosts, themes, spec = copies
    edit(spec / "menus.yaml", lambda d: d["tv"]["menus"]["home"]["items"].append("taxi"))
    findings = run(hosts, themes, spec).findings
    assert any(f.rule.id == "menu-items" and f.file.endswith("menus.yaml") and "tv.menus.home" in f.key
               for f in findings)


def test_cli_fails_naming_file_key_value_and_rule(copies):
    hosts, themes, spec = copies
    edit(themes / "standard.yaml", lambda d: d["colours"].update(on_danger="#E57373"))
    result = CliRunner(mix_stderr=False).invoke(audit, ["--hosts", str(hosts), "--themes", str(themes),
                                                        "--spec", str(spec)])
    assert result.exit_code == 1
    line = next(l for l in result.stderr.splitlines() if "on_danger on danger" in l)
    assert "standard.yaml" in line and "#E57373 on #B71C1C" in line and "text-contrast" in line and "MIIT" in line
    assert "audit failed" in result.stderr


def test_a_host_colour_override_is_audited_in_the_host_file(copies):
    hosts, themes, _ = copies
    edit(hosts / "slip.yaml", lambda d: d["colours"].update(text="#CCCCCC"))
    findings = run(hosts, themes).findings
    assert [f.key for f in findings if f.file.endswith("slip.yaml")] == ["standard: text on background",
                                                                          "standard: text on surface"]
    assert not any(f.file.endswith("standard.yaml") for f in findings)   # the theme itself is fine
