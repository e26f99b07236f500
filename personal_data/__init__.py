"""Personal-data facts every part of 一键通 shares (DESIGN.md §2, layer 1): how names and
numbers are masked, the GB 11643 ID check character, the words for the part of the day.

Standard library only, and nothing from the project: the centre, the front ends and the
slips import it without importing each other.

- :mod:`.masking` — mask_name, mask_id_number, mask_phone, phone_tail, scrub, unmasked_numbers
- :mod:`.id_number` — id_check_digit, valid_id_number, id_number_problem
- :mod:`.day_periods` — day_period
- :mod:`.names` — surname (compound surnames: 欧阳娜娜 → 欧阳)
- :mod:`.free_text` — which numbers inside free text are personal (what scrub masks)
- :mod:`.written_numbers` — full-width digits and separators: numbers as people write them
- :mod:`.status_words` — the one table of words for where a request stands (status, stage),
  which the console, the channels and the slips read
- :mod:`.references` — the 受理号 a slip prints (nine digits derived from the id) and its look-up
- :mod:`.private_files` — private_file: a SQLite file of personal data, its owner's alone (0600)
"""
from .day_periods import day_period
from .id_number import IdNumberProblem, id_check_digit, id_number_problem, valid_id_number
from .names import surname
from .masking import mask_id_number, mask_name, mask_phone, phone_tail, scrub, unmasked_numbers

__all__ = [
    "day_period", "IdNumberProblem", "id_check_digit", "id_number_problem", "valid_id_number",
    "mask_id_number", "mask_name", "mask_phone", "phone_tail", "scrub", "unmasked_numbers", "surname",
]
