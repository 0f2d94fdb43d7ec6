"""Requests between sites: a page on app.example.test that loads from its sibling static.example.test, a
page that calls another site with and without credentials, and the endpoint both call, which says which
cookies the browser sent it. None of these touches the session."""
import html
import json

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt

from .render import page


def _allow_origin(request, response):
    # CORS with credentials for the lab's own names, so a page on one of them can read the answer.
    origin = request.headers.get('Origin')
    if origin:
        response['Access-Control-Allow-Origin'] = origin
        response['Access-Control-Allow-Credentials'] = 'true'
        response['Vary'] = 'Origin'
    return response


@csrf_exempt
def cookies_seen(request):
    """JSON: which cookies this request carried (names, sorted), over which scheme to which host, with
    which method and Origin. Also the target of the cross-site form POST, hence no CSRF check."""
    answer = {
        'view': 'cookies-seen',
        'cookies': sorted(request.COOKIES),
        'host': request.get_host(),
        'secure': request.is_secure(),
        'method': request.method,
        'origin': request.headers.get('Origin'),
        'via': request.GET.get('via'),
    }
    return _allow_origin(request, HttpResponse(json.dumps(answer), content_type='application/json'))


def _origin_arg(request, name, default_host):
    """An origin from `?name=`, or `default_host` on the request's own scheme and port."""
    given = request.GET.get(name)
    if given:
        if not given.startswith(('http://', 'https://')) or any(c in given for c in '"<> '):
            return None
        return given.rstrip('/')
    port = request.get_port()
    return '%s://%s:%s' % (request.scheme, default_host, port)


# Each check fills its own element with what the target saw, then `#done` says all are settled.
SCRIPT = '''
<script>
(function () {
  var checks = %s;
  var left = checks.length;
  function settle(id, text) {
    document.getElementById(id).textContent = text;
    left -= 1;
    if (left === 0) document.getElementById('done').textContent = 'done';
  }
  checks.forEach(function (c) {
    fetch(c.url, { credentials: c.credentials, mode: 'cors' })
      .then(function (r) { return r.json(); })
      .then(function (j) { settle(c.id, 'sent: ' + (j.cookies.join(', ') || 'none')); })
      .catch(function (e) { settle(c.id, 'failed: ' + e); });
  });
})();
</script>'''


def _checks_html(checks):
    rows = ''.join('<li>%s: <span id="%s">pending</span></li>' % (html.escape(c['label']), c['id']) for c in checks)
    data = json.dumps([{k: c[k] for k in ('id', 'url', 'credentials')} for c in checks]).replace('<', '\\u003c')
    return '<ul>%s</ul><p id="done">pending</p>%s' % (rows, SCRIPT % data)


def sibling_page(request):
    """A page (meant for app.example.test) whose images and fetches go to its sibling static.example.test
    (`?static=ORIGIN`, default static.example.test on this request's scheme and port). A host-only cookie
    of app.example.test is not sent there; a cookie with Domain=example.test is."""
    static = _origin_arg(request, 'static', 'static.example.test')
    if not static:
        return HttpResponseBadRequest('static: an http(s) origin')
    checks = [
        {'id': 'include', 'label': 'fetch with credentials', 'credentials': 'include',
         'url': static + '/cookies-seen?via=sibling-include'},
        {'id': 'same-origin', 'label': 'fetch, default credentials', 'credentials': 'same-origin',
         'url': static + '/cookies-seen?via=sibling-default'},
    ]
    body = (
        'loads from %s</p>'
        '<img src="%s/pixel.png?via=sibling-1" alt=""><img src="%s/pixel.png?via=sibling-2" alt="">%s<p>'
        % (html.escape(static), html.escape(static), html.escape(static), _checks_html(checks))
    )
    return page('sibling-page', body)


def cross_site(request):
    """A page (meant for other.test) that calls `?target=ORIGIN` (default app.example.test on this
    request's scheme and port): an image, fetches with and without credentials, a link and a POST form
    to the target. A SameSite=Lax cookie of the target goes with the link only; SameSite=None; Secure
    with every credentialed request."""
    target = _origin_arg(request, 'target', 'app.example.test')
    if not target:
        return HttpResponseBadRequest('target: an http(s) origin')
    checks = [
        {'id': 'include', 'label': 'fetch with credentials', 'credentials': 'include',
         'url': target + '/cookies-seen?via=cross-include'},
        {'id': 'omit', 'label': 'fetch without credentials', 'credentials': 'omit',
         'url': target + '/cookies-seen?via=cross-omit'},
    ]
    t = html.escape(target)
    body = (
        'calls %s</p>'
        '<img src="%s/pixel.png?via=cross-img" alt="">%s'
        '<p><a id="link" href="%s/cookies-seen?via=cross-link">a link to the target</a></p>'
        '<form id="post" method="post" action="%s/cookies-seen?via=cross-post">'
        '<button id="post-button" type="submit">POST to the target</button></form><p>'
        % (t, t, _checks_html(checks), t, t)
    )
    return page('cross-site', body)
