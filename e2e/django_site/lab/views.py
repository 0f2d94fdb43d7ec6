"""The views the reference capture used, plus a page with subresources and the ways real sites log in
and out (a logout form, a logout that clears site data, a password-reset link, a magic link). Each answers
a short HTML page whose text states what happened. Every Set-Cookie here is Django's own."""
import base64
import html

from django.contrib.auth import get_user_model, login, logout
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from .render import page as _page
from .render import post_form

BACKEND = 'django.contrib.auth.backends.ModelBackend'
PIXEL = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=')
# The key Django's PasswordResetConfirmView keeps the token under, between the link and the form.
RESET_SESSION_TOKEN = '_password_reset_token'


def _form(request):
    return post_form(request, '/login', [('user', 'alice')], 'login', 'Log in')


def _login(request, name):
    user, created = get_user_model().objects.get_or_create(username=name)
    if created:
        user.set_unusable_password()
        user.save()
    login(request, user, backend=BACKEND)


def home(request):
    # Reads request.COOKIES only: touching the session here would change the headers of a first visit.
    names = ', '.join(sorted(request.COOKIES)) or 'none'
    return _page('home', 'cookies sent: %s</p>%s<p>' % (html.escape(names), _form(request)))


def login_view(request):
    name = request.POST.get('user') if request.method == 'POST' else request.GET.get('user')
    if not name:
        return _page('login', 'give ?user=NAME</p>%s<p>' % _form(request))
    _login(request, name)
    return _page('login', 'logged in as %s' % html.escape(name))


def logout_view(request):
    logout(request)
    return _page('logout', 'logged out')


def logout_clear_site_data(request):
    """A logout that also asks the browser to clear the site's cookies, as many security guides advise."""
    logout(request)
    response = _page('logout-clear-site-data', 'logged out and sent Clear-Site-Data: "cookies"')
    response['Clear-Site-Data'] = '"cookies"'
    return response


def account(request):
    """An ordinary page of a logged-in area, with the logout button as a POST form (Django 5 only logs out
    on POST)."""
    user = request.user.get_username() if request.user.is_authenticated else 'anonymous'
    form = post_form(request, '/accounts/logout/', [], 'logout', 'Log out')
    return _page('account', 'signed in as %s</p>%s<p>' % (html.escape(user), form))


def accounts_logout(request):
    """Django's LogoutView at its usual URL: GET or POST (CSRF-checked) logs out; `?next=/path` answers
    a redirect there, as LogoutView(next_page=…) does."""
    logout(request)
    target = request.GET.get('next') or request.POST.get('next')
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return _page('accounts-logout', 'logged out by %s' % request.method)


def password_reset(request, uidb64, token):
    """The link of a password-reset mail. GET, as Django's PasswordResetConfirmView answers it: the token
    moves into the session (which sets the session cookie) and the browser is redirected to
    `/reset/<uidb64>/set-password/`, a URL without it; `?redirect=0` answers the form at the token URL
    instead (as Django did before 2.0). POST to either URL finishes the reset and, as sites that end every
    session after a password change do, logs out: `session.flush()`, so the cookie is deleted."""
    if request.method == 'POST':
        logout(request)
        return _page('password-reset', 'password set for %s; logged out' % html.escape(uidb64))
    if token != 'set-password':
        request.session[RESET_SESSION_TOKEN] = token
        if request.GET.get('redirect') != '0':
            return HttpResponseRedirect('/reset/%s/set-password/' % uidb64)
    held = RESET_SESSION_TOKEN in request.session
    form = post_form(request, request.path, [], 'set-password', 'Set password')
    return _page('password-reset', 'reset token in session: %s</p>%s<p>' % ('yes' if held else 'no', form))


def magic_link(request):
    """A sign-in link with a secret in its query: `/magic-link?token=SECRET&user=NAME` logs NAME in."""
    name = request.GET.get('user')
    if not request.GET.get('token') or not name:
        return HttpResponseBadRequest('give ?token=SECRET&user=NAME')
    _login(request, name)
    return _page('magic-link', 'logged in as %s by a magic link' % html.escape(name))


def touch(request):
    counter = request.session.get('counter', 0) + 1
    request.session['counter'] = counter
    return _page('touch', 'counter=%d' % counter)


def read(request):
    counter = request.session.get('counter', 0)
    user = request.session.get('_auth_user_id')
    return _page('read', 'counter=%d user=%s' % (counter, html.escape(str(user) if user else 'anonymous')))


def noop(request):
    return _page('noop', 'session untouched')


def flush(request):
    request.session.flush()
    return _page('flush', 'flushed')


def cycle(request):
    request.session.cycle_key()
    return _page('cycle', 'cycled')


def big(request):
    # Compressible, so signed_cookies switches to its zlib form (the leading ".").
    request.session['big'] = 'sessionscope ' * 80
    return _page('big', 'stored %d chars' % len(request.session['big']))


def clear_site_data(request):
    response = _page('clear-site-data', 'sent Clear-Site-Data: "cookies"')
    response['Clear-Site-Data'] = '"cookies"'
    return response


def page(request):
    # Subresources to the same origin: images, a script and fetches, as a real page makes.
    body = (
        'page with subresources</p>'
        '<img src="/pixel.png?n=1" alt=""><img src="/pixel.png?n=2" alt="">'
        '<p id="fetched">pending</p><script src="/page.js"></script><p>'
    )
    return _page('page', body)


def pixel(request):
    return HttpResponse(PIXEL, content_type='image/png')


def page_script(request):
    js = (
        "Promise.all([fetch('/noop?from=page'), fetch('/read?from=page')])"
        ".then(function (rs) { document.getElementById('fetched').textContent = 'fetched ' + rs.length; })"
        ".catch(function (e) { document.getElementById('fetched').textContent = 'failed ' + e; });"
    )
    return HttpResponse(js, content_type='text/javascript')


def cookie(request):
    """Sets a non-session cookie through Django's set_cookie:
    /cookie?name=N&value=V[&max_age=S][&httponly=1][&path=/p][&secure=1][&samesite=Lax|Strict|None|off][&domain=D]"""
    name = request.GET.get('name')
    if not name:
        return HttpResponseBadRequest('give ?name=')
    samesite = request.GET.get('samesite', 'Lax')
    if samesite not in ('Lax', 'Strict', 'None', 'off'):
        return HttpResponseBadRequest('samesite: Lax, Strict, None or off')
    response = _page('cookie', 'set %s' % html.escape(name))
    max_age = request.GET.get('max_age')
    response.set_cookie(
        name,
        request.GET.get('value', ''),
        max_age=int(max_age) if max_age else None,
        path=request.GET.get('path', '/'),
        domain=request.GET.get('domain') or None,
        secure=request.GET.get('secure') == '1',
        httponly=request.GET.get('httponly') == '1',
        samesite=None if samesite == 'off' else samesite,
    )
    return response
