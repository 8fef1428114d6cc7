"""The wording of every message, in the recipient's language, as plain text and HTML.

A letter is built once from translated parts; both bodies are rendered from it, so the text and
the HTML of a message never say different things."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import escape

from commitments.i18n import gettext


@dataclass(frozen=True)
class Letter:
    """What a message says, already in its language."""

    subject: str
    greeting: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...] = ()
    action: str = ""  # the link's label
    link: str = ""  # absolute URL of the exact page
    footer: str = ""
    extra: tuple[str, ...] = field(default=())  # paragraphs after the list (e.g. a comment)


def footer(locale: str) -> str:
    return gettext(
        locale,
        "Este mensaje lo envía el sistema de seguimiento de compromisos de la comisión. "
        "Puede ver todos los mensajes que se le enviaron en su cuenta.",
    )


def greeting(locale: str, name: str) -> str:
    return gettext(locale, "Hola, %(name)s:", name=name) if name else gettext(locale, "Hola:")


def text_body(letter: Letter) -> str:
    """The plain-text body."""
    parts = [letter.greeting, *letter.paragraphs]
    if letter.items:
        parts.append("\n".join(f"- {item}" for item in letter.items))
    parts.extend(letter.extra)
    if letter.link:
        parts.append(f"{letter.action}:\n{letter.link}")
    if letter.footer:
        parts.append(f"-- \n{letter.footer}")
    return "\n\n".join(parts) + "\n"


def html_body(letter: Letter, locale: str) -> str:
    """The HTML body: the same parts, escaped, with the link as a button-like anchor."""
    out = [
        f'<!doctype html><html lang="{escape(locale)}"><head><meta charset="utf-8">'
        f"<title>{escape(letter.subject)}</title></head>"
        '<body style="font-family:sans-serif;line-height:1.5;color:#1b1b1b;max-width:40rem">',
        f"<p>{escape(letter.greeting)}</p>",
    ]
    out += [f"<p>{escape(p)}</p>" for p in letter.paragraphs]
    if letter.items:
        out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in letter.items) + "</ul>")
    out += [f"<blockquote><p>{escape(p)}</p></blockquote>" for p in letter.extra]
    if letter.link:
        out.append(
            f'<p><a href="{escape(letter.link)}" style="display:inline-block;padding:.6em 1em;'
            f'background:#1d4f91;color:#fff;text-decoration:none;border-radius:4px">'
            f"{escape(letter.action)}</a></p>"
            f'<p style="font-size:.85em;color:#555">{escape(letter.link)}</p>'
        )
    if letter.footer:
        out.append(f'<hr><p style="font-size:.85em;color:#555">{escape(letter.footer)}</p>')
    out.append("</body></html>")
    return "".join(out)
