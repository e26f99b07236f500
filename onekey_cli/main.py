"""`onekey` CLI root.

Subcommands are imported only when invoked, so `onekey center` never loads Kivy and
`onekey --help` stays instant. Each package owns its commands in its own `cli` module.
"""
from __future__ import annotations

import importlib

import click

# name -> "module:attribute"; a package adds its command here and nowhere else.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("onekey_cli.demo:demo", "Run the product on embedded defaults with demo data."),
    "test": ("onekey_cli.testing:test", "Run the whole test suite."),
    "bench": ("onekey_cli.bench:bench", "Run every benchmark; write bench/results/summary.md."),
    "center": ("call_center.cli:center", "Serve the central one-key API (reference platform)."),
    "enrol": ("call_center.enrolment.cli:enrol", "Enrol a district's roster of elders (建档) from a CSV."),
    "keys": ("call_center.key_rotation:keys", "Rotate the keys personal numbers are sealed with."),
    "spec": ("shared_ui.cli:spec", "Validate or show the UI spec."),
    "flow": ("onekey_cli.flow:flow", "Walk a service through the flow engine in the terminal."),
    "i18n": ("shared_ui.cli:i18n", "Extract, update, compile and check the gettext catalogs."),
    "speak": ("accessibility.cli:speak", "Speak a sentence to a WAV file (normalised Chinese)."),
    "speech": ("accessibility.cli:speech", "Speech cache tools (prebuild every fixed prompt)."),
    "audit": ("accessibility.cli:audit", "Check the spec and themes against the elder-friendly rules."),
    "slip": ("accessibility.slips.cli:slip", "Render or print a confirmation slip."),
    "tv": ("tv_app.cli:tv", "Run the TV set-top-box app."),
    "miniprogram": ("miniprogram_api.cli:miniprogram", "Serve the WeChat / 随申办 mini-program back end and H5 pages."),
    "kiosk": ("kiosk_app.cli:kiosk", "Run the community touch kiosk (restarted after a crash)."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        target, _ = COMMANDS[name]
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                raise click.ClickException(f"`onekey {name}` is not built yet ({module_name}).")
            raise
        return getattr(module, attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup)
@click.version_option(package_name="onekey")
def main() -> None:
    """一键通 (One-Key): elder services from TV, kiosk and mini-program."""
