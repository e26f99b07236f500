"""The mini-program back end's tests: real servers on 127.0.0.1 (tests/miniprogram_api/servers.py)."""
from tests.miniprogram_api.servers import backend, centre, fake_ssb, fake_wechat, make_backend  # noqa: F401
