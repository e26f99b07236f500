"""The console's 新增老人 form (建档): the fields of a roster row, checked by the same rules
as a roster file (call_center/enrolment/records.py), so an elder who phones in and is not on
file yet is enrolled on the call."""
from __future__ import annotations

from typing import Any

from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from ..enrolment.records import MAX_CONTACTS
from .forms import ConsoleForm

YES_NO = [SelectChoice("是", "是"), SelectChoice("否", "否")]
CONTACTS_ON_FORM = 2


class EnrolForm(ConsoleForm):
    form_prefix = "enrol"

    name = StringField("姓名")
    id_number = StringField("身份证号（出生日期和性别由它读出）")
    phone = StringField("电话（手机或固定电话；上海的可不写021）")
    address = StringField("住址（写到门牌号）")
    district = StringField("区", default="长宁区")
    street = StringField("街道（镇）")
    household_ref = StringField("户号（同住的老人填同一个；不填则按住址归户）")
    hukou_shanghai = RadioField("上海户籍", choices=YES_NO)
    living_alone = RadioField("独居", choices=YES_NO)
    economic_hardship = RadioField("经济困难", choices=YES_NO, default="否")
    care_level = SelectField("照护等级", choices=[SelectChoice("", "未评估")] + [
        SelectChoice(str(n), f"{n}级") for n in range(1, 7)])
    contact1_name = StringField("紧急联系人1 姓名")
    contact1_relation = StringField("紧急联系人1 关系（如 女儿）")
    contact1_phone = StringField("紧急联系人1 电话")
    contact2_name = StringField("紧急联系人2 姓名（可不填）")
    contact2_relation = StringField("紧急联系人2 关系")
    contact2_phone = StringField("紧急联系人2 电话")

    def given(self) -> dict[str, Any]:
        """The fields as :func:`call_center.enrolment.records.checked` takes them."""
        out: dict[str, Any] = {name: getattr(self, name).data or "" for name in (
            "name", "id_number", "phone", "address", "district", "street", "household_ref",
            "hukou_shanghai", "living_alone", "economic_hardship", "care_level")}
        out["contacts"] = [tuple(getattr(self, f"contact{n}_{part}").data or ""
                                 for part in ("name", "relation", "phone"))
                           for n in range(1, CONTACTS_ON_FORM + 1)]
        return out

    @property
    def problems(self) -> list[Any]:
        """The fields with a problem, in the form's order (the page's list of what to fix)."""
        return [f for f in self if f.errors]

    def show(self, problems: dict[str, str]) -> None:
        """Put each problem under its field (a contact's under the part that is wrong; one
        about the contacts as a whole under the first one's name)."""
        for key, reason in problems.items():
            target = getattr(self, f"{key}_name" if key.startswith("contact") and "_" not in key else key, None)
            if target is not None:
                target.errors = [*target.errors, reason]


assert CONTACTS_ON_FORM <= MAX_CONTACTS
