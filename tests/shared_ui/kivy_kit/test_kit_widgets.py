"""The kit's widgets in a real Kivy window, with no channel's code: a bare ChannelApp on the
kiosk's host config draws labels, tiles and fact rows, and the flow host runs the engine with
its intents on workers. Screenshots go to tests/artifacts/kit/."""
from __future__ import annotations

from pathlib import Path

import pytest

from shared_ui.flow import Answer, FactView, FlowEngine, Item
from shared_ui.kivy_kit.speech import RecordingSpeech
from tests.shared_ui.scripted import ELDER, Scripted
from tests.ui_window import window_size

pytestmark = pytest.mark.ui
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "kit"
FONT_CACHE = Path(__file__).resolve().parents[3] / "var" / "fonts"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    window_size()
    from kivy.uix.floatlayout import FloatLayout

    from accessibility.hosts import load_host
    from shared_ui.kivy_kit.channel_app import ChannelApp
    from shared_ui.kivy_kit.look import BaseLook, base_fields
    from shared_ui.kivy_kit.probe import AppProbe
    from shared_ui.kivy_kit.views import ViewRegistry

    class Settings:
        locale, theme, font_scale, font_cache, speech = "zh_CN", "standard", 1.0, FONT_CACHE, False
        outbox = tmp_path_factory.mktemp("kit") / "outbox.sqlite3"
        poll_messages_s = 3600

    class KitApp(ChannelApp):
        """A channel of nothing but the kit: what the kiosk will start from."""

        def build(self):
            self.prepare()
            self.root_widget = FloatLayout()
            return self.root_widget

        def make_look(self, font, theme, natural_line, font_scale):
            host = load_host("kiosk")
            return BaseLook(**base_fields(host, (1080, 1920), font, theme, natural_line, font_scale,
                                          scale=host.panel.kivy_density))  # real dp on the panel

        def redraw(self):
            pass

        @property
        def screen(self):
            return None

    app = KitApp(Settings(), ViewRegistry(fallback="notice"), speech=RecordingSpeech())
    probe = AppProbe(app)
    probe.start(until=lambda: app.root is not None)
    app.registry.load_kv(object)  # the kit's own rules (labels, tiles, fact rows)
    yield probe
    probe.stop()


def place(kit, widget, size=(900, 600)):
    root = kit.app.root_widget
    root.clear_widgets()
    widget.size_hint = (None, None)
    widget.size = size
    widget.pos = (60, 60)
    root.add_widget(widget)
    kit.frames(4)
    return widget


def test_a_paragraph_never_starts_a_line_with_closing_punctuation_or_splits_a_time(kit):
    from shared_ui.kivy_kit.labels import Paragraph

    words = "您的挂号已成功，11月25日（周三）下午2:00，上海市第六人民医院心内科，排队号15号。"
    label = place(kit, Paragraph(words=words, size_role="body"), (520, 400))
    lines = label.text.split("\n")
    assert "".join(lines) == words and len(lines) > 1
    assert not any(line[:1] in "，。）、" for line in lines[1:])
    assert any("下午2:00" in line for line in lines)


def test_fitted_text_shrinks_to_its_box_but_never_below_the_body_size(kit):
    from shared_ui.kivy_kit.labels import FittedText
    from shared_ui.kivy_kit.layout_check import layout_problems

    look = kit.app.look
    short = place(kit, FittedText(words="已通知客服。", size_role="headline"), (900, 300))
    assert short.fitted == look.headline
    sentence = "救援中心已收到您的求助，14:02、14:04两次给您回电话都没有接通，现在正在联系您的女儿李娟，下一步将联系110民警上门。"
    long = place(kit, FittedText(words=sentence, size_role="headline"), (420, 260))
    assert look.min_text <= long.fitted < look.headline
    assert layout_problems(kit.app.root_widget) == []
    tiny = place(kit, FittedText(words=sentence * 3, size_role="headline"), (400, 120))
    assert tiny.fitted == look.min_text  # the floor holds …
    from shared_ui.kivy_kit.layout_check import content_height

    assert content_height(tiny)[0] > tiny.height
    assert any("cut off" in p for p in layout_problems(kit.app.root_widget))  # … and the check says so
    kit.screenshot(ARTIFACTS / "fitted-text.png")


