"""建档: the district's roster of elders becomes households, elders and their emergency
contacts — from a CSV the street office exports (``onekey enrol``) or one at a time in the
console (新增老人). Both go through :func:`records.enrol`, so a row is checked and stored
the same way wherever it comes from; an elder already on file (the same ID number) is
updated, never doubled."""
