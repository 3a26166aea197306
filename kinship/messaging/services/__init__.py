"""Messaging's writes, one module per noun:

- `submissions`: a carer's message stored (one row per recipient) and its confirmation lifecycle
- `composition`: suggested texts, merge fields, greeting, sign-off and address, previews
- `abuse`: the rate-limit policy for a submission and the checks that hold a message for a person
  (run by the worker after the submission is stored, or at confirmation at the latest)
- `outbox`: when a queued message may go (daily cap per recipient), sending on commit in tests
- `delivery`: sending each message once, failures, bounces, recovery after a killed worker
- `moderation`: the team's decision on a held message
- `followups`: "Did you get a reply?", the answer, and a follow-up (same person or next up)
- `calls`: logging a phone call
- `resend`: the confirmation email again, from the "check your email" page
- `letters`: a printed letter's own states (made, downloaded, posted)
- `my_actions`: the private "my actions" link, export and erasure, text retention
- `links`: signed links in emails, and which page takes an action
- `errors`: the domain errors views turn into messages

The names below are the package's public face; import them from here.
"""

from kinship.messaging.services.abuse import RateDecision, submission_checks_drain, submission_rate_policy
from kinship.messaging.services.calls import call_log_record
from kinship.messaging.services.composition import (
    SubmissionInput,
    compose_body,
    merge_values,
    message_preview,
    message_texts,
    template_texts,
)
from kinship.messaging.services.delivery import (
    message_deliver,
    message_email_build,
    message_mark_bounced,
    messages_drain,
    messages_recover_stale,
)
from kinship.messaging.services.errors import (
    FollowUpNotAllowedError,
    LinkExpiredError,
    LinkInvalidError,
    MessageRetryError,
    MessageTooLongError,
    MessagingError,
    NoTargetsChosenError,
    TargetsError,
)
from kinship.messaging.services.followups import (
    followup_check,
    followup_draft,
    followup_due_at,
    followup_send,
    followup_targets,
    followups_send,
    reply_record,
)
from kinship.messaging.services.letters import letter_mark_downloaded, letter_mark_posted
from kinship.messaging.services.links import (
    action_take_url,
    check_email_path,
    confirm_url,
    email_from_my_actions_token,
    letter_posted_url,
    letter_ready_path,
    letter_url,
    message_from_letter_token,
    message_from_reply_token,
    my_actions_url,
    reply_url,
    submission_from_check_email_token,
    submission_from_letter_ready_token,
    submission_from_token,
    take_page_register,
)
from kinship.messaging.services.moderation import message_moderate
from kinship.messaging.services.my_actions import (
    message_bodies_expire,
    messages_erase,
    messages_erase_by_email,
    messages_export,
    my_actions_request,
)
from kinship.messaging.services.resend import submission_confirmation_resend
from kinship.messaging.services.submissions import (
    submission_confirm,
    submission_confirmation_context,
    submission_create,
    submissions_abandon,
    submissions_remind,
)

__all__ = [
    "FollowUpNotAllowedError",
    "LinkExpiredError",
    "LinkInvalidError",
    "MessageTooLongError",
    "MessageRetryError",
    "MessagingError",
    "NoTargetsChosenError",
    "RateDecision",
    "SubmissionInput",
    "TargetsError",
    "action_take_url",
    "call_log_record",
    "check_email_path",
    "compose_body",
    "confirm_url",
    "email_from_my_actions_token",
    "followup_check",
    "followup_draft",
    "followup_due_at",
    "followup_send",
    "followup_targets",
    "followups_send",
    "letter_mark_downloaded",
    "letter_mark_posted",
    "letter_ready_path",
    "letter_posted_url",
    "letter_url",
    "merge_values",
    "message_bodies_expire",
    "message_deliver",
    "message_email_build",
    "message_from_letter_token",
    "message_from_reply_token",
    "message_mark_bounced",
    "message_moderate",
    "message_preview",
    "message_texts",
    "messages_drain",
    "messages_erase",
    "messages_erase_by_email",
    "messages_export",
    "messages_recover_stale",
    "my_actions_request",
    "my_actions_url",
    "reply_record",
    "reply_url",
    "submission_checks_drain",
    "submission_confirm",
    "submission_confirmation_context",
    "submission_confirmation_resend",
    "submission_create",
    "submission_from_check_email_token",
    "submission_from_letter_ready_token",
    "submission_from_token",
    "submission_rate_policy",
    "submissions_abandon",
    "submissions_remind",
    "take_page_register",
    "template_texts",
]
