"""Rate-limit hits in the centre's database (web_front/rate_counts.py): every worker process
and every node counts the same guesses."""
from __future__ import annotations

from web_front.rate_counts import hits_table

from ..db import Base

rate_hits = hits_table(Base.metadata)
