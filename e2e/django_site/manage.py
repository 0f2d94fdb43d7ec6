#!/usr/bin/python3
"""For running the lab by hand, e.g. `SESSION_ENGINE=signed_cookies /usr/bin/python3 manage.py runserver`.
Tests use serve.py, which migrates and picks a free port itself."""
import os
import sys

if __name__ == '__main__':
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'lab.settings')
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
