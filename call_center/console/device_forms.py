"""The forms of the 一键通申请 desk: a returned application's reason (the family reads and
hears it) and the installer's visit time."""
from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from .forms import REQUIRED, ConsoleForm, _no_markup, speakable


class ReturnForm(ConsoleForm):
    form_prefix = "return"
    reason = TextAreaField("退回原因（家属会看到、老人会听到）", validators=[
        DataRequired("请写明退回的原因。"), Length(min=6, max=100, message="请写6到100个字。"), _no_markup, speakable])


class VisitForm(ConsoleForm):
    form_prefix = "visit"
    visit_at = StringField("上门时间", validators=[DataRequired(REQUIRED), Regexp(
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$", message="时间格式应为 年-月-日 时:分。")])