def test_fitted_text_wraps_english_at_her_size_before_it_shrinks_and_never_cuts_a_word(kit):
    """At ×1.5 "Emergency help" was "Emergency…" on the red tile: a growing label wraps at
    spaces at her size first, takes the host's minimum only when two lines cannot hold it, and
    never breaks inside a word ("Prescript⏎ion")."""
    from shared_ui.kivy_kit.labels import FittedText
    from shared_ui.kivy_kit.layout_check import layout_problems

    kit.app.apply_preferences({"font_scale": 1.5})
    try:
        look = kit.app.look
        assert look.body > look.min_text
        from shared_ui.kivy_kit.text_fit import em_width

        width = em_width("Emergency help") * look.body * 0.85  # one line at her body size: no
        tile = place(kit, FittedText(words="Emergency help", size_role="title", bold=True, grows=True), (width, 10))
        kit.frames(3)
        assert tile.fitted >= look.body and tile.text == "Emergency\nhelp"  # her size, wrapped
        assert tile.height == tile.needed > look.line_px(look.body)  # it grew; its tile grows with it
        one_line = place(kit, FittedText(words="Emergency help", size_role="title", grows=True,
                                         max_height=look.line_px(look.title)), (width, 10))
        kit.frames(3)
        assert "\n" not in one_line.text and look.min_text <= one_line.fitted < look.body  # kept to its row
        word_width = em_width("Prescription") * look.headline * 1.2
        word = place(kit, FittedText(words="Prescription renewal", size_role="headline", grows=True), (word_width, 10))
        kit.frames(3)
        assert word.text.split("\n") == ["Prescription", "renewal"]
        kit.screenshot(ARTIFACTS / "fitted-text-english.png")
        assert layout_problems(kit.app.root_widget) == []
    finally:
        kit.app.apply_preferences({"font_scale": 1.0})


def test_fitted_text_shows_its_short_form_only_where_the_words_cannot_be_whole(kit):
    from shared_ui.kivy_kit.labels import FittedText
    from shared_ui.kivy_kit.text_fit import em_width
    from shared_ui.kivy_kit.layout_check import layout_problems

    look = kit.app.look
    room = place(kit, FittedText(words="In an emergency press the red key", short_words="Red key: help",
                                 size_role="body"), (1400, 200))
    assert room.text == "In an emergency press the red key"
    hint = place(kit, FittedText(words="In an emergency press the red key", short_words="Red key: help",
                                 size_role="body"), (em_width("Red key: help") * look.min_text * 1.2,
                                                     2 * look.line_px(look.min_text) + 2))
    assert hint.text.replace("\n", " ") == "Red key: help" and hint.fitted >= look.min_text
    assert layout_problems(kit.app.root_widget) == []


def test_fitted_text_judges_a_word_by_its_drawn_width_not_the_estimate(kit):
    """The per-character estimate is a quarter too wide for "Installation" (and ~40% narrow for
    "W"): by it, a word that fits at her size was taken down a size or more, and one that does
    not was let through. Words are measured as drawn, in the label's face."""
    from shared_ui.kivy_kit.labels import FittedText
    from shared_ui.kivy_kit.layout_check import cut_word, layout_problems
    from shared_ui.kivy_kit.text_fit import drawn_width, em_width

    look = kit.app.look
    size = look.min_text * 2
    width = drawn_width("Installation", size, look.font, True) * 1.05
    assert em_width("Installation") * size > width  # the estimate: too wide
    label = place(kit, FittedText(words="Installation", largest=size, bold=True, grows=True), (width, 10))
    kit.frames(3)
    assert label.fitted == size and cut_word(label) == ""  # her size: it fits as drawn
    assert layout_problems(kit.app.root_widget) == []


