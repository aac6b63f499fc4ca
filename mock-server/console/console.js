// Starts the console: its configuration comes as JSON from the page's own origin (a page of
// another origin can neither read it nor run this file against it), then Scalar renders the
// document it names. Nothing is stored in the browser (`persistAuth: false` in the configuration).
fetch('console/config.json', { credentials: 'omit', cache: 'no-store' })
  .then((reply) => {
    if (!reply.ok) {
      throw new Error(`console/config.json answered ${reply.status}`);
    }
    return reply.json();
  })
  .then((configuration) => Scalar.createApiReference('#console', configuration))
  .catch((error) => {
    document.getElementById('console').textContent = `The console could not start: ${error}`;
  });
