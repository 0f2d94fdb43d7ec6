"""The views the reference capture used, plus a page with subresources. Each answers a short HTML
page whose text states what happened, so a test can read the outcome without parsing."""
import base64
import html

from django.contrib.auth import get_user_model, login, logout
from django.http import HttpResponse, HttpResponseBadRequest
from django.middleware.csrf import get_token

BACKEND = 'django.contrib.auth.backends.ModelBackend'
PIXEL = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=')


def _page(title, body, status=200):
    doc = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title></head>'
        '<body><h1 id="title">%s</h1><p id="state">%s</p></body></html>'
        % (html.escape(title), html.escape(title), body)
    )
    return HttpResponse(doc, status=status)


def _form(request):
    return (
        '<form method="post" action="/login">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="%s">'
        '<input name="user" value="alice"><button id="login" type="submit">Log in</button></form>'
        % html.escape(get_token(request))
    )


def home(request):
    # Reads request.COOKIES only: touching the session here would change the headers of a first visit.
    names = ', '.join(sorted(request.COOKIES)) or 'none'
    return _page('home', 'cookies sent: %s</p>%s<p>' % (html.escape(names), _form(request)))


def login_view(request):
    name = request.POST.get('user') if request.method == 'POST' else request.GET.get('user')
    if not name:
        return _page('login', 'give ?user=NAME</p>%s<p>' % _form(request))
    user, created = get_user_model().objects.get_or_create(username=name)
    if created:
        user.set_unusable_password()
        user.save()
    login(request, user, backend=BACKEND)
    return _page('login', 'logged in as %s' % html.escape(name))


def logout_view(request):
    logout(request)
    return _page('logout', 'logged out')


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
    """Sets a non-session cookie: /cookie?name=N&value=V[&max_age=S][&httponly=1][&path=/p]."""
    name = request.GET.get('name')
    if not name:
        return HttpResponseBadRequest('give ?name=')
    response = _page('cookie', 'set %s' % html.escape(name))
    max_age = request.GET.get('max_age')
    response.set_cookie(
        name,
        request.GET.get('value', ''),
        max_age=int(max_age) if max_age else None,
        path=request.GET.get('path', '/'),
        httponly=request.GET.get('httponly') == '1',
        samesite='Lax',
    )
    return response