def test_the_fact_label_column_holds_the_labels_shown_in_her_language_and_size(kit):
    """A label column sized for four Chinese characters cut "Appoint⏎ment time" in English at
    ×1.5: it is sized from the labels shown, each word whole; Chinese keeps its column."""
    from shared_ui.kivy_kit.facts import FactRow, fact_column
    from shared_ui.kivy_kit.layout_check import cut_word, layout_problems

    kit.app.apply_preferences({"font_scale": 1.5})
    try:
        look = kit.app.look
        english = [FactView("Appointment time", "3 Dec (Thu) 9:30", True), FactView("Department", "Endocrinology"),
                   FactView("Installation visit", "5 Dec"), FactView("Care-needs assessment", "Grade 2"),
                   FactView("Passengers", "1")]
        column = place(kit, fact_column(english, locale="en"), (1000, 1400))
        kit.frames(3)
        rows = [r for r in column.rows if isinstance(r, FactRow)]
        assert all(cut_word(r.ids.fact_label) == "" for r in rows), [r.ids.fact_label.text for r in rows]
        assert column.label_width > look.fact_label_width and {r.label_width for r in rows} == {column.label_width}
        assert column.label_width <= 1000 * 0.4 + 1 and column.label_size == look.fact_label  # words whole at her size
        kit.screenshot(ARTIFACTS / "fact-labels-english-150.png")
        assert layout_problems(kit.app.root_widget) == []
        # Short values leave room: each label on one line, no value losing a line or a size for it
        short = [FactView("Appointment time", "9:30", True), FactView("Department", "Eyes"), FactView("Passengers", "1")]
        column = place(kit, fact_column(short, locale="en"), (1000, 1400))
        kit.frames(3)
        rows = [r for r in column.rows if isinstance(r, FactRow)]
        assert [len(r.ids.fact_label._label._cached_lines) for r in rows] == [1, 1, 1], ([r.ids.fact_label.text for r in rows], column.label_width, column.width, look.fact_label_width)
        assert all(len(r.ids.fact_value._label._cached_lines) == 1 and r.ids.fact_value.font_size >= look.fact_value for r in rows)
        kit.screenshot(ARTIFACTS / "fact-labels-english-150-short-values.png")
        assert layout_problems(kit.app.root_widget) == []
        chinese = place(kit, fact_column([FactView("就诊时间", "12月3日（周四）上午9:30", True), FactView("科室", "内分泌科")]),
                        (1000, 1400))
        kit.frames(3)
        assert chinese.label_width == look.fact_label_width  # four characters: the column as it was
    finally:
        kit.app.apply_preferences({"font_scale": 1.0})


