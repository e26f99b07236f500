"""`onekey enrol ROSTER.csv`: a district's roster into the centre (建档), all or nothing.

``--check`` stores nothing but tells everything storing would: the roster's own problems, and
— against the centre's records, when its database is there — what only they can tell (an ID
number on file under another name, 独居 where an elder on file lives) and what storing would do
(new elders and households, updates, moves). The roster is stored in a transaction that is
rolled back, so a check and a store can never disagree.
"""
from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                required=False)
@click.option("--db", "db_url", default=None, help="database URL or SQLite file (default: ONEKEY_DB_URL)")
@click.option("--check", is_flag=True, help="check the roster, against the records on file too; store nothing")
@click.option("--template", "show_template", is_flag=True, help="print the roster's header row")
def enrol(roster: Path | None, db_url: str | None, check: bool, show_template: bool) -> None:
    """Store the elders of ROSTER (a CSV, one elder a row): new ones with their households and
    emergency contacts, known ones (the same ID number) updated. If any row has a problem,
    nothing is stored and every problem is listed by row."""
    from . import roster as roster_file

    if show_template:
        click.echo(roster_file.template(), nl=False)
        return
    if roster is None:
        raise click.UsageError("give the roster file (or --template for its header row)")
    try:
        records, problems = roster_file.read(roster_file.decoded(roster.read_bytes()))
    except ValueError as exc:
        raise click.ClickException(str(exc))
    if problems:
        _refuse(problems, check)
    from ..cli import database_url
    from ..config import Settings

    settings = Settings.load({"db_url": database_url(db_url)} if db_url else {})
    if check and not _on_disk(settings.db_url):
        click.echo(f"{len(records)}位老人，都没有问题（没有找到档案库 {settings.db_url}，"
                   "没有和已有的档案核对）。")
        return
    from ..migrate import open_database
    from . import on_file
    from .records import enrol as store

    database = open_database(settings)
    try:
        with database.writing() as db:
            wrong = on_file.problems(db, records)
            if wrong:
                _refuse(wrong, check)
            by_id_number = {record.id_number: record for record in records}
            done = [store(db, record, by_id_number) for record in records]
            if not check:
                db.commit()  # else ``writing`` rolls it all back
    finally:
        database.dispose()
    for record, d in zip(records, done):
        if d.moved is not None:
            click.echo(d.moved.sentence(record.name))
    new = sum(d.created for d in done)
    homes = sum(d.household_created for d in done)
    what = f"新建{new}位老人（新建{homes}户），更新{len(done) - new}位。"
    click.echo(f"{len(records)}位老人，都没有问题。只是检查，什么也没有存；存的话会{what}" if check else what)


def _refuse(problems: list, check: bool) -> None:
    from . import roster as roster_file

    for line in roster_file.lines(problems):
        click.echo(line, err=True)
    raise click.ClickException(f"{len(problems)}处要改" + ("。" if check else "，什么也没有存。"))


def _on_disk(url: str) -> bool:
    """Whether the database a store would open is there: a check never makes one (a SQLite
    file, or any database server, which is there by being configured)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return True
    return bool(parsed.database) and parsed.database != ":memory:" and Path(parsed.database).exists()
