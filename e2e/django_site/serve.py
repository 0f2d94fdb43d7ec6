#!/usr/bin/python3
"""Migrates a fresh sqlite database and serves the lab with the same WSGIServer and request handler as
`manage.py runserver` (so the headers are byte-for-byte those of the reference capture), on a port the
OS picks. Prints `LISTENING <port>` on stdout once the socket is bound.

usage: serve.py [--data-dir DIR] [--template FILE] [--host 127.0.0.1] [--port 0]

--template: a migrated database to copy instead of migrating (made there on first use): migrating takes
~2 s, copying a few ms, and the tests start one server per configuration.
"""
import argparse
import os
import shutil
import socketserver
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data-dir')
    parser.add_argument('--template')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    args = parser.parse_args()
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

    server_cls = type('ThreadedWSGIServer', (socketserver.ThreadingMixIn, WSGIServer), {})
    httpd = server_cls((args.host, args.port), WSGIRequestHandler, ipv6=':' in args.host)
    httpd.daemon_threads = True
    httpd.set_app(get_wsgi_application())
    print('LISTENING %d' % httpd.server_address[1], flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
