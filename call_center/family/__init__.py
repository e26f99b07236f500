"""Family accounts and bindings (亲友代办): who may act for an elder from the mini-program.

``access`` is the allowlist of endpoints a family caller reaches and the permission each
needs; ``bindings`` starts, answers and revokes bindings (and keeps the elder's TV pop-up in
step); ``tokens`` exchanges a mini-program identity for a family token; ``alarm_view`` is what
a family member sees of an alarm and how their answer (我马上过去 / 他没事) is recorded.
"""
