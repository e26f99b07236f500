"""The device's own file: atomic, private, and a damaged one reads as empty."""
from shared_ui.kivy_kit.settings_file import SettingsFile


def test_the_box_file_is_written_atomically_and_privately(tmp_path):
    store = SettingsFile(tmp_path / "box" / "tv.json")
    assert store.load() == {}
    store.save(device_token="t1", elder={"id": "e1", "name": "王秀英"})
    store.save(center_url="http://c")
    assert store.load() == {"device_token": "t1", "elder": {"id": "e1", "name": "王秀英"}, "center_url": "http://c"}
    assert (tmp_path / "box" / "tv.json").stat().st_mode & 0o777 == 0o600
    (tmp_path / "box" / "tv.json").write_text("{broken")
    assert store.load() == {}  # damaged: pair again rather than crash


def test_forget_removes_the_file(tmp_path):
    store = SettingsFile(tmp_path / "kiosk.json")
    store.save(grant="g")
    store.forget()
    assert not store.path.exists() and store.load() == {}
