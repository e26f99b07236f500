"""`onekey audit`: the shipped look and the UI spec against the elder-friendly rules.

`run_audit()` returns every finding (file, key, value, rule); an empty list means the
themes, the host configs and the spec all meet ELDER_UI.md's numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from accessibility.hosts import CHANNELS, HOSTS_DIR
from accessibility.themes import THEMES_DIR
from accessibility.themes.models import Palette

from .checks import check_host, check_spec, check_theme
from .contrast import contrast_ratio, relative_luminance
from .findings import Finding


@dataclass
class AuditReport:
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def run_audit(hosts_dir: Path | None = None, themes_dir: Path | None = None,
              spec_dir: Path | None = None, include_spec: bool = True) -> AuditReport:
    hosts_dir = Path(hosts_dir or HOSTS_DIR)
    themes_dir = Path(themes_dir or THEMES_DIR)
    report = AuditReport()
    themes = {}
    for path in sorted(themes_dir.glob("*.yaml")):
        theme, findings = check_theme(path)
        report.checked.append(str(path))
        report.findings += findings
        if theme is not None:
            themes[path.stem] = theme
    for channel in CHANNELS:
        path = hosts_dir / f"{channel}.yaml"
        report.checked.append(str(path))
        if not path.exists():
            from . import rules as R
            report.findings.append(Finding(str(path), "(file)", None, R.REFERENCE, f"no host config for {channel}"))
            continue
        report.findings += check_host(path, themes_dir, themes)
    if include_spec:
        report.checked.append(str(spec_dir or "shared_ui/spec/data"))
        report.findings += check_spec(spec_dir, set(Palette.model_fields))
    return report


__all__ = ["AuditReport", "Finding", "contrast_ratio", "relative_luminance", "run_audit"]
