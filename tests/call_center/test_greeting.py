"""The centre greets an elder by the whole surname (issue 11: 欧阳阿姨, not 欧阿姨)."""
import pytest

from call_center.fulfilment.notices import address_elder
from call_center.models import Elder


@pytest.mark.parametrize("name, gender, greeting", [
    ("王秀英", "female", "王阿姨"), ("李国强", "male", "李伯伯"), ("欧阳娜娜", "female", "欧阳阿姨"),
    ("司马建国", "male", "司马伯伯"), ("诸葛兰", "female", "诸葛阿姨"), ("𠮷祥英", "female", "𠮷阿姨"),
])
def test_greeting_uses_the_whole_surname(name, gender, greeting):
    assert address_elder(Elder(name=name, gender=gender)) == greeting
