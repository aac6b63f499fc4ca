// {{ title }}
// Node.js 18 or newer, no package. Needs {{ API_KEY_VARIABLE }} and {{ ACCOUNT_ID_VARIABLE }};
// {{ BASE_URL_VARIABLE }} defaults to production. Run: node {{ file }}
for (const name of ['{{ API_KEY_VARIABLE }}', '{{ ACCOUNT_ID_VARIABLE }}']) {
  if (!process.env[name]) {
    console.error(`Set ${name}.`);
    process.exit(2);
  }
}
const baseUrl = process.env.{{ BASE_URL_VARIABLE }} ?? '{{ PRODUCTION_URL }}';
const response = await fetch(`${baseUrl}{{ path }}`, {
  method: '{{ method }}',
  headers: {
    '{{ API_KEY_HEADER }}': process.env.{{ API_KEY_VARIABLE }},
    '{{ ACCOUNT_ID_HEADER }}': process.env.{{ ACCOUNT_ID_VARIABLE }},
{% if body %}
    'Content-Type': 'application/json',
{% endif %}
  },
{% if body %}
  body: JSON.stringify({{ body }}),
{% endif %}
  // The credentials go to the base URL only: never follow a redirect with them.
  redirect: 'manual',
  signal: AbortSignal.timeout(30_000),
});
const text = await response.text();
if (!response.ok) {
  let error;
  try {
    const { code, reason } = JSON.parse(text);
    error = `${code}: ${reason}`;
  } catch {
    error = text;
  }
  console.error(`${response.status} ${error}`);
  process.exit(1);
}
console.log(JSON.stringify(JSON.parse(text), null, 2));
