"""Personal numbers at rest: ID numbers and phones are sealed (encrypted) in the database, and
found again by a keyed hash, with keys kept outside the database (seed 004 §个人信息保护).

- Sealing is ``cryptography``'s Fernet (AES-128-CBC with HMAC-SHA256, a random IV per value):
  a stolen database file or backup shows no number. :class:`MultiFernet` opens values sealed
  with any key in the key file and seals with the first, which is what key rotation needs.
- Finding an elder by a number (a kiosk's identification, the console's search) compares
  ``HMAC-SHA256(lookup key, normalised number)``: equal numbers give equal hashes, and without
  the lookup key the hash of a number cannot be computed (an ID number has ~10^9 likely
  values, so a plain hash would fall to a dictionary).
- The key file (JSON, mode 0600): ``{"encryption_keys": [newest, …older], "lookup_key": …}``.
  Its path is the ``personal_data_keys`` setting (``ONEKEY_PERSONAL_DATA_KEYS``); the embedded
  default creates ``var/keys/personal-data.keys`` on first start. Production keeps it on
  another volume or in a secret store and gives every node the same file.
- The database remembers a fingerprint of the lookup key, so a centre started with the wrong
  key file refuses to start instead of finding nobody (:func:`check_fingerprint`).

Rotation (``onekey center keys rotate``, README §Security): a new encryption key is put first
and every sealed value is re-sealed with it in one transaction; ``--retire`` then drops the
older keys. A new lookup key (``--lookup``) re-hashes every row in the same way.

The column type :class:`Sealed` finds the keys on the engine's dialect (bound by
:class:`call_center.db.Database`), so each centre in a process (tests build many) uses its own.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from personal_data.written_numbers import plain_number

DIALECT_ATTRIBUTE = "onekey_personal_data_keys"
_FINGERPRINT_INPUT = b"onekey personal-data lookup key check"


class KeyFileError(RuntimeError):
    """The key file is missing, unreadable, or does not belong to this database."""


@dataclass(frozen=True)
class PersonalDataKeys:
    encryption_keys: tuple[bytes, ...]  # Fernet keys, newest (the sealing one) first
    lookup_key: bytes

    def __post_init__(self) -> None:
        if not self.encryption_keys:
            raise KeyFileError("the key file holds no encryption key")
        if len(self.lookup_key) < 32:
            raise KeyFileError("the lookup key must be at least 32 bytes")
        object.__setattr__(self, "_fernet", MultiFernet([Fernet(k) for k in self.encryption_keys]))

    # -- values -----------------------------------------------------------------------------
    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")  # type: ignore[attr-defined]

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")  # type: ignore[attr-defined]
        except (InvalidToken, ValueError) as exc:
            raise KeyFileError("a sealed value cannot be opened with these keys") from exc

    def reseal(self, sealed: str) -> str:
        """The same value sealed with the newest key (rotation)."""
        return self._fernet.rotate(sealed.encode("ascii")).decode("ascii")  # type: ignore[attr-defined]

    def lookup_hash(self, number: str) -> str:
        """The keyed hash a number is found by, whatever way it was written (full-width
        digits, spaces, dashes, a lower-case x, +86 before a mobile)."""
        return hmac.new(self.lookup_key, normalise(number).encode("utf-8"), hashlib.sha256).hexdigest()

    @property
    def fingerprint(self) -> str:
        """Names the lookup key without revealing it (kept in the database)."""
        return hmac.new(self.lookup_key, _FINGERPRINT_INPUT, hashlib.sha256).hexdigest()[:32]

    # -- the key file -----------------------------------------------------------------------
    @classmethod
    def generate(cls) -> "PersonalDataKeys":
        return cls((Fernet.generate_key(),), secrets.token_bytes(32))

    def with_new_encryption_key(self) -> "PersonalDataKeys":
        return PersonalDataKeys((Fernet.generate_key(), *self.encryption_keys), self.lookup_key)

    def retired(self) -> "PersonalDataKeys":
        """Only the newest encryption key (after every value was re-sealed with it)."""
        return PersonalDataKeys(self.encryption_keys[:1], self.lookup_key)

    def to_json(self) -> str:
        return json.dumps({
            "version": 1,
            "encryption_keys": [k.decode("ascii") for k in self.encryption_keys],
            "lookup_key": base64.urlsafe_b64encode(self.lookup_key).decode("ascii"),
        }, indent=2)

    @classmethod
    def from_json(cls, text: str) -> "PersonalDataKeys":
        try:
            data = json.loads(text)
            keys = tuple(k.encode("ascii") for k in data["encryption_keys"])
            lookup = base64.urlsafe_b64decode(data["lookup_key"])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyFileError("the personal-data key file is not valid") from exc
        return cls(keys, lookup)

    @classmethod
    def load(cls, path: Path) -> "PersonalDataKeys":
        try:
            return cls.from_json(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise KeyFileError(f"cannot read the personal-data key file {path}: {exc}") from exc

    def save(self, path: Path) -> None:
        """Written whole (a temporary file renamed over the old), readable by its owner only."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(self.to_json())
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)


