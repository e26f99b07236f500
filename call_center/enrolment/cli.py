"""`onekey enrol ROSTER.csv`: a district's roster into the centre (建档), all or nothing."""
from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                required=False)
@click.option("--db", "db_url", default=None, help="database URL or SQLite file (default: ONEKEY_DB_URL)")
@click.option("--check", is_flag=True, help="only check the roster; store nothing")
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
        for line in roster_file.lines(problems):
            click.echo(line, err=True)
        raise click.ClickException(f"{len(problems)}处要改，什么也没有存。")
    if check:
        click.echo(f"{len(records)}位老人，都没有问题。")
        return
    from ..cli import database_url
    from ..config import Settings
    from ..migrate import open_database
    from . import on_file
    from .records import enrol as store

    database = open_database(Settings.load({"db_url": database_url(db_url)} if db_url else {}))
    try:
        with database.writing() as db:
            wrong = on_file.problems(db, records)
            if wrong:
                for line in roster_file.lines(wrong):
                    click.echo(line, err=True)
                raise click.ClickException(f"{len(wrong)}处要改，什么也没有存。")
            roster = {record.id_number: record for record in records}
            done = [store(db, record, roster) for record in records]
            db.commit()
    finally:
        database.dispose()
    for record, d in zip(records, done):
        if d.moved is not None:
            click.echo(d.moved.sentence(record.name))
    new = sum(d.created for d in done)
    homes = sum(d.household_created for d in done)
    click.echo(f"新建{new}位老人（新建{homes}户），更新{len(done) - new}位。")
