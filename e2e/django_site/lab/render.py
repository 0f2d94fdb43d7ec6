"""The short HTML page every view answers: a title and an `#state` paragraph that says what happened, so a
test reads the outcome without parsing."""
import html

from django.http import HttpResponse
from django.middleware.csrf import get_token


def page(title, body, status=200):
    """`body` is HTML, inserted inside `<p id="state">`: close and reopen the paragraph to add elements."""
    doc = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title></head>'
        '<body><h1 id="title">%s</h1><p id="state">%s</p></body></html>'
        % (html.escape(title), html.escape(title), body)
    )
    return HttpResponse(doc, status=status)


def post_form(request, action, fields, button_id, label):
    """A POST form with Django's CSRF token (calling get_token sets csrftoken on a first visit)."""
    inputs = ''.join(
        '<input name="%s" value="%s">' % (html.escape(name), html.escape(value)) for name, value in fields
    )
    return (
        '<form method="post" action="%s">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="%s">%s'
        '<button id="%s" type="submit">%s</button></form>'
        % (html.escape(action), html.escape(get_token(request)), inputs, html.escape(button_id), html.escape(label))
    )
