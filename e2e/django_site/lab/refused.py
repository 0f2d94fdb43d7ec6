"""Session cookies a browser refuses, each beside a control that sets the same cookie correctly.

`/refused/<case>` sends the faulty Set-Cookie; `/refused/<case>/control` the corrected one. Both go
through Django's own `set_cookie`, so the headers are exactly what a misconfigured Django site sends
(e.g. SESSION_COOKIE_NAME = '__Host-sessionid' without SESSION_COOKIE_SECURE). `?value=V` chooses the
value (default: a fresh 32-character key, as Django's db backend makes); `?max_age=none` makes it a
browser-session cookie (default: SESSION_COOKIE_AGE, as SessionMiddleware sends)."""
import html

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.http.request import split_domain_port
from django.utils.crypto import get_random_string

from .render import page

KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789'
# Browsers refuse a cookie whose name and value together exceed 4096 bytes (RFC 6265bis, section 5.6).
MAX_NAME_VALUE = 4096
FILLER = 'sessionscope0123456789'


def _own_domain(request):
    """A Domain attribute the request's host domain-matches: the registrable domain of the lab's names."""
    host, _port = split_domain_port(request.get_host())
    for parent in ('example.test', 'other.test'):
        if host == parent or host.endswith('.' + parent):
            return parent
    return host


def _padded(value, name, length):
    need = length - len(name) - len(value)
    return value + (FILLER * (need // len(FILLER) + 1))[: max(need, 0)]


# case: (the rule a browser applies, the faulty cookie, the corrected cookie). A cookie is a dict of
# set_cookie arguments over the defaults below; callables take (request, value).
CASES = {
    'host-prefix-without-secure': (
        'a __Host- cookie must be Secure (with Path=/ and no Domain)',
        {'key': '__Host-sessionid'},
        {'key': '__Host-sessionid', 'secure': True},
    ),
    'secure-prefix-without-secure': (
        'a __Secure- cookie must be Secure',
        {'key': '__Secure-sessionid'},
        {'key': '__Secure-sessionid', 'secure': True},
    ),
    'samesite-none-without-secure': (
        'SameSite=None requires Secure',
        {'samesite': 'None'},
        {'samesite': 'None', 'secure': True},
    ),
    'secure-over-http': (
        'a Secure cookie is refused over plain http, except from localhost (over https it is stored)',
        {'secure': True},
        {},
    ),
    'domain-mismatch': (
        "the Domain attribute must be the request's host or a parent of it",
        {'domain': lambda request, value: 'example.com'},
        {'domain': lambda request, value: _own_domain(request)},
    ),
    'oversize': (
        'name and value together may not exceed %d bytes' % MAX_NAME_VALUE,
        {'value': lambda request, value: _padded(value, 'sessionid', MAX_NAME_VALUE + 1)},
        {'value': lambda request, value: _padded(value, 'sessionid', MAX_NAME_VALUE)},
    ),
}


def refused(request, case, control=False):
    if case not in CASES:
        raise Http404('cases: %s' % ', '.join(CASES))
    rule, faulty, corrected = CASES[case]
    value = request.GET.get('value') or get_random_string(32, KEY_CHARS)
    max_age = request.GET.get('max_age', str(settings.SESSION_COOKIE_AGE))
    if max_age != 'none' and not max_age.isdigit():
        return HttpResponseBadRequest('max_age: seconds or none')
    cookie = {
        'key': 'sessionid',
        'value': value,
        'max_age': None if max_age == 'none' else int(max_age),
        'path': '/',
        'httponly': True,
        'samesite': 'Lax',
    }
    for name, given in (corrected if control else faulty).items():
        cookie[name] = given(request, value) if callable(given) else given
    title = 'refused %s%s' % (case, ' (control)' if control else '')
    response = page(title, '')
    response.set_cookie(**cookie)
    header = response.cookies[cookie['key']].output(header='').strip()
    said = 'the same cookie, set correctly' if control else 'a browser refuses it: %s' % rule
    scheme = 'https' if request.is_secure() else 'http'
    response.content = page(
        title,
        'sent over %s to %s: <code id="header">Set-Cookie: %s</code>; %s'
        % (scheme, html.escape(request.get_host()), html.escape(header), html.escape(said)),
    ).content
    return response
