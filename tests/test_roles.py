"""Editors and readers (issue 19): the pure role logic, then the page's controls per role (AppTest).

``st.login`` needs an identity provider and cannot run offline; its part of the logic
(:func:`dashboard.roles.identity_role`, the ``[auth]`` detection) is tested here as plain functions.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import roles  # noqa: E402
from dashboard.roles import RateLimiter, SignIn, identity_role, secret_matches, sign_in_config  # noqa: E402

DATA = ROOT / "tests" / "data" / "import"


# -- configuration ----------------------------------------------------------------------------
@pytest.mark.parametrize(("env", "secrets", "expected"), [
    ({}, {}, SignIn()),
    ({"ATLAS_EDITOR_SECRET": " s3cret "}, {}, SignIn(secret="s3cret")),
    ({}, {"ATLAS_EDITOR_SECRET": "from-toml"}, SignIn(secret="from-toml")),
    ({}, {"atlas": {"editor_secret": "nested", "editors": ["A@x.org", " b@y.org"]}},
     SignIn(secret="nested", editors=frozenset({"a@x.org", "b@y.org"}))),
    ({"ATLAS_EDITORS": "c@z.org, d@z.org"}, {"auth": {"client_id": "x"}},
     SignIn(oidc=True, editors=frozenset({"c@z.org", "d@z.org"}))),
    ({"ATLAS_LOCAL_TOKEN": "tok"}, {"auth": {}}, SignIn(local_token="tok")),
])
def test_sign_in_config(env, secrets, expected):
    assert sign_in_config(env, secrets) == expected


def test_the_environment_wins_over_secrets():
    assert sign_in_config({"ATLAS_EDITOR_SECRET": "env"}, {"ATLAS_EDITOR_SECRET": "toml"}).secret == "env"


def test_secret_comparison():
    assert secret_matches("abc", "abc") and secret_matches(" abc\n", "abc")
    assert not secret_matches("abd", "abc") and not secret_matches("", "") and not secret_matches("abc", "")
    assert not secret_matches("ABC", "abc")


@pytest.mark.parametrize(("logged_in", "email", "role"), [
    (True, "Editor@News.org", roles.EDITOR), (True, "someone@else.org", roles.READER),
    (False, "editor@news.org", roles.READER), (True, None, roles.READER), (True, "", roles.READER),
])
def test_identity_role(logged_in, email, role):
    assert identity_role(logged_in, email, frozenset({"editor@news.org"})) == role


def test_wrong_secrets_are_rate_limited_per_client():
    limiter = RateLimiter(limit=3, window=60)
    for i in range(3):
        assert limiter.try_secret("1.2.3.4", "wrong", "right", now=i) == (False, 0 if i < 2 else 59)
    ok, wait = limiter.try_secret("1.2.3.4", "right", "right", now=10)
    assert not ok and wait > 0  # even the right secret waits: no guessing at full speed
    assert limiter.try_secret("5.6.7.8", "right", "right", now=10) == (True, 0)  # another client is not held up
    assert limiter.try_secret("1.2.3.4", "right", "right", now=61) == (True, 0)  # the window has passed


def test_one_sessions_wrong_tries_never_hold_up_another_session_or_address():
    guard = roles.SignInGuard(RateLimiter(limit=3, window=60), brake_after=0)
    for i in range(3):  # a loopback browser: no address, only its session counts
        guard.attempt(("session:a",), "wrong", "right", now=i)
    assert guard.attempt(("session:a",), "right", "right", now=5)[0] is False  # this session waits
    assert guard.attempt(("session:b",), "right", "right", now=5) == (True, 0)  # another browser signs in
    for i in range(3):  # a remote client that opens a fresh session for every try is held by its address
        guard.attempt((f"session:x{i}", "address:9.9.9.9"), "wrong", "right", now=i)
    assert guard.attempt(("session:x9", "address:9.9.9.9"), "right", "right", now=5)[0] is False
    assert guard.attempt(("session:y", "address:8.8.8.8"), "right", "right", now=5) == (True, 0)


def test_the_global_brake_slows_guessing_but_never_refuses_the_right_secret():
    naps: list[float] = []
    guard = roles.SignInGuard(RateLimiter(limit=3, window=60), brake_after=4, brake_seconds=1.0, sleep=naps.append)
    for i in range(6):  # six strangers, one wrong try each
        assert guard.attempt((f"session:{i}",), "wrong", "right", now=i) == (False, 0)
    assert naps == [1.0, 1.0]  # from the fifth try on, each waits its turn
    assert guard.attempt(("session:editor",), "right", "right", now=7) == (True, 0)
    assert naps == [1.0, 1.0, 1.0]


def test_serve_prints_a_local_link_only_without_a_configured_sign_in(tmp_path):
    token = roles.local_token({}, {})
    assert token and len(token) >= 24 and token != roles.local_token({}, {})
    assert roles.local_token({"ATLAS_EDITOR_SECRET": "x"}, {}) is None
    assert roles.local_token({}, {"auth": {"client_id": "x"}}) is None
    assert roles.local_link("0.0.0.0", 8501, "abc") == "http://localhost:8501/?token=abc"
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[atlas]\neditor_secret = "t"\n', encoding="utf-8")
    assert roles.read_secrets(roles.secrets_files(tmp_path))["atlas"] == {"editor_secret": "t"}
    assert roles.read_secrets([tmp_path / "missing.toml"]) == {}


# -- the page (AppTest) -----------------------------------------------------------------------
APP = "../dashboard/app.py"


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("ATLAS_LOCAL_TOKEN", raising=False)
    from dashboard.imports.store import save_dataset
    from dashboard.imports.upload import parse_upload
    from tests.geodata_atlas import geodata_atlas

    result = parse_upload((DATA / "acled_sample.csv").read_bytes(), "acled_sample.csv", atlas=geodata_atlas())
    save_dataset("![x](http://example.invalid/leak.png) ACLED", result)
    return tmp_path / "store"


def _app(**params):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    at.run()  # the first run draws only the map
    assert not at.exception, [e.message for e in at.exception]
    return at


def _buttons(at) -> set[str]:
    return {b.key for b in at.button if b.key}


def test_a_reader_sees_no_delete_and_no_store_control(store_dir, monkeypatch):
    monkeypatch.setenv("ATLAS_EDITOR_SECRET", "correct horse")
    at = _app()
    assert not any(k.startswith("del_") for k in _buttons(at))
    assert "upload_store" not in {c.key for c in at.checkbox}
    (label,) = [c.label for c in at.checkbox if c.key.startswith("ds_")]
    assert label.startswith("\\!\\[x\\]\\(") and "](http" not in label  # a title is never a markdown image


def test_an_editor_signs_in_with_the_secret_deletes_with_confirmation_and_undoes(store_dir, monkeypatch):
    from dashboard.imports.store import list_datasets

    monkeypatch.setenv("ATLAS_EDITOR_SECRET", "correct horse")
    at = _app()
    at.text_input(key="editor_secret").input("wrong")
    at.button(key="sign_in_secret").click().run()
    assert "Wrong secret." in [e.value for e in at.error]
    assert not any(k.startswith("del_") for k in _buttons(at))
    at.text_input(key="editor_secret").input("correct horse")
    at.button(key="sign_in_secret").click().run()
    name = list_datasets()[0].name
    assert f"del_{name}" in _buttons(at)
    at.button(key=f"del_{name}").click().run()
    assert list_datasets() and "delete_yes" in _buttons(at)  # asked, nothing deleted yet
    at.button(key="delete_yes").click().run()
    assert list_datasets() == []
    at.button(key="undo_delete").click().run()
    assert [d.name for d in list_datasets()] == [name]
    at.button(key="sign_out").click().run()
    assert not any(k.startswith("del_") for k in _buttons(at))


def test_the_local_link_signs_in_only_with_its_token(store_dir, monkeypatch):
    monkeypatch.delenv("ATLAS_EDITOR_SECRET", raising=False)
    monkeypatch.setenv("ATLAS_LOCAL_TOKEN", "local-token-123")
    assert not any(k.startswith("del_") for k in _buttons(_app(token="wrong")))
    at = _app(token="local-token-123")
    assert any(k.startswith("del_") for k in _buttons(at))
    assert "token" not in at.query_params and not at.warning  # the token leaves the URL without a notice


def test_the_local_link_signs_in_after_others_wrong_tokens(store_dir, monkeypatch):
    monkeypatch.delenv("ATLAS_EDITOR_SECRET", raising=False)
    monkeypatch.setenv("ATLAS_LOCAL_TOKEN", "local-token-456")
    for _ in range(6):  # six loads of /?token=wrong from loopback (no client address)
        assert not any(k.startswith("del_") for k in _buttons(_app(token="wrong")))
    assert any(k.startswith("del_") for k in _buttons(_app(token="local-token-456")))


def test_a_second_browser_signs_in_after_the_first_ran_out_of_tries(store_dir, monkeypatch):
    monkeypatch.setenv("ATLAS_EDITOR_SECRET", "correct horse")
    first = _app()
    for _ in range(roles.MAX_FAILURES + 1):
        first.text_input(key="editor_secret").input("wrong")
        first.button(key="sign_in_secret").click().run()
    assert any("Too many wrong tries" in e.value for e in first.error)
    second = _app()
    second.text_input(key="editor_secret").input("correct horse")
    second.button(key="sign_in_secret").click().run()
    assert any(k.startswith("del_") for k in _buttons(second))
