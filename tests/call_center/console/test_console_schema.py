"""The console's tables come from its own migration, on a single Alembic head."""
from __future__ import annotations

from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from call_center.migrate import alembic_config


def test_one_head_and_the_console_revision_in_the_chain() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, script.get_heads()
    chain = [rev.revision for rev in script.walk_revisions()]
    assert "0200" in chain


def test_console_tables_exist_after_upgrade(center_app: Any) -> None:
    tables = set(inspect(center_app.extensions["onekey"].db.engine).get_table_names())
    assert {"console_audit", "console_sessions", "console_credentials", "console_keys"} <= tables


def test_signing_key_is_shared_by_every_app_on_one_database(make_center_app: Any) -> None:
    first = make_center_app()
    from call_center.app import create_app

    second = create_app({"db_url": str(first.extensions["onekey"].db.engine.url)})
    try:
        assert first.secret_key == second.secret_key and len(first.secret_key) == 64
    finally:
        second.extensions["onekey"].db.dispose()


def test_configured_secret_wins(make_center_app: Any) -> None:
    app = make_center_app(console_secret_key="s3cret-from-the-operator")
    assert app.secret_key == "s3cret-from-the-operator"


def test_accounts_refuse_weak_input(center_app: Any) -> None:
    import pytest

    from call_center.console import accounts

    with center_app.extensions["onekey"].db.session(write=True) as db:
        for args in (("agent1", "long-enough-pw", "重名"), ("new one", "long-enough-pw", "空格"),
                     ("agent9", "short", "太短"), ("agent9", "long-enough-pw", "角色", "boss")):
            with pytest.raises(ValueError):
                accounts.create(db, *args)
        created = accounts.create(db, "Agent9", "long-enough-pw", "话务员 张丽")
        assert created.username == "agent9" and created.password_hash.startswith("scrypt:32768")
        db.rollback()


def test_accounts_command_adds_a_login_that_works(center_app: Any, make_console: Any,
                                                  monkeypatch: Any, capsys: Any) -> None:
    from call_center.console import accounts

    answers = iter(["a-long-password-1", "a-long-password-1"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    url = str(center_app.extensions["onekey"].db.engine.url)
    assert accounts.main(["--db", url, "add", "zhangli", "--name", "话务员 张丽"]) == 0
    assert "added zhangli (agent)" in capsys.readouterr().out
    c = make_console(center_app)
    assert c.login("zhangli", "a-long-password-1").status_code == 303
    assert "话务员 张丽" in c.text("/console/")
