"""A service email's three parts rendered from its templates, the translated text looked up once
per process and language.

The confirmation emails are mostly fixed text in `{% translate %}` and `{% blocktranslate %}`
tags, and each look-up walks Django's chain of translation catalogues (one per app and Django's
own, with their fallbacks): about half the worker's CPU for rendering an email at the peak
(issue 17). So each template is rendered from a copy of Django's compiled template made once
per language and escaping, in which every `{% translate "…" %}` is already its text (as Django
renders it there) and every `{% blocktranslate %}` already its translated pattern: per
email only the variable parts (names, links, dates) are filled in, by Django's own variable
nodes and escaping. Tags whose output is not fixed text (`as`, a message context, filters,
plurals) and everything inside tags other than `if`, `for` and `autoescape` are left to
Django's own nodes. A copy is made again whenever the template engine's compiled template or
the language's catalogue is a new object (settings changed in a test, a file reloaded in
development). `kinship/core/tests/test_emailrender.py` holds every email template to Django's
own rendering, byte for byte, in English and Welsh, HTML and plain text.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.base import Node, NodeList, Template, TextNode, render_value_in_context
from django.template.defaulttags import AutoEscapeControlNode, ForNode, IfNode, LoadNode
from django.template.loader import get_template
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils import translation
from django.utils.translation import trans_real

logger = logging.getLogger("kinship.outbox")

# (template name, language, autoescape) -> (Django's compiled template, the language's
# catalogue, the copy with the translations looked up). Filled by whichever thread gets there
# first: two threads building the same copy at once build equal copies.
_copies: dict[tuple[str, str, bool], tuple[Template, object, Template]] = {}


def render_email(template: str, context: dict[str, Any], language: str | None) -> tuple[str, str, str]:
    """Render `template`_subject.txt / .txt / .html in `language`: (subject, text, html).

    The subject and text parts are plain text, so nothing in them is HTML-escaped (children's,
    O'Brien); the HTML part is escaped as every HTML template is."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = " ".join(render_plain_text(f"{template}_subject.txt", context).split())
        text = render_plain_text(f"{template}.txt", context)
        html = _render_optional_html(template, context)
    return subject, text, html


def render_plain_text(name: str, context: dict[str, Any]) -> str:
    """A Django template rendered as plain text in the active language: autoescaping off,
    whatever the template says."""
    return _render(name, context, autoescape=False)


def _render_optional_html(template: str, context: dict[str, Any]) -> str:
    """The HTML part, when the email has one. A missing template means plain text only; any
    other error is a bug in the template: logged loudly, and the email still goes as text."""
    try:
        return _render(f"{template}.html", context, autoescape=None)
    except TemplateDoesNotExist:
        return ""
    except Exception:  # noqa: BLE001 - logged with its traceback; the text part still goes
        logger.exception("the HTML part of %s failed to render; sending the text part only", template)
        return ""


def _render(name: str, context: dict[str, Any], *, autoescape: bool | None) -> str:
    """`name` rendered as Django renders it (`autoescape` None: the engine's setting, as
    `render_to_string` does), from the copy for the active language."""
    compiled: Template = get_template(name).template  # type: ignore[attr-defined]
    escape = compiled.engine.autoescape if autoescape is None else autoescape
    language = translation.get_language()
    if not settings.USE_I18N or not language:
        return str(compiled.render(Context(context, autoescape=escape)))
    catalogue = trans_real.translation(language)
    key = (name, language, escape)
    made = _copies.get(key)
    if made is None or made[0] is not compiled or made[1] is not catalogue:
        made = (compiled, catalogue, _translated_copy(compiled, escape))
        _copies[key] = made
    return str(made[2].render(Context(context, autoescape=escape)))


def _translated_copy(compiled: Template, autoescape: bool) -> Template:
    """A copy of `compiled` whose translations are looked up in the active language."""
    made = copy.copy(compiled)
    made.nodelist = _translated_nodes(compiled.nodelist, autoescape, compiled)
    return made


def _translated_nodes(nodes: list[Any], autoescape: bool, compiled: Template) -> NodeList:
    out = NodeList()
    out.contains_nontext = getattr(nodes, "contains_nontext", False)
    for node in nodes:
        made = _translated_node(node, autoescape, compiled)
        if made is None:
            continue
        if isinstance(made, TextNode) and out and isinstance(out[-1], TextNode):
            out[-1] = TextNode(out[-1].s + made.s)  # a new node: the engine's own are shared
        else:
            out.append(made)
    return out


def _translated_node(node: Node, autoescape: bool, compiled: Template) -> Node | None:
    """The node for the copy (None: it renders nothing, so leave it out); a node that is not
    fixed text, nor holds any, is Django's own, shared with the engine's compiled template."""
    if isinstance(node, LoadNode):
        return None
    if isinstance(node, TranslateNode) and _fixed_translate(node):
        # Rendered once, as Django renders it here (in this language, with this escaping).
        context = Context(autoescape=autoescape)
        context.template = compiled
        return TextNode(str(node.render(context)))
    if isinstance(node, BlockTranslateNode) and _fixed_blocktranslate(node):
        return _TranslatedBlock(node)
    if isinstance(node, IfNode):
        made_if = copy.copy(node)
        made_if.conditions_nodelists = [
            (condition, _translated_nodes(nodelist, autoescape, compiled))
            for condition, nodelist in node.conditions_nodelists
        ]
        return made_if
    if isinstance(node, ForNode):
        made_for = copy.copy(node)
        made_for.nodelist_loop = _translated_nodes(node.nodelist_loop, autoescape, compiled)
        made_for.nodelist_empty = _translated_nodes(node.nodelist_empty, autoescape, compiled)
        return made_for
    if isinstance(node, AutoEscapeControlNode):
        made_escape = copy.copy(node)
        made_escape.nodelist = _translated_nodes(node.nodelist, node.setting, compiled)
        return made_escape
    return node


def _fixed_translate(node: TranslateNode) -> bool:
    # `{% translate "text" %}`: no variable, filter, message context or `as`.
    expression = node.filter_expression
    return (
        node.asvar is None
        and node.message_context is None
        and not expression.filters
        and getattr(expression.var, "lookups", True) is None
    )


def _fixed_blocktranslate(node: BlockTranslateNode) -> bool:
    # No plural, message context or `as`: one pattern per language.
    plural = node.plural and node.countervar and node.counter
    return not plural and node.message_context is None and node.asvar is None


class _TranslatedBlock(Node):
    """A `{% blocktranslate %}` whose pattern is looked up once: what Django's
    `BlockTranslateNode.render` does for a block with no plural, context or `as`, less the
    look-up."""

    child_nodelists = ()

    def __init__(self, node: BlockTranslateNode) -> None:
        self.node = node
        self.token = node.token
        self.origin = node.origin
        singular, names = node.render_token_list(node.singular)
        self.pattern = translation.gettext(singular)
        self.names = list(dict.fromkeys(names))

    def render(self, context: Context) -> str:
        node = self.node
        # The block's `with` values shadow the context's, as Django's push of them does.
        extra = {name: value.resolve(context) for name, value in node.extra_context.items()}
        default_value = context.template.engine.string_if_invalid  # type: ignore[union-attr]
        data = {}
        for name in self.names:
            if name in extra:
                value = extra[name]
            elif name in context:
                value = context[name]
            else:
                value = default_value % name if "%s" in default_value else default_value
            data[name] = render_value_in_context(value, context)
        try:
            return str(self.pattern % data)
        except (KeyError, ValueError):
            # A translation that does not fit its variables: Django's own handling (English).
            return str(node.render(context))
