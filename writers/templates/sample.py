"""{{ title }}

Needs {{ API_KEY_VARIABLE }} and {{ ACCOUNT_ID_VARIABLE }}; {{ BASE_URL_VARIABLE }} defaults to production.
"""
import json
import os
import sys

import requests

base_url = os.environ.get("{{ BASE_URL_VARIABLE }}", "{{ PRODUCTION_URL }}")
response = requests.request(
    "{{ method }}",
    f"{base_url}{{ path }}",
    headers={
        "{{ API_KEY_HEADER }}": os.environ["{{ API_KEY_VARIABLE }}"],
        "{{ ACCOUNT_ID_HEADER }}": os.environ["{{ ACCOUNT_ID_VARIABLE }}"],
    },
{% if body %}
    json={{ body }},
{% endif %}
    # The credentials go to the base URL only: never follow a redirect with them.
    allow_redirects=False,
    timeout=30,
)
if not response.ok:
    try:
        error = response.json()
        print(f"{response.status_code} {error['code']}: {error['reason']}", file=sys.stderr)
    except (ValueError, KeyError, TypeError):
        print(f"{response.status_code} {response.text}", file=sys.stderr)
    sys.exit(1)
print(json.dumps(response.json(), indent=2))
