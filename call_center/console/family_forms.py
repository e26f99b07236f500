"""The family page's form (a short note of the call, required for every action) and the
policies page's buttons."""
from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from .forms import REQUIRED, ConsoleForm


class PolicyActionForm(ConsoleForm):
    """推送 / 已享受 on the policies page: nothing to type, the CSRF token is the form."""

    form_prefix = "policy"


class BindingActionForm(ConsoleForm):
    form_prefix = "family"

    note = StringField("通话情况（必填）", validators=[DataRequired(REQUIRED), Length(max=200)])
