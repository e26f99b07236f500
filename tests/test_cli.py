"""The `onekey` CLI lists every command and loads none of them until asked."""
import sys

from click.testing import CliRunner

from onekey_cli.main import COMMANDS, main


def test_help_lists_every_command_without_importing_them():
    before = set(sys.modules)
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
    assert "kivy" not in set(sys.modules) - before
    assert "apiflask" not in set(sys.modules) - before


def test_unknown_command_is_an_error():
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code != 0
