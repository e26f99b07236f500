"""The screen models as a JSON Schema (docs/screen.schema.json) that renderers in any language
can check against: committed, current, and met by every screen the corpus and the flows make."""
import json
from pathlib import Path

import jsonschema
import pytest

from shared_ui.conformance import SCREENS_DIR, load_screens
from shared_ui.flow import Screen, screen_schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "screen.schema.json"
# The tightest paging any channel asks for (the TV at its larger text sizes): every corpus
# screen must be one that channel could be sent.
TIGHTEST = {"field": 4, "list": 2}


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schema_is_the_one_the_models_make():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == screen_schema(), "run `onekey spec screen-schema` and commit docs/screen.schema.json"


def test_the_corpus_covers_every_screen_kind_the_engine_makes():
    kinds = {s.kind for s in load_screens().values()} | {s.popup.kind for s in load_screens().values() if s.popup}
    assert kinds >= {"menu", "field", "review", "busy", "result", "error", "list", "detail", "confirm", "alarm",
                     "notice", "popup"}


@pytest.mark.parametrize("name", sorted(load_screens()))
def test_every_corpus_screen_validates_and_round_trips(validator, name):
    data = json.loads((SCREENS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    data = {k: v for k, v in data.items() if not k.startswith("x-")}
    validator.validate(data)
    screen = Screen.from_dict(data)
    assert Screen.from_dict(screen.to_dict()) == screen
    kind = screen.kind if screen.kind in TIGHTEST else None
    if kind and not screen.input:
        assert len([i for i in screen.items if i.kind != "page"]) <= TIGHTEST[kind]


def test_a_screen_with_an_unknown_key_or_a_wrong_type_is_refused(validator):
    good = load_screens()["menu.home"].to_dict()
    for bad in ({**good, "colour_of_sky": "blue"}, {**good, "items": "none"}, {**good, "kind": "hologram"},
                {**good, "items": [{"id": "x"}]}):
        assert list(validator.iter_errors(bad))
        with pytest.raises(ValueError):
            Screen.from_dict(bad)
