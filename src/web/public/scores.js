// The scores form on a poor connection: sent while offline, it is kept (what was typed stays in this
// tab, see data-keep in app.js), the page says in its language that it will be sent when the
// connection returns, and sends it then. A send that fails on the way comes back here through the
// service worker (?offline=1) instead of the browser's own error page.
(function () {
  'use strict';
  var form = document.querySelector('form[data-scores]');
  var note = document.getElementById('scores-offline');
  if (!form || !note) return;
  var waiting = false;

  function sendWhenOnline() {
    waiting = true;
    note.textContent = note.getAttribute('data-offline');
    note.className = 'sync';
    note.hidden = false;
    note.setAttribute('data-state', 'waiting');
  }

  function send() {
    if (!waiting) return;
    waiting = false;
    note.textContent = note.getAttribute('data-sending');
    note.setAttribute('data-state', 'sending');
    form.submit();
  }

  form.addEventListener('submit', function (event) {
    if (navigator.onLine) return;
    event.preventDefault();
    sendWhenOnline();
  });
  window.addEventListener('online', send);

  if (/[?&]offline=1(&|$)/.test(location.search)) {
    sendWhenOnline();
    if (navigator.onLine) {
      // The server could not be reached although the phone thinks it is online: try again shortly.
      setTimeout(function () {
        if (navigator.onLine) send();
      }, 15000);
    }
  }
})();
