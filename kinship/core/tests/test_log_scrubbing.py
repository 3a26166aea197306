"""No email address reaches a log (issue 11 item 5): the filter on every logging handler
scrubs django.request's lines and tracebacks, and the gunicorn access log is scrubbed and
leaves out query strings."""

from __future__ import annotations

import datetime as dt
import io
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from kinship.core.logscrub import ScrubEmails
from kinship.core.privacy import scrub

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not Found: /my-actions/gwen@example.com:1xX:abc/", "Not Found: /my-actions/[email]:1xX:abc/"),
        (
            "NoReverseMatch with arguments ('o/brien@example.com:1xX',)",
            "NoReverseMatch with arguments ('[email]:1xX',)",
        ),
        ("no route for o/brien@example.com", "no route for [email]"),
        ("GET /my-actions/gwen%40example.com:1xX:abc/", "GET /my-actions/[email]:1xX:abc/"),
        ("GET /x/?email=gwen%40example.com&next=1", "GET /x/?email=[email]&next=1"),
        ("550 <mary.o'neil+kin@mail.example.co.uk> rejected", "550 <[email]> rejected"),
    ],
)
def test_scrub_finds_addresses_in_paths_and_query_strings(text, expected):
    assert scrub(text) == expected


def _record(logger: str, msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord(logger, logging.WARNING, __file__, 1, msg, args, exc_info)


def _written(record: logging.LogRecord) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ScrubEmails())
    handler.handle(record)
    return stream.getvalue()


def test_the_request_log_line_for_a_bad_link_holds_no_address():
    line = _written(_record("django.request", "Not Found: %s", "/my-actions/gwen@example.com:1xX:abc/"))
    assert "gwen" not in line and "[email]" in line


def test_a_traceback_holds_no_address():
    try:
        raise ValueError("no route for o/brien@example.com")
    except ValueError as exc:
        line = _written(_record("django.request", "Internal Server Error: /x/", exc=exc))
    assert "Traceback" in line and "brien" not in line and "[email]" in line


def test_every_configured_handler_scrubs(settings):
    assert all(
        "scrub_emails" in handler.get("filters", []) for handler in settings.LOGGING["handlers"].values()
    )


def test_the_gunicorn_access_log_is_scrubbed_and_leaves_out_query_strings():
    from gunicorn.config import Config

    conf = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    assert "%(q)s" not in conf["access_log_format"] and "%(r)s" not in conf["access_log_format"]
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", conf["access_log_format"])
    logger = conf["logger_class"](cfg)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)  # type: ignore[attr-defined]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/my-actions/gwen@example.com:1xX:abc/?email=gwen%40example.com",
        "PATH_INFO": "/my-actions/gwen@example.com:1xX:abc/",
        "QUERY_STRING": "email=gwen%40example.com",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://mail.example.org/?to=gwen@example.com",
    }
    resp = SimpleNamespace(status="404 Not Found", sent=12, headers=[])
    logger.access(resp, SimpleNamespace(headers=[]), environ, dt.timedelta(milliseconds=5))
    line = stream.getvalue()
    assert '"GET /my-actions/[email]:1xX:abc/" 404' in line
    assert "gwen" not in line