def normalise(number: str) -> str:
    """One spelling per number: ASCII digits, an upper-case X, no separators, no +86/0086."""
    text = plain_number(number or "").upper()
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086") and len(text) == 15:
        text = text[4:]
    return text


def load_or_create(path: Path) -> PersonalDataKeys:
    """The key file at ``path``; a new one when there is none (the embedded default's first
    start). Several processes starting at once agree: only one creates it."""
    if path.exists():
        return PersonalDataKeys.load(path)
    keys = PersonalDataKeys.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return PersonalDataKeys.load(path)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(keys.to_json())
        f.flush()
        os.fsync(f.fileno())
    return keys


def keys_of(dialect: Any) -> PersonalDataKeys:
    keys = getattr(dialect, DIALECT_ATTRIBUTE, None)
    if keys is None:
        raise KeyFileError("no personal-data keys are bound to this database engine "
                           "(build it with call_center.db.Database)")
    return keys


def bind(engine: Any, keys: PersonalDataKeys) -> None:
    """Seal and open this engine's :class:`Sealed` columns with ``keys``."""
    setattr(engine.dialect, DIALECT_ATTRIBUTE, keys)


class Sealed(TypeDecorator[str]):
    """Personal data stored sealed (numbers, addresses, health notes); Python sees the plain
    value. Sealing is randomised, so a sealed column can never be compared in SQL: a number is
    searched by its ``*_hash`` column, the rest is not searched in SQL at all."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return keys_of(dialect).seal(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return keys_of(dialect).open(value)


class SealedJSON(TypeDecorator[Any]):
    """A JSON value stored sealed (a service request's form and result: addresses, phones,
    the medicine a refill is for); Python sees the value. Never queried inside in SQL."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        return keys_of(dialect).seal(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        if value is None:
            return None
        return json.loads(keys_of(dialect).open(value))


SEALED_PREFIX = "gAAAAA"  # every Fernet token starts so; plain data here never does


def seal_rows(bind: Any, table: str, key: str, columns: tuple[str, ...],
              hashes: dict[str, str] | None = None) -> int:
    """Seal ``columns`` of every row of ``table`` in place, with the keys bound to the engine
    (a migration that makes columns :class:`Sealed`), and fill ``hashes`` (hash column →
    source column). A value sealed already is left as it is: a migration run again after an
    interruption does no harm, and NULL stays NULL. Returns how many rows."""
    from sqlalchemy import text

    # As text whatever the column was (a JSON column moved to text reads back as its JSON).
    read = ", ".join(f"CAST({c} AS TEXT)" for c in columns)
    rows = bind.execute(text(f"SELECT {key}, {read} FROM {table}")).all()
    if not rows:
        return 0
    keys = keys_of(bind.dialect)
    for row in rows:
        plain = {c: (keys.open(v) if (v or "").startswith(SEALED_PREFIX) else v)
                 for c, v in zip(columns, row[1:])}
        params = {c: None if v is None else keys.seal(v) for c, v in plain.items()}
        params.update({h: keys.lookup_hash(plain[c] or "") for h, c in (hashes or {}).items()})
        sets = ", ".join(f"{c} = :{c}" for c in params)
        bind.execute(text(f"UPDATE {table} SET {sets} WHERE {key} = :pk"), {**params, "pk": row[0]})
    return len(rows)


def number_hash(db: Any, number: str) -> str:
    """The keyed hash to find ``number`` by in ``db`` (a session of the centre's database)."""
    return keys_of(db.get_bind().dialect).lookup_hash(number)
