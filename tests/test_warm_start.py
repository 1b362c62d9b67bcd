"""gunicorn's master prepares the app once before forking workers: every template compiled."""

import runpy
from pathlib import Path
from types import SimpleNamespace

import jinja2

from consult import create_app
from consult.web.templates import compile_templates

TEMPLATES = Path(__file__).resolve().parent.parent / "consult" / "templates"


def _fresh_app():
    return create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")


def _compiled_by(monkeypatch):
    compiled = []
    original = jinja2.Environment.compile

    def compile_and_note(environment, source, name=None, *args, **kwargs):
        compiled.append(name)
        return original(environment, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_and_note)
    return compiled


def test_every_template_is_compiled_once_and_then_served_from_the_cache(monkeypatch):
    app = _fresh_app()
    compiled = _compiled_by(monkeypatch)
    compile_templates(app)

    on_disk = {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.*")}
    assert set(compiled) == on_disk and len(compiled) == len(on_disk)
    compiled.clear()
    with app.test_request_context("/"):
        for name in sorted(on_disk):
            app.jinja_env.get_template(name)
    assert compiled == []


def test_gunicorn_compiles_them_in_the_master_when_it_preloads_the_app(monkeypatch):
    hooks = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    app = _fresh_app()
    compiled = _compiled_by(monkeypatch)

    hooks["when_ready"](SimpleNamespace(cfg=SimpleNamespace(preload_app=False), app=None))
    assert compiled == []  # without preloading there is no app in the master to prepare
    hooks["when_ready"](SimpleNamespace(cfg=SimpleNamespace(preload_app=True),
                                        app=SimpleNamespace(wsgi=lambda: app)))
    assert "consultations/detail.html" in compiled
