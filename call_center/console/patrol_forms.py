"""The forms of 巡视探访 in the console: a visit recorded by whoever went (fixed choices: 身体状况、
居住环境、需要的帮助; call_center/patrols/records.py), and an elder's plan."""
from __future__ import annotations

from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ..patrols import records
from .forms import REQUIRED, ConsoleForm, _choices, _no_markup

FOUND = {"yes": "见到老人，在家", "no": "上门未遇（没有人应门）"}
PER_MONTH = {"1": "每月1次", "2": "每月2次", "4": "每月4次（每周）"}
PLAN_STATE = {"rule": "按规则（80岁以上独居、基本养老服务对象）", "on": "巡视", "off": "不巡视"}


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VisitRecordForm(ConsoleForm):
    form_prefix = "visit"
    visited_at = StringField("探访时间", validators=[DataRequired(REQUIRED), Regexp(
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$", message="时间格式应为 年-月-日 时:分。")])
    found = RadioField("见到老人了吗", choices=_choices(FOUND), validators=[InputRequired("请选一项。")])
    health = RadioField("身体状况", choices=_choices(records.HEALTH), validators=[Optional()])
    home = RadioField("居住环境", choices=_choices(records.HOME), validators=[Optional()])
    needs = Checkboxes("需要的帮助", choices=_choices(records.NEEDS), validators=[Optional()])
    follow_ups = Checkboxes("后续", choices=_choices(records.FOLLOW_UPS), validators=[Optional()])
    note = TextAreaField("说明（只给话务员看）", validators=[Optional(), Length(max=500), _no_markup])


class VisitPlanForm(ConsoleForm):
    form_prefix = "plan"
    state = RadioField("巡视探访", choices=_choices(PLAN_STATE), validators=[InputRequired("请选一项。")])
    per_month = SelectField("次数", choices=_choices(PER_MONTH), default="1")
    visitor = SelectField("探访人员", choices=[], validators=[Optional()])
