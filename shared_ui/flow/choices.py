"""Where a form field's choices come from, and which one is the sensible default.

A source declares the API reads it needs (:func:`reads_for`); once they are answered,
:func:`build_options` turns the data into :class:`Option` values the engine shows. Profile
defaults (home address, favourite hospital) make the common path a couple of presses.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable
from zoneinfo import ZoneInfo

from personal_data.masking import mask_phone

from ..confirmation import format_date, format_date_time, format_day_time, format_span_ends, format_time, format_value, parse_time
from ..i18n import N_, for_reader, translate
from ..punctuation import marks
from ..spec.models import FormField
from . import acting

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_SLOTS_SHOWN = 6


@dataclass
class Option:
    value: Any
    label: str
    detail: str | None = None
    speak: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    opens: str | None = None  # the service this answer hands over to (it leaves the form)


def profile_value(elder: dict[str, Any], path: str) -> Any:
    node: Any = elder
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def resolve_param(ref: str, values: dict[str, Any], meta: dict[str, dict[str, Any]],
                  elder: dict[str, Any]) -> Any:
    """``field:<id>`` an earlier answer, ``meta:<field>.<key>`` what came with it,
    ``profile:<path>`` the elder's profile, ``value:<text>`` the text itself."""
    kind, _, target = ref.partition(":")
    if kind == "value":
        return target
    if kind == "field":
        return values.get(target)
    if kind == "meta":
        field_id, _, key = target.partition(".")
        return (meta.get(field_id) or {}).get(key)
    return profile_value(elder, target)


def params_of(fld: FormField, values: dict[str, Any], meta: dict[str, dict[str, Any]],
              elder: dict[str, Any]) -> dict[str, Any]:
    if not fld.source:
        return {}
    return {k: resolve_param(v, values, meta, elder) for k, v in fld.source.params.items()}


def _now() -> datetime:
    return datetime.now(SHANGHAI)


