"""The security suites' longer runs (issue 12 §8), beside the floor of the same run.

- schemathesis: every operation of /openapi.json with many more generated examples than
  ``./onekey test`` uses (valid and invalid input, as an agent and as a TV box), with the same
  checks: no 5xx, answers match their schema and content type, every status documented,
  invalid data refused. The floor is ``GET /v1/health`` run the same way.
- a flood: N token-less ``POST /v1/alarms`` from one address — how long it takes, how many the
  limiter refused, how many refusal rows it left (once: one per request) — beside N
  ``GET /v1/health``.

In-process (WSGI) on a seeded SQLite centre; ``--postgres`` runs schemathesis on a throw-away
PostgreSQL too. Bounded by --examples and --max-seconds; prints a table, writes
bench/results/security.json.

    .venv/bin/python bench/bench_security.py [--examples 200] [--flood 300] [--postgres]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helpers beside it, run as a script or with -m
from report import machine, print_table, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    database: str
    operation: str
    examples: int
    failures: int
    statuses: str
    seconds: float


def centre(database: str, tmp: Path) -> Any:
    from call_center.app import create_app
    from call_center.demo_data import seed

    url = f"sqlite:///{tmp / 'bench.db'}" if database == "sqlite" else database
    app = create_app({"db_url": url, "personal_data_keys": str(tmp / "keys"), "sim_latency_ms": 0,
                      "pairing_limit_per_household": 10**6, "pairing_limit_per_address": 10**6,
                      "rate_limits": "alarms.raise_alarm=1000000 per minute;"
                                     "elders.lookup.token=1000000 per minute;"
                                     "elders.lookup.id_number=1000000 per minute;"
                                     "pairings.start=1000000 per minute;pairings.poll=1000000 per minute;"
                                     "pairings.confirm=1000000 per minute"})
    app.demo = seed(app.extensions["onekey"].db)
    return app


def fuzz(app: Any, label: str, examples: int, deadline: float) -> list[Row]:
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                                   response_schema_conformance, status_code_conformance)

    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance, negative_data_rejection]
    spec = app.test_client().get("/openapi.json").get_json()
    ops = sorted((m.upper(), p, bool(o.get("parameters") or o.get("requestBody")))
                 for p, item in spec["paths"].items() for m, o in item.items()
                 if m in {"get", "post", "patch"})
    ops.sort(key=lambda op: op[1] != "/v1/health")  # the floor first
    rows = []
    for method, path, takes in ops:
        if time.monotonic() > deadline:
            break
        statuses: set[int] = set()
        failures = 0
        started = time.perf_counter()
        for caller in ("agent", "tv_wang"):
            config = schemathesis.Config.from_dict(
                {"auth": {"openapi": {"BearerAuth": {"bearer": app.demo.tokens[caller]}}}})
            schema = schemathesis.openapi.from_wsgi("/openapi.json", app, config=config)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if takes else (GenerationMode.POSITIVE,):
                @settings(max_examples=examples, deadline=None, database=None,
                          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
                @given(case=schema[path][method].as_strategy(generation_mode=mode))
                def run(case: Any) -> None:
                    response = case.call_and_validate(checks=checks)
                    statuses.add(response.status_code)

                try:
                    run()
                except (Exception, BaseExceptionGroup) as exc:  # reported in the table; the run goes on
                    failures += 1
                    print(f"  {label} {method} {path}: {type(exc).__name__}: {str(exc)[:300]}")
        rows.append(Row(label, f"{method} {path}", examples, failures,
                        ",".join(map(str, sorted(statuses))), round(time.perf_counter() - started, 2)))
    return rows


def flood(app: Any, n: int) -> list[Row]:
    from sqlalchemy import func, select

    from call_center.models.alarms import AlarmRefusal

    client = app.test_client()
    started = time.perf_counter()
    for _ in range(n):
        client.get("/v1/health")
    floor = Row("sqlite", f"floor: {n} x GET /v1/health", n, 0, "200", round(time.perf_counter() - started, 3))
    fresh = centre_default_limits(app)
    client = fresh.test_client()
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    for _ in range(n):
        code = client.post("/v1/alarms", json={"elder_id": fresh.demo.elders["wang"]},
                           headers={"Idempotency-Key": uuid.uuid4().hex}).status_code
        statuses[code] = statuses.get(code, 0) + 1
    seconds = time.perf_counter() - started
    with fresh.extensions["onekey"].db.session(write=False) as s:
        rows = s.scalar(select(func.count()).select_from(AlarmRefusal))
    seen = ",".join(f"{k}x{v}" for k, v in sorted(statuses.items()))
    return [floor, Row("sqlite", f"flood: {n} token-less POST /v1/alarms ({rows} refusal rows)", n, 0,
                       seen, round(seconds, 3))]


def centre_default_limits(app: Any) -> Any:
    from call_center.app import create_app

    tmp = Path(tempfile.mkdtemp(prefix="bench-security-flood-"))
    fresh = create_app({"db_url": f"sqlite:///{tmp / 'flood.db'}", "personal_data_keys": str(tmp / "keys")})
    from call_center.demo_data import seed

    fresh.demo = seed(fresh.extensions["onekey"].db)
    return fresh


def figures(rows: list[Row]) -> list[dict[str, Any]]:
    """For bench/results/summary.md: the flood beside its floor, and the fuzzing's failures."""
    from summary import fig

    floor = next(r for r in rows if r.operation.startswith("floor:"))
    flood = next(r for r in rows if r.operation.startswith("flood:"))
    out = [fig(flood.operation, flood.seconds, "s", floor.seconds, floor.operation,
               "a flood is refused before it costs a write", "refusal rows" in flood.operation)]
    for database in sorted({r.database for r in rows if not r.operation.startswith(("floor", "flood"))}):
        fuzzed = [r for r in rows if r.database == database and not r.operation.startswith(("floor", "flood"))]
        health = next((r for r in fuzzed if r.operation == "GET /v1/health"), None)
        failures = sum(r.failures for r in fuzzed)
        out.append(fig(f"schemathesis on {database}: {len(fuzzed)} operations, failures", failures, "",
                       None, f"{fuzzed[0].examples} examples per operation, caller and mode", "0",
                       failures == 0))
        out.append(fig(f"schemathesis on {database}: seconds for every operation",
                       sum(r.seconds for r in fuzzed), "s", health.seconds if health else None,
                       "GET /v1/health fuzzed alike"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=60)
    parser.add_argument("--flood", type=int, default=300)
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument("--postgres", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    deadline = time.monotonic() + args.max_seconds
    import logging

    logging.getLogger("call_center").setLevel(logging.ERROR)  # refusals are expected here
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-security-") as tmp:
        app = centre("sqlite", Path(tmp))
        rows += flood(app, args.flood)
        rows += fuzz(app, "sqlite", args.examples, deadline)
        app.extensions["onekey"].db.dispose()
        if args.postgres:
            sys.path.insert(0, str(ROOT / "tests"))
            from postgres_server import start_postgres

            server = start_postgres()
            try:
                pg = centre(server.create_database("bench"), Path(tmp) / "pg")
                rows += fuzz(pg, "postgresql", args.examples, deadline)
                pg.extensions["onekey"].db.dispose()
            finally:
                server.stop()
    print_table([("database", "database", "<11"), ("operation", "operation", "<62"),
                 ("examples", "examples", ">8"), ("failures", "failures", ">8"),
                 ("statuses", "statuses", "<28"), ("seconds", "seconds", ">8")], rows)
    write("security", {"machine": machine(), "examples": args.examples, "rows": [asdict(r) for r in rows],
                       "failures": sum(r.failures for r in rows), "figures": figures(rows)})
    return 1 if any(r.failures for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