def test_a_long_label_takes_more_than_its_share_only_where_no_value_loses_a_line_for_it(kit):
    """Beyond the label share (40% of the row), a label gets one line where every value keeps
    its lines and its size; a value that would wrap for it keeps the room."""
    from shared_ui.kivy_kit.facts import LABEL_SHARE, fact_value_size, label_column
    from shared_ui.kivy_kit.text_fit import drawn_width

    kit.app.apply_preferences({"font_scale": 1.5})
    try:
        look, width, label = kit.app.look, 800, "Care-needs assessment"
        one_line = drawn_width(label, look.fact_label, look.font)
        assert one_line > width * LABEL_SHARE  # the case: longer than its share
        assert label_column([label], width, look) == (width * LABEL_SHARE, look.fact_label)
        wide, _ = label_column([label], width, look, [("Grade 2", False)])
        assert wide >= one_line
        gap = look.px(24)
        value = "8"  # one line beside the share's column, two beside the label's own line
        while drawn_width(value + "8", look.fact_value, look.font) <= width - width * LABEL_SHARE - gap - 2:
            value += "8"
        value = " ".join([value[:len(value) // 2], value[len(value) // 2:]])
        assert fact_value_size(value, width - wide - gap, False, 1.0, look) < look.fact_value or \
            drawn_width(value, look.fact_value, look.font) > width - wide - gap
        assert label_column([label], width, look, [("Grade 2", False), (value, False)])[0] == width * LABEL_SHARE
    finally:
        kit.app.apply_preferences({"font_scale": 1.0})


def test_answers_side_by_side_take_more_rows_rather_than_cut_a_word(kit):
    """Four English answers in one row of the TV's pop-up cut "Satisf⏎ied" at every size: a row
    gives each answer the room for the longest word of any at the body size, else more rows."""
    from shared_ui.kivy_kit.text_fit import widest_word
    from shared_ui.kivy_kit.tiles import row_shape

    look = kit.app.look
    english = ["Satisfied", "Average", "Not satisfied", "Say again"]
    need = widest_word(" ".join(english), look.min_text, look.font, bold=True)
    total = need * 3  # four in a row: each three quarters of the word; two a row: room
    assert row_shape(english, lambda rows, cols: total / cols, look.min_text, look.font, 4) == (2, 2)
    assert row_shape(["满意", "一般", "不满意", "重听"], lambda rows, cols: total / cols, look.min_text, look.font,
                     4) == (1, 4)
    assert row_shape(english, lambda rows, cols: need * 0.5, look.min_text, look.font, 4) == (4, 1)  # one a row
    six = ["Came late", "Rude", "Wrong fare", "Other", "Call me back", "Say again"]
    assert row_shape(six, lambda rows, cols: 10 * need / cols, look.min_text, look.font, 4) == (2, 3)


def test_a_row_of_keys_shares_one_size_each_as_wide_as_its_words(kit):
    """The kiosk's fixed row in English: five equal keys cut "Talk to a person" while "Home"
    had room to spare."""
    from shared_ui.kivy_kit.tiles import ItemTile, share_row

    keys = [ItemTile(label=w) for w in ("Home", "Back", "Say again", "Talk to a person", "Emergency help")]
    size = share_row(keys, 2000, 40, 80, 40, 120)
    assert 40 < size <= 80 and {k.row_size for k in keys} == {size}
    assert keys[3].size_hint_x > keys[2].size_hint_x > keys[0].size_hint_x
    assert sum(k.size_hint_x for k in keys) <= 1.0
    assert share_row(keys, 600, 40, 80, 40, 120) == 40  # no room: the floor, and the words wrap


def test_an_item_tile_takes_its_colour_role_and_the_matching_text_role(kit):
    from shared_ui.kivy_kit.tiles import ItemTile

    tile = ItemTile.from_item(Item("im_ok", "我没事", colour="success", digit=1))
    assert (tile.fill_role, tile.text_role, tile.digit, tile.speak) == ("success", "on_success", "1", "我没事")
    assert kit.app.look.contrast(tile.text_role, tile.fill_role) >= 4.5
    plain = ItemTile.from_item(Item("back", "返回"))
    assert (plain.fill_role, plain.text_role) == ("surface", "text")


def test_facts_that_do_not_fit_are_paged_never_dropped(kit):
    from shared_ui.kivy_kit.facts import fact_column
    from shared_ui.kivy_kit.layout_check import layout_problems, shown_text

    facts = [FactView("就诊时间", "12月3日（周四）上午9:30", True), FactView("医院", "上海交通大学医学院附属瑞金医院", True),
             FactView("科室", "内分泌科"), FactView("医生", "张华"), FactView("排队号", "15号", True),
             FactView("地址", "上海市黄浦区瑞金二路197号"), FactView("挂号费", "25元")]
    column = place(kit, fact_column(facts, ["请带好身份证、医保卡和病历本。"]), (500, 200))
    kit.frames(3)
    assert column.page_count > 1
    seen, said = "", []
    for _ in range(column.page_count):
        assert layout_problems(kit.app.root_widget) == []
        seen += shown_text(column)
        said.append(column.turn(1))
        kit.frames(2)
    assert all(f.value in seen for f in facts)  # every fact on some page
    assert "挂号费：25元" in "".join(said) and int(column.page) == 0  # pages come round again
    assert not any("。。" in words or "。，" in words for words in said)
    roomy = place(kit, fact_column(facts[:2]), (900, 900))
    kit.frames(3)
    assert roomy.page_count == 1


def test_the_flow_host_runs_intents_on_workers_and_answers_on_the_ui_thread(kit):
    import threading

    from shared_ui.kivy_kit.flow_host import FlowHost

    scripted = Scripted("tv")
    threads, steps = [], []

    def run(client, intent):
        threads.append(threading.current_thread().name)
        return scripted.answer(intent)

    host = FlowHost(FlowEngine(scripted.engine.spec, "tv"), None, run, kit.app.background,
                    lambda step, cause: steps.append((step.screen.id, cause)))
    kit.app.host = host
    try:
        host.start(ELDER)
        host.send("select", "registration")
        kit.settle()
        assert host.step.screen.kind == "review" and host.idle
        assert threads and all(t.startswith("flow") for t in threads)  # never the UI thread
        assert [c for _, c in steps][:2] == ["start", "select"] and steps[-1][1] == "answer"
        forged = Answer("i1", True, [{"id": "h-x", "name": "伪造医院"}])
        host._answered(forged)  # an answer nobody waits for any more
        assert host.step.screen.kind == "review"
    finally:
        kit.app.host = None


def test_a_crashed_runner_still_ends_in_a_sentence_the_elder_hears(kit):
    from shared_ui.kivy_kit.flow_host import FlowHost

    def broken(client, intent):
        raise RuntimeError("a bug in the runner")

    host = FlowHost(FlowEngine(Scripted("tv").engine.spec, "tv"), None, broken, kit.app.background,
                    lambda step, cause: None)
    kit.app.host = host
    try:
        host.start(ELDER)
        host.send("select", "registration")
        kit.settle()
        assert host.step.screen.kind == "error" and "12345" in host.step.speech
    finally:
        kit.app.host = None


def test_the_check_in_state_becomes_a_prompt_only_while_the_centre_asks():
    from shared_ui.kivy_kit.pushes import checkin_prompt

    asking = {"enrolled": True, "status": "due", "date": "2026-12-02", "prompt": "今天身体好吗？", "speech": "今天身体好吗？"}
    assert checkin_prompt(asking)["id"] == "checkin:2026-12-02"
    assert checkin_prompt({**asking, "status": "done"}) is None
    assert checkin_prompt({**asking, "enrolled": False}) is None


def test_a_fact_broken_at_its_space_is_still_shown_whole(kit):
    """The layout check's fact test: a line broken at a space loses the space (a medicine and
    its strength, a doctor and their title), a missing or cut character is still caught."""
    from shared_ui.kivy_kit.layout_check import shown_whole

    assert shown_whole("苯磺酸氨氯地平片 5mg", "药品苯磺酸氨氯地平片\n5mg医生意见")
    assert shown_whole("医生已续方（欧阳娜娜 副主任医师）", "医生已续方（欧阳娜娜副主任医师）")
    assert not shown_whole("苯磺酸氨氯地平片 5mg", "苯磺酸氨氯地平片 5m…")
    assert not shown_whole("SC1764587600QK", "SC1764587600")


def test_tiles_shown_together_read_at_one_size_and_centred_words_sit_in_the_middle(kit):
    """The class of 想办理 smaller than 重听 in one pop-up, each pushed right by an empty digit's
    room: the layout check finds both, and :func:`one_size` makes a row one size."""
    from kivy.lang import Builder
    from kivy.uix.boxlayout import BoxLayout

    from shared_ui.kivy_kit.layout_check import layout_problems
    from shared_ui.kivy_kit.tiles import ItemTile, one_size

    Builder.load_string("""
#:import fit_font shared_ui.kivy_kit.text_fit.fit_font
<RowTestTile>:
    padding: 10, 10
    Widget:
        size_hint_x: None
        width: root.room
    BoxText:
        text: root.label
        font_size: fit_font(root.fit_label or self.text, self.width, 80, 24)
        halign: 'center'
""")

    class RowTestTile(ItemTile):
        from kivy.properties import NumericProperty
        room = NumericProperty(0)

    def row(room=0):
        box = BoxLayout(spacing=20)
        tiles = [RowTestTile(label=words, room=room) for words in ("想办理", "不需要了谢谢", "重听")]
        for tile in tiles:
            box.add_widget(tile)
        return box, tiles

    box, tiles = row()
    place(kit, box, (900, 160))
    assert any("different sizes" in p for p in layout_problems(kit.app.root_widget))
    one_size(tiles)
    kit.frames(3)
    assert layout_problems(kit.app.root_widget) == []
    assert len({t.children[0].font_size for t in tiles}) == 1
    box, tiles = row(room=90)  # an empty digit's room on the left
    one_size(tiles)
    place(kit, box, (900, 160))
    assert sum("off its centre" in p for p in layout_problems(kit.app.root_widget)) == 3


def test_the_libraries_chatter_stays_out_of_a_box_log(kit):
    """A font's table-by-table DEBUG and a slip's layout steps (INFO) are not logged; the app's
    own INFO and every library's WARNING are."""
    import logging

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    keep = Keep(level=logging.NOTSET)
    root = logging.getLogger()
    root.addHandler(keep)
    try:
        logging.getLogger("fontTools.ttLib.ttFont").debug("Decompiling 'hhea' table")
        logging.getLogger("weasyprint.progress").info("Step 1 - Fetching and parsing HTML")
        logging.getLogger("weasyprint").warning("a font could not be loaded")
        logging.getLogger("shared_ui.kivy_kit.channel_app").info("the app's own word")
    finally:
        root.removeHandler(keep)
    said = [r.getMessage() for r in records]
    assert said == ["a font could not be loaded", "the app's own word"], said
