#!/bin/sh
# {{ title }}
# Needs {{ API_KEY_VARIABLE }} and {{ ACCOUNT_ID_VARIABLE }}; {{ BASE_URL_VARIABLE }} defaults to production.
# On an error curl prints the API's {"code", "reason"} and exits 22. It follows no redirect.
curl --silent --show-error --fail-with-body \
  --request {{ method }} "${ {{- BASE_URL_VARIABLE }}:-{{ PRODUCTION_URL }}}{{ path }}" \
  --header "{{ API_KEY_HEADER }}: ${ {{- API_KEY_VARIABLE }}:?set {{ API_KEY_VARIABLE }}}" \
  --header "{{ ACCOUNT_ID_HEADER }}: ${ {{- ACCOUNT_ID_VARIABLE }}:?set {{ ACCOUNT_ID_VARIABLE }}}"
{%- if body %} \
  --header "Content-Type: application/json" \
  --data @- <<'JSON'
{{ body }}
JSON
{% else %}

{% endif %}
