"""Personal data as strangers may see it (seed 004 §个人信息保护; kiosk screens, slips)."""
from __future__ import annotations


def mask_name(name: str) -> str:
    """王秀英 → 王*英, 王芳 → 王*, 欧阳娜娜 → 欧**娜."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(number: str) -> str:
    """310105193803154426 → 3101**********4426."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; landlines keep the last four digits."""
    digits = phone.replace("-", "").replace(" ", "")
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def valid_id_number(number: str) -> bool:
    number = number.upper()
    return (len(number) == 18 and number[:17].isdigit()
            and id_check_digit(number[:17]) == number[17])
