"""Chinese (and English) speech text: what the synthesizer should say for what is shown.

`normalise("您的挂号已成功，11月25日上午9:30")` → "您的挂号已成功，十一月二十五日上午九点三十分".
Rules live in small modules by kind (when: dates and times; codes: phones, IDs, plates;
quantities: money and amounts; symbols) and run in the order given in `pipeline`.
"""
from .pipeline import normalise

__all__ = ["normalise"]
