"""The console's forms (WTForms through Flask-WTF: CSRF token included, Chinese messages).

Field checks live here; the lifecycle and booking rules stay in ``call_center.fulfilment``
and come back as :class:`~call_center.errors.ApiError`, which the views map onto fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from ..fulfilment.registry import FORMS, OWN_DESK, REGISTRY, SERVICE_WORDS
from .one_form import answers as one_form_answers

@dataclass(frozen=True)
class Submitted:
    """The one form of a page that was sent and refused, so that its errors show under it and
    under no other. A page with several forms of one kind (a desk a part, a row a request, a
    binding a row) names each by a key and draws each from :meth:`own`: the refused form under
    its own key, a blank one everywhere else. ``tests/call_center/console/test_console_form_errors.py``
    holds every page with more than one form to it."""

    key: str = ""
    form: Any = None

    def own(self, key: str, blank: Any) -> Any:
        return self.form if self.form is not None and key == self.key else blank


NOTHING_SENT = Submitted()

REQUIRED = "这一项必须填写。"
ID_PATTERN = r"^[A-Za-z0-9_\-]{1,32}$"
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# Sentences an agent can pick when a request cannot be done; each one is said to the elder.
# What most often goes wrong with a service is its own (its handling's ``usual_failure``) and
# comes first; the two that fit any service follow.
ANY_SERVICE_FAILURES = {
    "unreachable": "我们打了几次电话都没有联系上您，请您方便时按一键通回电。",
    "cannot_do": "这个服务暂时办不了，话务员会把能办的地方告诉您。",
}
FAILURE_SENTENCES = {**dict(h.usual_failure for h in REGISTRY.values() if h.usual_failure),
                     **ANY_SERVICE_FAILURES}


def failure_presets(service: str) -> list[str]:
    """The sentences an agent may pick when ``service`` could not be done."""
    usual = REGISTRY[service].usual_failure if service in REGISTRY else None
    return [*(usual[:1] if usual else ()), *ANY_SERVICE_FAILURES]


def _choices(words: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in words.items()]


ONE_FORM_QUESTIONS = ("parts", "package", "hukou_shanghai", "living_alone", "hardship")


def _one_form_choices(name: str) -> list[SelectChoice]:
    return _choices({"": "（不适用）", **one_form_answers()[name]})


class ConsoleForm(FlaskForm):
    """CSRF is checked once for every console POST by ``logins.gate`` (Flask-WTF's
    ``CSRFProtect.protect``), so the forms do not check it again; templates put the token in
    with the ``csrf()`` macro. ``form_prefix`` keeps field ids unique when several forms
    share a page."""

    form_prefix = ""

    class Meta:
        csrf = False
        locales = ("zh",)  # WTForms' own messages (e.g. 不是有效的选择) in Chinese too

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("prefix", self.form_prefix)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def _no_markup(_form: object, field: object) -> None:
    value = getattr(field, "data", None) or ""
    if "<" in value or ">" in value:
        raise ValidationError("请不要输入尖括号。")


def speakable(_form: object, field: object) -> None:
    """A sentence the elder will hear: Chinese, finished with 。！？, no markup."""
    text = (getattr(field, "data", None) or "").strip()
    if not text:
        return
    if not CHINESE.search(text):
        raise ValidationError("请用中文写一句老人听得懂的话。")
    if text[-1] not in "。！？":
        raise ValidationError("请写完整的一句话，用句号结尾。")


class LoginForm(ConsoleForm):
    username = StringField("用户名", validators=[
        DataRequired(REQUIRED), Length(max=32, message="用户名太长了。")])
    password = PasswordField("密码", validators=[
        DataRequired(REQUIRED), Length(max=128, message="密码太长了。")])
    next = HiddenField()


class EmptyForm(ConsoleForm):
    """Buttons that only need the CSRF token (logout, reveal, extend)."""


# What an agent presses to move a request on: verbs, not the words for where it stands (those are
# the one table's, personal_data/status_words.py).
MOVE_WORDS = {"accepted": "受理", "in_progress": "开始办理", "completed": "完成", "cancelled": "取消"}


class MoveForm(ConsoleForm):
    form_prefix = "move"
    to = SelectField("改为", choices=_choices(MOVE_WORDS),
                     validators=[InputRequired(REQUIRED)])
    note = TextAreaField("备注", validators=[
        Optional(), Length(max=500, message="备注最多500个字。"), _no_markup])


class FailForm(ConsoleForm):
    form_prefix = "fail"
    preset = RadioField("常用说法", choices=[], validators=[Optional()], validate_choice=True)
    message = TextAreaField("告诉老人的话", validators=[
        Optional(), Length(min=6, max=80, message="请写6到80个字。"), _no_markup, speakable])

    def __init__(self, *args: Any, service: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.preset.choices = _choices({k: FAILURE_SENTENCES[k] for k in failure_presets(service)})

    def sentence(self) -> str | None:
        if self.message.data and self.message.data.strip():
            return self.message.data.strip()
        if self.preset.data in FAILURE_SENTENCES:
            return FAILURE_SENTENCES[self.preset.data]
        return None

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        ok = super().validate(extra_validators)  # type: ignore[arg-type]
        if ok and self.sentence() is None:
            self.message.errors = ["请选一句常用说法，或者自己写一句。"]
            return False
        return ok


class RegistrationBookForm(ConsoleForm):
    form_prefix = "reg"
    hospital_id = HiddenField(validators=[DataRequired("请先选医院。"), Regexp(ID_PATTERN)])
    department_id = HiddenField(validators=[DataRequired("请先选科室。"), Regexp(ID_PATTERN)])
    slot_id = RadioField("号源", choices=[], validate_choice=False, validators=[
        DataRequired("请选一个号源。"), Regexp(ID_PATTERN, message="请选一个号源。")])
    note = TextAreaField("备注", validators=[Optional(), Length(max=500), _no_markup])


class TaxiBookForm(ConsoleForm):
    form_prefix = "taxi"
    pickup_address = StringField("上车地点", validators=[
        DataRequired(REQUIRED), Length(min=4, max=200, message="地址要4到200个字。"), _no_markup])
    destination_address = StringField("目的地", validators=[
        DataRequired(REQUIRED), Length(min=4, max=200, message="地址要4到200个字。"), _no_markup])
    when = RadioField("用车时间", choices=_choices({"now": "现在", "later": "预约时间"}), default="now",
                      validators=[InputRequired(REQUIRED)])
    pickup_at = StringField("预约时间", validators=[Optional(), Regexp(
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$", message="时间格式应为 年-月-日 时:分。")])
    passengers = IntegerField("乘车人数", default=1, validators=[
        InputRequired("请填乘车人数。"), NumberRange(1, 4, "乘车人数是1到4人。")])
    phone = StringField("联系电话（可不填，默认老人电话）", validators=[Optional(), Regexp(
        r"^(1[3-9][0-9]{9}|0?21-?[0-9]{8})$", message="电话号码格式不对。")])
    note = TextAreaField("备注", validators=[Optional(), Length(max=500), _no_markup])

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        ok = super().validate(extra_validators)  # type: ignore[arg-type]
        if self.when.data == "later" and not self.pickup_at.data:
            self.pickup_at.errors = [*self.pickup_at.errors, "预约用车请填时间。"]
            return False
        return ok

    def as_request_form(self) -> dict[str, object]:
        form: dict[str, object] = {
            "pickup_address": self.pickup_address.data.strip(),
            "destination_address": self.destination_address.data.strip(),
            "pickup_time": "now" if self.when.data == "now" else f"{self.pickup_at.data}:00+08:00",
            "passengers": self.passengers.data,
        }
        if self.phone.data:
            form["phone"] = self.phone.data.strip()
        return form


class HospitalTripForm(ConsoleForm):
    """A booking that starts or ends at a hospital, made for an elder on the phone: which
    hospital, when (``TIME_KEY``) and how (``HOW_KEY``), named as the request's form names them."""

    TIME_KEY = ""
    HOW_KEY = ""
    hospital_id = StringField("医院", validators=[DataRequired("请先选医院。"), Regexp(ID_PATTERN, message="请先选医院。")])
    phone = StringField("联系电话（可不填，默认老人电话）", validators=[Optional(), Regexp(
        r"^(1[3-9][0-9]{9}|0?21-?[0-9]{8})$", message="电话号码格式不对。")])
    note = TextAreaField("备注", validators=[Optional(), Length(max=500), _no_markup])

    def as_request_form(self) -> dict[str, object]:
        form: dict[str, object] = {"hospital_id": self.hospital_id.data, self.HOW_KEY: self[self.HOW_KEY].data,
                                   self.TIME_KEY: f"{self[self.TIME_KEY].data}:00+08:00"}
        if self.phone.data:
            form["phone"] = self.phone.data.strip()
        return form


