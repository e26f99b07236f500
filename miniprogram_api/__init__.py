"""The mini-program back end (WeChat and 随申办) and its H5 pages: a family member acts for a
bound parent (亲友代办), follows alarms live and gets subscribe-message alerts.

A channel (DESIGN.md §2, layer 5): screens come from the flow engine through
``shared_ui.flow.json_entry``; the centre is reached only over HTTP through
``shared_ui.client``, as the signed-in member (a family token the centre issues and checks).
``create_app`` (``app.py``) builds one; ``onekey miniprogram`` serves it through the shared
front (``web_front``), so a phone that sends slowly or stalls holds no thread (``cli.py``).
"""