Reads = list[tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Source:
    """A place choices come from: the API reads it needs, and how their answers become options."""

    reads: Callable[[dict[str, Any], dict[str, Any]], Reads]  # (params, elder) -> [(op, args)]
    build: Callable[[dict[str, Any], dict[str, Any], dict[str, Any], str], list[Option]]
    # build(params, loaded {op: data}, elder, locale)


def _hospitals(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    return [Option(h["id"], h["name"], h.get("address")) for h in loaded.get("hospitals", [])]


def _departments(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    return [Option(d["id"], d["name"]) for d in loaded.get("departments", [])]


def _slot_reads(params: dict, elder: dict) -> Reads:
    """The department's slots, and the elder's bookings (a slot already held is not offered)."""
    where = {k: params[k] for k in ("hospital_id", "department_id") if k in params}
    return [("slots", where),
            ("requests", {"elder_id": elder.get("id"), "service": "registration", "status": "confirmed"})]


def _local_day(value: str) -> Any:
    moment = parse_time(value)
    return moment.astimezone(SHANGHAI).date() if moment else None


def _slots(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    """Slots with numbers left that the elder can still make — at least ``lead_minutes``
    ahead (to get there: 09:30 is no choice at 08:55) — on a day she holds no number in the
    department yet, earliest first."""
    now = _now()
    lead = timedelta(minutes=int(params.get("lead_minutes") or 0))
    held = {(r.get("form") or {}).get("slot_id") for r in loaded.get("requests", [])}
    # One number a department a day (the hospitals' rule, which the centre enforces): a day
    # already booked in this department offers none of its other slots.
    held_days = {((r.get("form") or {}).get("department_id"), _local_day(r["result"]["start"]))
                 for r in loaded.get("requests", [])
                 if (r.get("result") or {}).get("start") and (r.get("form") or {}).get("department_id")}
    open_slots = [s for s in loaded.get("slots", []) if s.get("remaining", 0) > 0 and s["id"] not in held and
                  (s.get("department_id"), _local_day(s["start"])) not in held_days and
                  (parse_time(s["start"]) or now) >= now + lead]
    open_slots.sort(key=lambda s: s["start"])
    options = []
    for s in open_slots[:MAX_SLOTS_SHOWN]:
        label = format_value(s["start"], "datetime", locale)
        doctor = " ".join(x for x in (s.get("doctor_name"), s.get("doctor_title")) if x)
        left = translate(N_("余{n}个号"), locale).format(n=s["remaining"])
        options.append(Option(s["id"], label, f"{doctor} · {left}" if doctor else left,
                              meta={"start": s["start"], "doctor_name": s.get("doctor_name")}))
    return options


def _places(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    """Where the device stands (a kiosk's station) first — the elder is there now — then home."""
    options = []
    here = params.get(HERE) or {}
    if here.get("address"):
        options.append(Option(here["address"], here.get("label") or translate(N_("这里"), locale), here["address"],
                              meta={"place": "here"}))
    home = elder.get("home_address")
    if home and home != here.get("address"):
        options.append(Option(home, translate(N_("家"), locale), home, meta={"place": "home"}))
    return options


def _home(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    """The elder's home: where the centre sends what it sends (a renewed medicine)."""
    home = elder.get("home_address")
    # The address itself is the answer the review reads back: it is what the courier gets.
    return [Option(home, home, translate(N_("家"), locale), meta={"place": "home"})] if home else []


def _prescriptions(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    """The elder's standing prescriptions (慢病续方), as the centre keeps them in the profile:
    the medicine and its strength, then what it is for and how much one renewal gives — or,
    while the last delivery still lasts, to when and from when it is renewed (the centre takes
    a renewal only in the supply's last week), so she knows before she picks it."""
    today = _now().date().isoformat()
    return [Option(p["id"], f"{p['medicine']} {p['strength']}", _supply(p, today, locale),
                   meta={"hospital_name": p.get("hospital_name"), "dosage": p.get("dosage")})
            for p in elder.get("prescriptions") or [] if p.get("id")]


def _supply(p: dict, today: str, locale: str) -> str:
    until, renewable = p.get("supplied_until"), p.get("renewable_from")
    if renewable and renewable > today:
        return translate(N_("还够吃到{until}，{renewable}起可以续"), locale).format(
            until=format_date(datetime.fromisoformat(until), locale),
            renewable=format_date(datetime.fromisoformat(renewable), locale))
    return f"{p.get('condition', '')} · {p.get('quantity', '')}"


def _policies(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    """The policy catalog as it stands for her (the centre puts hers first): its title, where
    she stands (可以办理 / 需要：年满65岁), and, spoken, its one-sentence summary. A policy the
    centre says opens a service (the three matters 养老服务一件事 joins) hands over to it."""
    return [Option(p["id"], p["title"], p.get("standing"), speak=p.get("speech"), opens=p.get("opens"))
            for p in loaded.get("policies", []) if p.get("id")]


def _nearby(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    """The places of the kind asked for nearest her home, as the centre orders them: the name,
    how far (its street where her home is not located: a short second line that stays whole at
    every text size), and, spoken, where it is, when it is open and what it offers."""
    whom = (elder.get("name") or elder.get("name_masked")) if acting.acts_for_another(elder) else None
    return [Option(p["id"], p["name"], p.get("distance_words") or p.get("address") or None,
                   speak=_place_said(p, whom, locale) if p.get("name") and p.get("address") else p.get("speech"))
            for p in loaded.get("nearby", []) if p.get("id")]


def _place_said(p: dict, whom: str | None, locale: str) -> str:
    """A place near her home as its reader hears it: how far from her home (离您家约200米 to
    her; 离王秀英家约200米 to her daughter, whose home it is not), where, when it is open, and
    what it offers (the centre's own sentence of it)."""
    far = p.get("distance_words")
    away = (translate(N_("离{elder}家{far}"), locale).format(elder=whom, far=far) if whom else
            translate(N_("离您家{far}"), locale).format(far=far)) if far else ""
    where = translate(N_("在{address}"), locale).format(address=p["address"])
    hours = translate(N_("开放时间{hours}"), locale).format(hours=p["hours"]) if p.get("hours") else ""
    m = marks(locale)
    return m.sentences(p["name"], m.clauses(*(x for x in (away, where, hours) if x)), p.get("summary") or "")


def _destination_reads(params: dict, elder: dict) -> Reads:
    return [("requests", {"elder_id": elder.get("id"), "service": "registration", "status": "confirmed"}),
            ("hospitals", {})]


def _destinations(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    """Booked hospital visits first (soonest), then the favourite hospital, then home (unless
    the ride starts there: ``params["pickup"]``); with ``params["hospitals"] == "all"`` the rest
    of the catalogue's hospitals after them."""
    now = _now()
    hospitals = {h["id"]: h for h in loaded.get("hospitals", [])}
    options: list[Option] = []
    seen: set[str] = set()
    visits = [r for r in loaded.get("requests", []) if (r.get("result") or {}).get("start")]
    visits = [r for r in visits if (parse_time(r["result"]["start"]) or now) > now]
    visits.sort(key=lambda r: r["result"]["start"])
    for r in visits:
        res = r["result"]
        address = res.get("hospital_address") or hospitals.get(res.get("hospital_id"), {}).get("address")
        if not address or address in seen:
            continue
        seen.add(address)
        when = format_value(res["start"], "datetime", locale)
        label = res.get("hospital_name") or address
        options.append(Option(address, label, translate(N_("{when}就诊"), locale).format(when=when),
                              meta={"visit_start": res["start"], "hospital_id": res.get("hospital_id")}))
    fav = hospitals.get(profile_value(elder, "favourites.hospital_id") or "")
    if fav and fav.get("address") and fav["address"] not in seen:
        seen.add(fav["address"])
        options.append(Option(fav["address"], fav["name"], fav["address"]))
    home = elder.get("home_address")
    if home and home not in seen and params.get("pickup") != home:
        seen.add(home)
        options.append(Option(home, translate(N_("家"), locale), home))
    if params.get("hospitals") == "all":  # then every hospital of the catalogue (a car may go anywhere)
        options += [Option(h["address"], h["name"], h["address"]) for h in hospitals.values()
                    if h.get("address") and h["address"] not in seen]
    return options


# Booked ahead (seed 000 §三(一)2(1): the centre books with a pickup time): the next two of a
# morning and an afternoon, today or tomorrow, after the "later" choices — a car for tomorrow's
# outing was not to be had but by 找人工.
TAXI_AHEAD_HOURS = ((9, 0), (14, 0))
TAXI_AHEAD_COUNT = 2


def _taxi_times(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    """Before a booked visit (``params["visit_start"]``): leave an hour ahead (default).
    Otherwise: now, or a bit later, or this afternoon or tomorrow."""
    now = _now()
    options: list[Option] = []
    visit = params.get("visit_start")
    start = parse_time(visit) if visit else None
    # The latest a car may come for the visit (the centre's fulfilment/visits.py before_visit).
    latest = start - timedelta(minutes=int(params.get("before") or 60)) if start else None

    def too_late(at: datetime) -> bool:  # for the visit this ride goes to
        return bool(latest and latest < at <= start)

    if latest and latest > now + timedelta(minutes=10):
        options.append(Option(latest.isoformat(), translate(N_("就诊前一小时"), locale),
                              format_date_time(latest, locale)))
    options.append(Option("now", translate(N_("现在"), locale)))
    soon = [(now + timedelta(minutes=minutes)).replace(second=0, microsecond=0) for minutes in (30, 60)]
    for minutes, at in zip((30, 60), soon):
        if not too_late(at):
            options.append(Option(at.isoformat(), translate(N_("{n}分钟后"), locale).format(n=minutes),
                                  format_time(at, locale)))
    ahead = [at for day in (0, 1) for hour, minute in TAXI_AHEAD_HOURS
             if (at := (now + timedelta(days=day)).replace(hour=hour, minute=minute, second=0, microsecond=0)) > soon[-1]
             and not too_late(at) and at != latest]
    options += [Option(at.isoformat(), format_day_time(at, locale, now.date()), format_date(at, locale))
                for at in ahead[:TAXI_AHEAD_COUNT]]
    return options


def _visit_hospitals(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    """Hospitals to be taken to: those with a booked visit first (soonest, with its time), then
    the favourite, then the rest of the catalog."""
    now = _now()
    hospitals = loaded.get("hospitals", [])
    by_id = {h["id"]: h for h in hospitals}
    visits = [r["result"] for r in loaded.get("requests", []) if (r.get("result") or {}).get("start")
              and (parse_time(r["result"]["start"]) or now) > now and r["result"].get("hospital_id") in by_id]
    visits.sort(key=lambda res: res["start"])
    options: list[Option] = []
    for res in visits:
        if any(o.value == res["hospital_id"] for o in options):
            continue
        when = format_value(res["start"], "datetime", locale)
        options.append(Option(res["hospital_id"], by_id[res["hospital_id"]]["name"],
                              translate(N_("{when}就诊"), locale).format(when=when),
                              meta={"visit_start": res["start"]}))
    favourite = profile_value(elder, "favourites.hospital_id")
    rest = sorted((h for h in hospitals if h["id"] not in {o.value for o in options}),
                  key=lambda h: h["id"] != favourite)
    options += [Option(h["id"], h["name"], h.get("address")) for h in rest]
    return options


VISIT_HOURS = "8:30,13:30"  # a morning and an afternoon outpatient session
VISIT_DAYS = (1, 2)  # tomorrow and the day after: a companion or a car is booked a day ahead


def _visit_times(params: dict, loaded: dict, elder: dict, locale: str) -> list[Option]:
    """The booked visit's own time first (``params["visit_start"]``), when there is still time
    to arrange someone; then the next days at ``params["hours"]`` ("10:00,14:00"; by default a
    morning and an afternoon outpatient session). ``params["window"]`` (minutes): each time is
    the start of a window the car comes within, said on the option's second line (8:00到10:00之间);
    toward a booked visit the first window is the one ending ``params["before"]`` minutes before it
    (``params["carry"]`` more when ``params["stairs"]`` is carry), and no window on the way to it
    ends later than that."""
    now = _now()
    hours = [tuple(int(n) for n in hm.split(":")) for hm in (params.get("hours") or VISIT_HOURS).split(",")]
    window = timedelta(minutes=int(params.get("window") or 0))
    options: list[Option] = []
    start = parse_time(params.get("visit_start") or "")
    latest = None
    if start and window:
        # A car toward a booked visit: its window ends when the car must have come at the
        # latest — the visit less the trip, the half hour early and (carried down) the stairs.
        before = int(params.get("before") or 0) + (int(params.get("carry") or 0)
                                                    if params.get("stairs") == "carry" else 0)
        latest = start - timedelta(minutes=before)
        if latest - window > now + VISIT_LEAD:
            options.append(_window_option(latest - window, window, locale, N_("{start}到{end}之间，赶上看病")))
    elif start and start > now + VISIT_LEAD:
        options.append(Option(params["visit_start"], format_value(start, "datetime", locale),
                              translate(N_("已挂号的时间"), locale)))
    for days in VISIT_DAYS:
        for hour, minute in hours:
            at = (now + timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0)
            if latest is not None and at < start and at + window > latest:
                continue  # a window on the way to the visit that ends too late for it
            if start is None or at != start:
                ends = format_span_ends(at, at + window, locale)
                detail = translate(N_("{start}到{end}之间"), locale).format(start=ends[0], end=ends[1]) \
                    if window else None
                # A window is part of the answer: the review reads it back too (kinds/form.choose).
                options.append(Option(at.isoformat(), format_value(at, "datetime", locale), detail,
                                      meta={"window": True} if window else {}))
    return options


def _window_option(at: datetime, window: timedelta, locale: str, words: str) -> Option:
    ends = format_span_ends(at, at + window, locale)
    # A window is part of the answer: the review reads it back too (kinds/form.choose).
    return Option(at.isoformat(), format_value(at, "datetime", locale),
                  translate(words, locale).format(start=ends[0], end=ends[1]), meta={"window": True})


VISIT_LEAD = timedelta(hours=2)  # the centre's own limit (call_center/fulfilment/escorts.py)


def _no_reads(params: dict, elder: dict) -> Reads:
    return []


SOURCES: dict[str, Source] = {
    "catalog.hospitals": Source(lambda p, e: [("hospitals", {})], _hospitals),
    "catalog.departments": Source(lambda p, e: [("departments", p)], _departments),
    "catalog.slots": Source(_slot_reads, _slots),
    "profile.places": Source(_no_reads, _places),
    "profile.destinations": Source(_destination_reads, _destinations),
    "taxi.times": Source(_no_reads, _taxi_times),
    "visit.hospitals": Source(_destination_reads, _visit_hospitals),
    "visit.times": Source(_no_reads, _visit_times),
    "profile.prescriptions": Source(_no_reads, _prescriptions),
    "profile.home": Source(_no_reads, _home),
    "catalog.policies": Source(lambda p, e: [("policies", {"elder_id": e.get("id")})], _policies),
    "catalog.nearby": Source(lambda p, e: [("nearby", {"elder_id": e.get("id"), "kind": p.get("kind")})], _nearby),
}


def reads_for(fld: FormField, values: dict[str, Any], meta: dict[str, dict[str, Any]],
              elder: dict[str, Any]) -> Reads:
    """The API reads (op, args) a field's choices need; empty when they are computed locally."""
    if not fld.source:
        return []
    return SOURCES[fld.source.endpoint].reads(params_of(fld, values, meta, elder), elder)


HERE = "_here"  # the device's own place, given to the sources beside the field's params


def build_options(fld: FormField, elder: dict, values: dict, meta: dict[str, dict[str, Any]],
                  loaded: dict[str, Any], locale: str, here: dict[str, Any] | None = None) -> list[Option]:
    """Choices for ``fld`` from static options, loaded API data or the profile; ``here``: where
    the device stands ({label, address}: a kiosk's station), when it stands somewhere."""
    if fld.options:
        # Her answers, to one acting for her, name her (到家里接王秀英, not 到家里接我).
        whom = (elder.get("name") or elder.get("name_masked") or translate(N_("老人"), locale)) \
            if acting.acts_for_another(elder) else None
        return [Option(o.value, for_reader(o.label, locale, whom, "label"),
                       speak=for_reader(o.speak, locale, whom) if o.speak else None,
                       opens=o.opens) for o in fld.options]
    if fld.source:
        params = {**params_of(fld, values, meta, elder), HERE: here}
        return SOURCES[fld.source.endpoint].build(params, loaded, elder, locale)
    if fld.type == "count":
        lo, hi = fld.min or 1, fld.max or 4
        return [Option(n, translate(N_("{n}人"), locale).format(n=n)) for n in range(lo, hi + 1)]
    if fld.type == "phone":
        # Hers on file; and, when a daughter fills it in for her, the daughter's own (she may
        # be the one the installer should ring): one press instead of typing eleven digits.
        mine = elder.get(acting.PHONE)
        return [*([Option("profile", translate(N_("本人电话"), locale), elder["phone_masked"])]
                  if elder.get("phone_masked") else []),
                *([Option(mine, translate(N_("我的电话"), locale), mask_phone(mine))] if mine else [])]
    if fld.type == "date":
        today = _now().date()
        return [Option((today + timedelta(days=d)).isoformat(),
                       format_date(datetime.combine(today + timedelta(days=d), datetime.min.time()), locale))
                for d in range(7)]
    return []


def default_option(fld: FormField, options: list[Option], elder: dict) -> Option | None:
    """The option a field starts on: the profile's answer, the first choice, or a literal."""
    if not fld.default or not options:
        return None
    if fld.default == "first":
        return options[0]
    if fld.default.startswith("profile:"):
        wanted = profile_value(elder, fld.default[len("profile:"):])
    else:
        wanted = fld.default
    return next((o for o in options if str(o.value) == as_option_value(wanted)), None)


def as_option_value(value: Any) -> str:
    """A profile value as a spec option's value: a yes-or-no fact (本市户籍, 独居) is written
    ``"true"`` / ``"false"`` in the YAML, as in JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
