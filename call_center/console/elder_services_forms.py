"""The forms of the 养老服务一件事 desks: the assessor's grade, and a subsidy's or an admission's
decision — the words the family reads and the elder hears (a reason is required to refuse)."""
from __future__ import annotations

from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .forms import REQUIRED, ConsoleForm, _choices, _no_markup, speakable


class GradeForm(ConsoleForm):
    form_prefix = "grade"
    grade = SelectField("照护等级", choices=_choices({str(g): f"{g}级" if g else "0级（正常）" for g in range(7)}),
                        validators=[DataRequired(REQUIRED)])


class DecisionForm(ConsoleForm):
    form_prefix = "decision"
    words = TextAreaField("说明（通过时可写下一步，没通过必须写原因；家属会看到、老人会听到）", validators=[
        Optional(), Length(max=100, message="最多100个字。"), _no_markup, speakable])
