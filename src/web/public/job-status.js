// The export page while its job runs: asks the job's state every second and reloads once it ended,
// so the link to the file shows at once. Without script the page refreshes itself (noscript).
(function () {
  'use strict';
  var box = document.getElementById('export-job');
  if (!box || box.getAttribute('data-pending') !== 'true') return;
  var url = box.getAttribute('data-job-url');
  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (job) {
        if (job && (job.state === 'completed' || job.state === 'failed')) location.reload();
        else window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 500);
})();
