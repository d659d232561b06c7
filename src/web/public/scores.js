// The scores form on a poor connection: sent while offline, it is kept (what was typed stays in this
// tab, see data-keep in app.js), the page says in its language that it will be sent when the
// connection returns, and sends it then. A send that fails on the way comes back here through the
// service worker (?offline=1) instead of the browser's own error page. "Online" only says the phone
// has a network: the form is sent once the server answers a small request, tried again until it does.
(function () {
  'use strict';
  var form = document.querySelector('form[data-scores]');
  var note = document.getElementById('scores-offline');
  if (!form || !note) return;
  var waiting = false;
  var probing = false;
  var retryMs = 2000;

  function sendWhenOnline() {
    waiting = true;
    note.textContent = note.getAttribute('data-offline');
    note.className = 'sync';
    note.hidden = false;
    note.setAttribute('data-state', 'waiting');
  }

  function send() {
    if (!waiting || probing) return;
    probing = true;
    fetch('/health', { cache: 'no-store', credentials: 'same-origin' })
      .then(function () {
        probing = false;
        if (!waiting) return;
        waiting = false;
        note.textContent = note.getAttribute('data-sending');
        note.setAttribute('data-state', 'sending');
        form.submit();
      })
      .catch(function () {
        probing = false;
        setTimeout(send, retryMs);
        retryMs = Math.min(retryMs * 2, 30000);
      });
  }

  form.addEventListener('submit', function (event) {
    if (navigator.onLine) return;
    event.preventDefault();
    sendWhenOnline();
  });
  window.addEventListener('online', send);

  if (/[?&]offline=1(&|$)/.test(location.search)) {
    sendWhenOnline();
    // The server could not be reached although the phone may think it is online: try it now.
    if (navigator.onLine) send();
  }
})();
