"""The council officer's right-of-reply link: an opaque signed assessment id with its own salt."""

from __future__ import annotations

from datetime import timedelta

from kinship.core.signing import link_errors, make_token, read_int_token
from kinship.scorecard.conf import reply_link_days

REPLY_SALT = "kinship.scorecard.reply"


class ReplyLinkExpiredError(Exception):
    """The link was ours but the reply period is over."""


class ReplyLinkInvalidError(Exception):
    """The link is broken or not ours."""


def reply_token(assessment_id: int) -> str:
    return make_token(assessment_id, salt=REPLY_SALT)


def reply_token_read(token: str) -> int:
    with link_errors(expired=ReplyLinkExpiredError, invalid=ReplyLinkInvalidError):
        return read_int_token(token, salt=REPLY_SALT, max_age=timedelta(days=reply_link_days()))
