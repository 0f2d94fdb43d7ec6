#!/usr/bin/python3
"""Migrates a fresh sqlite database and serves the lab with the same WSGIServer and request handler as
`manage.py runserver` (so the headers are byte-for-byte those of the reference capture), on a port the
OS picks. Prints `LISTENING <port>` on stdout once the socket is bound.

usage: serve.py [--data-dir DIR] [--template FILE] [--host 127.0.0.1] [--port 0]
                [--cert FILE --key FILE [--https-port 0]]

--template: a migrated database to copy instead of migrating (made there on first use): migrating takes
~2 s, copying a few ms, and the tests start one server per configuration.
--cert/--key: also serve https (the same site, the same process, so sessions are shared) on a second
port; prints `LISTENING_HTTPS <port>` before `LISTENING <port>`.
"""
import argparse
import os
import shutil
import socketserver
import ssl
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data-dir')
    parser.add_argument('--template')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--cert')
    parser.add_argument('--key')
    parser.add_argument('--https-port', type=int, default=0)
    args = parser.parse_args()
    if bool(args.cert) != bool(args.key):
        parser.error('--cert and --key go together')
    if args.data_dir:
        os.environ['DJANGO_LAB_DATA_DIR'] = args.data_dir
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'lab.settings')

    import django
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
    from django.core.wsgi import get_wsgi_application

    django.setup()
    from django.conf import settings

    database = settings.DATABASES['default']['NAME']
    if args.template and os.path.exists(args.template):
        shutil.copyfile(args.template, database)
    else:
        call_command('migrate', run_syncdb=True, verbosity=0, interactive=False)
        if args.template:
            # Written beside, then renamed: parallel servers never copy a half-written template.
            partial = '%s.%d.partial' % (args.template, os.getpid())
            os.makedirs(os.path.dirname(os.path.abspath(args.template)), exist_ok=True)
            shutil.copyfile(database, partial)
            os.replace(partial, args.template)

    app = get_wsgi_application()
    ipv6 = ':' in args.host
    threaded = type('ThreadedWSGIServer', (socketserver.ThreadingMixIn, WSGIServer), {'daemon_threads': True})
    if args.cert:
        https = _https_server(threaded, WSGIRequestHandler, args, ipv6)
        https.set_app(app)
        threading.Thread(target=https.serve_forever, daemon=True).start()
        print('LISTENING_HTTPS %d' % https.server_address[1], flush=True)
    httpd = threaded((args.host, args.port), WSGIRequestHandler, ipv6=ipv6)
    httpd.set_app(app)
    print('LISTENING %d' % httpd.server_address[1], flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


def _https_server(server_cls, handler_cls, args, ipv6):
    """The same server over TLS. The handshake runs in the request's own thread (not in the accept loop,
    where one client that connects and says nothing would stall every other), and the request says it
    came over https (HTTPS=on, as a TLS-terminating front server sets it), so request.is_secure() holds."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)

    class SecureHandler(handler_cls):
        def get_environ(self):
            environ = super().get_environ()
            environ['HTTPS'] = 'on'
            return environ

    class SecureServer(server_cls):
        def get_request(self):
            sock, address = self.socket.accept()
            return context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address

        def finish_request(self, request, client_address):
            request.settimeout(30)
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError) as error:
                sys.stderr.write('TLS handshake from %s failed: %s\n' % (client_address[0], error))
                return
            request.settimeout(None)
            super().finish_request(request, client_address)

    return SecureServer((args.host, args.https_port), SecureHandler, ipv6=ipv6)


if __name__ == '__main__':
    main()
