"""Alarm pages: filled in once ``call_center.alarms`` provides its service functions."""
from __future__ import annotations