def _minute(label: str) -> StringField:
    return StringField(label, validators=[DataRequired(REQUIRED), Regexp(
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$", message="时间格式应为 年-月-日 时:分。")])


class EscortBookForm(HospitalTripForm):
    """陪诊 through the escort platform."""

    form_prefix = "escort"
    TIME_KEY, HOW_KEY = "visit_time", "meet"
    visit_time = _minute("看病时间")
    meet = RadioField("在哪见面", choices=_choices({"home": "到家里接（看病前一小时）",
                                                    "hospital": "在医院门口（看病前一刻钟）"}),
                      default="home", validators=[InputRequired(REQUIRED)])


class DischargeBookForm(HospitalTripForm):
    """出院用车 through 962120 (another transfer platform when it has no car)."""

    form_prefix = "discharge"
    TIME_KEY, HOW_KEY = "pickup_time", "mobility"
    pickup_time = _minute("接人时间")
    mobility = RadioField("怎么上车（决定派哪种车）", choices=_choices(
        {"seated": "自己坐车", "wheelchair": "坐轮椅", "stretcher": "躺担架"}),
        validators=[InputRequired("请问清老人怎么上车。")])


class SpecialVehicleBookForm(ConsoleForm):
    """特殊用车 for an elder on the phone: how she travels, the stairs, the window, from where to where, whether
    family rides along — the request's own form, booked with the operators as self mode books."""

    form_prefix = "special"
    mobility = RadioField("怎么坐车（决定派哪种车）", choices=_choices(
        {"seated": "自己坐车", "wheelchair": "坐轮椅", "stretcher": "躺担架"}),
        validators=[InputRequired("请问清老人怎么坐车。")])
    stairs = RadioField("上下楼", choices=_choices({"carry": "要人背上下楼（爬楼机）", "self": "不用"}),
                        validators=[InputRequired("请问清老人上下楼要不要人背。")])
    pickup_time = _minute("接人时段开始（两小时内来接）")
    pickup_address = StringField("上车地点", validators=[
        DataRequired(REQUIRED), Length(min=4, max=200, message="地址要4到200个字。"), _no_markup])
    destination_address = StringField("目的地", validators=[
        DataRequired(REQUIRED), Length(min=4, max=200, message="地址要4到200个字。"), _no_markup])
    companion = RadioField("陪同", choices=_choices({"alone": "老人一个人", "family": "有家人陪同"}),
                           default="alone", validators=[InputRequired(REQUIRED)])
    phone = StringField("联系电话（可不填，默认老人电话）", validators=[Optional(), Regexp(
        r"^(1[3-9][0-9]{9}|0?21-?[0-9]{8})$", message="电话号码格式不对。")])
    note = TextAreaField("备注", validators=[Optional(), Length(max=500), _no_markup])

    def as_request_form(self) -> dict[str, object]:
        form: dict[str, object] = {
            "mobility": self.mobility.data, "stairs": self.stairs.data, "pickup_time": f"{self.pickup_time.data}:00+08:00",
            "pickup_address": self.pickup_address.data.strip(),
            "destination_address": self.destination_address.data.strip(), "companion": self.companion.data}
        if self.phone.data:
            form["phone"] = self.phone.data.strip()
        return form


class RefillBookForm(ConsoleForm):
    """续方配药 for an elder on the phone: which standing prescription (the page sets the
    choices from the elder's record), where it goes (home unless they say otherwise)."""

    form_prefix = "refill"
    prescription_id = RadioField("续开哪种药", choices=[], validate_choice=False,
                                 validators=[InputRequired("请问清老人要续开哪种药。"),
                                             Regexp(ID_PATTERN, message="请问清老人要续开哪种药。")])
    delivery_address = StringField("送药地址", validators=[
        DataRequired(REQUIRED), Length(min=4, max=200, message="地址要4到200个字。"), _no_markup])
    phone = StringField("收药电话（可不填，默认老人电话）", validators=[Optional(), Regexp(
        r"^(1[3-9][0-9]{9}|0?21-?[0-9]{8})$", message="电话号码格式不对。")])
    note = TextAreaField("备注", validators=[Optional(), Length(max=500), _no_markup])

    def as_request_form(self) -> dict[str, object]:
        form: dict[str, object] = {"prescription_id": self.prescription_id.data,
                                   "delivery_address": self.delivery_address.data.strip()}
        if self.phone.data:
            form["phone"] = self.phone.data.strip()
        return form


class ConfirmTopicForm(ConsoleForm):
    form_prefix = "confirm"
    summary = TextAreaField("办理结果（会告诉老人）", validators=[
        DataRequired(REQUIRED), Length(max=300, message="最多300个字。"), _no_markup, speakable])
    note = TextAreaField("内部备注", validators=[Optional(), Length(max=500), _no_markup])


class FindElderForm(ConsoleForm):
    query = StringField("姓名、手机号、身份证号或受理号", validators=[
        DataRequired(REQUIRED), Length(min=2, max=32, message="请输入2到32个字。"), _no_markup])


class NewRequestForm(ConsoleForm):
    """An elder on the phone (seed 004: keep the human channel): the agent files for them. A
    service filed on one form (申请一键通, 养老服务一件事) is asked in full on the call
    (console/one_form.py): its questions are answered here and it goes to its desks."""

    form_prefix = "new"

    service = SelectField("服务", choices=_choices(SERVICE_WORDS),
                          validators=[InputRequired(REQUIRED)])
    topic = StringField("事由", validators=[
        Optional(), Length(max=100, message="事由最多100个字。"), _no_markup])
    callback_window = StringField("方便接电话的时间", default="尽快", validators=[
        Optional(), Length(max=50), _no_markup])
    parts = SelectField("申请哪几项（养老服务一件事）", choices=_one_form_choices("parts"), validators=[Optional()])
    package = SelectField("套餐（一键通申请）", choices=_one_form_choices("package"), validators=[Optional()])
    hukou_shanghai = SelectField("户籍", choices=_one_form_choices("hukou_shanghai"), validators=[Optional()])
    living_alone = SelectField("居住情况（一键通申请）", choices=_one_form_choices("living_alone"),
                               validators=[Optional()])
    hardship = SelectField("家庭经济情况", choices=_one_form_choices("hardship"), validators=[Optional()])
    phone = StringField("打哪个电话约上门（不填：老人登记的电话）", validators=[
        Optional(), Regexp(r"^[0-9\- ]{7,20}$", message="请填手机号或上海的座机号。")])
    note = TextAreaField("备注", validators=[Optional(), Length(max=500), _no_markup])

    def _one_form(self) -> list[str]:
        """The questions of the chosen service's one form that the intake asks."""
        if self.service.data not in OWN_DESK:
            return []
        return [name for name in FORMS[self.service.data].model_fields if name in ONE_FORM_QUESTIONS]

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        ok = super().validate(extra_validators)  # type: ignore[arg-type]
        if ok and "topic" in FORMS[self.service.data].model_fields \
                and not (self.topic.data or "").strip():
            self.topic.errors = [*self.topic.errors, "请写下老人要办的事。"]
            return False
        for name in self._one_form() if ok else ():
            if not self[name].data:
                self[name].errors = [*self[name].errors, f"请问老人{self[name].label.text.split('（')[0]}。"]
                ok = False
        return ok

    def close(self, closed: dict[str, str]) -> None:
        """Services she cannot file now (``closed``: service → why) stay listed, greyed and
        unselectable, as the channels show them refused before their form opens."""
        self.service.choices = [SelectChoice(value, f"{label}（现在不能办）", {"disabled": True})
                                if value in closed else SelectChoice(value, label)
                                for value, label in SERVICE_WORDS.items()]

    def as_request_form(self) -> dict[str, object]:
        if self.service.data in OWN_DESK:  # the whole form, asked on the call
            return {**{name: self[name].data for name in self._one_form()},
                    "phone": (self.phone.data or "").replace(" ", "") or "profile"}
        if "topic" not in FORMS[self.service.data].model_fields:
            return {}  # registration / taxi: the agent fills the booking on the request page
        return {"topic": self.topic.data.strip(),
                "callback_window": (self.callback_window.data or "尽快").strip()}

    def labels(self) -> dict[str, str]:
        """The words of the answers chosen (the request page shows them, not the codes)."""
        return {name: one_form_answers()[name][self[name].data] for name in self._one_form() if self[name].data}


class PairTvForm(ConsoleForm):
    """The household reads out the code their new TV box shows (seed 000: devices are bound
    to the elder's household once, by the centre)."""

    form_prefix = "pair"

    code = StringField("电视上显示的6位配对码", filters=[lambda v: (v or "").replace(" ", "")],
                       validators=[DataRequired(REQUIRED),
                                   Regexp(r"^[0-9]{6}$", message="配对码是6位数字。")])


class UnbindDeviceForm(ConsoleForm):
    """Unbinding a TV box or a kiosk: why, for the audit log and the next agent."""

    form_prefix = "unbind"

    note = StringField("为什么解绑（必填）", validators=[DataRequired(REQUIRED), Length(max=200)])


class RevealForm(ConsoleForm):
    """Show one full phone number (audited): the elder's own or one contact's."""

    what = HiddenField(validators=[DataRequired(REQUIRED), Regexp(
        r"^(elder|contact:[A-Za-z0-9_\-]{1,32})$", message="不认识要查看的号码。")])


# seed 000 §三(一)3: the steps an agent records, in the order the flow meets them.
STEP_BUTTONS = {
    "elder_answered": "老人有响应（情况一）",
    "elder_silent": "老人无响应（情况二，自动回拨）",
    "called_120": "已联系120",
    "called_110": "已联系110",
    "called_119": "已联系119",
    "contacted_family": "已联系家属",
    "guidance": "已做救援指导",
    "responders_arrived": "救援人员已到达",
    "follow_up": "已回访",
}


class AlarmStepForm(ConsoleForm):
    form_prefix = "step"
    kind = SelectField("步骤", choices=_choices(STEP_BUTTONS), validators=[InputRequired(REQUIRED)])
    note = TextAreaField("说明（可不填；救援指导请写内容）", validators=[
        Optional(), Length(max=1000, message="最多1000个字。"), _no_markup])
    contact_priority = IntegerField("联系人", validators=[
        Optional(), NumberRange(1, 9, "没有这个紧急联系人。")])

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        ok = super().validate(extra_validators)  # type: ignore[arg-type]
        if ok and self.kind.data == "guidance" and not (self.note.data or "").strip():
            self.note.errors = [*self.note.errors, "请写下给老人的指导内容。"]
            return False
        return ok


class AlarmOutcomeForm(ConsoleForm):
    form_prefix = "outcome"
    outcome = TextAreaField("处置结果（写入老人档案）", validators=[
        DataRequired("请写明处置结果。"), Length(max=500, message="最多500个字。"), _no_markup])
    note = TextAreaField("备注", validators=[Optional(), Length(max=1000), _no_markup])


class AlarmCancelForm(ConsoleForm):
    form_prefix = "cancel"
    note = TextAreaField("说明", validators=[Optional(), Length(max=500), _no_markup])


class RaiseAlarmForm(ConsoleForm):
    """An elder calls the hotline for help (seed 000 §三(一)3: 一键联系呼叫中心服务人员报警)."""

    form_prefix = "raise"
    note = TextAreaField("老人说了什么", validators=[Optional(), Length(max=500), _no_markup])


CARE_RESULTS = {"well": "老人平安", "needs_help": "需要帮助", "not_reached": "没有联系上"}


class CareTaskForm(ConsoleForm):
    form_prefix = "care"
    result = RadioField("结果", choices=_choices(CARE_RESULTS), validators=[
        InputRequired("请选一个结果。")])
    note = TextAreaField("说明", validators=[Optional(), Length(max=500), _no_markup])
