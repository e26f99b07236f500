"""A roster checked against the elders already on file, before anything is stored: what only
the centre's records can tell is wrong with a row.

- an ID number on file under another name: most often the number of someone else (a cell
  copied from the wrong row) — storing it would overwrite that elder's phone, home and
  contacts. A name that really changed (改名) is rare and is not guessed at: the row is
  refused with both names, to be checked;
- 独居 for a new elder whose home has an elder on file who stays (:func:`.homes.living_with`).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Elder
from ..sealed import number_hash
from .homes import alone_problem, living_with
from .records import Record
from .roster import Problem


def problems(db: Session, records: list[Record]) -> list[Problem]:
    roster = {record.id_number: record for record in records}
    found: list[Problem] = []
    for record in records:
        name = db.scalar(select(Elder.name).where(Elder.id_number_hash == number_hash(db, record.id_number)))
        if name is not None and name != record.name:
            found.append(Problem(record.line, "id_number",
                                 f"这个身份证号已有档案，档案里的姓名是“{name}”，这里写的是“{record.name}”："
                                 "请核对身份证号（若真的改了名，请联系平台改档案）。"))
        elif name is None and record.living_alone and (others := living_with(db, record, roster)):
            found.append(Problem(record.line, "living_alone", alone_problem(others)))
    return found
