// The trainee's feedback form (and the practice follow-up form) on a phone with a poor connection. What is typed is kept on the phone
// (localStorage: the tab may be closed before the connection returns); a send is made only once
// the server answers a small request (/health), as scores.js does, so an answer typed offline
// waits on the page ("will be sent when back online") and is sent when the connection returns.
(function () {
  'use strict';
  var form = document.querySelector('form[data-feedback]');
  var note = document.getElementById('feedback-offline');
  if (!form || !note) return;
  var key = 'cascade-feedback:' + location.pathname;
  var waiting = false;
  var probing = false;
  var retryMs = 2000;

  function values() {
    var kept = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === 'hidden') return;
      if (field.type === 'radio') {
        if (field.checked) kept[field.name] = field.value;
      } else if (field.type === 'checkbox') {
        // A group of boxes keeps the values ticked.
        kept[field.name] = (kept[field.name] || []).concat(field.checked ? [field.value] : []);
      } else kept[field.name] = field.value;
    });
    return kept;
  }

  function keep(pending) {
    try {
      localStorage.setItem(key, JSON.stringify({ pending: pending, values: values() }));
    } catch {
      // A full or disabled storage: the answer is still on the page.
    }
  }

  function restore(kept) {
    Object.keys(kept).forEach(function (name) {
      if (Array.isArray(kept[name])) {
        form.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
          if (box.name === name) box.checked = kept[name].indexOf(box.value) >= 0;
        });
        return;
      }
      var field = form.elements.namedItem(name);
      if (field) field.value = kept[name];
    });
  }

  function sendWhenOnline() {
    waiting = true;
    note.textContent = note.getAttribute('data-offline');
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
        note.hidden = false;
        note.setAttribute('data-state', 'sending');
        form.submit();
      })
      .catch(function () {
        probing = false;
        sendWhenOnline();
        setTimeout(send, retryMs);
        retryMs = Math.min(retryMs * 2, 30000);
      });
  }

  var stored;
  try {
    stored = JSON.parse(localStorage.getItem(key) || 'null');
  } catch {
    stored = null;
  }
  if (document.querySelector('[data-form-saved]')) {
    localStorage.removeItem(key);
  } else if (document.querySelector('[data-error-summary], .notice.error')) {
    // The server refused what was sent and shows it again: what is on the page is what is kept.
    keep(false);
  } else if (stored && stored.values) {
    restore(stored.values);
    if (stored.pending) {
      sendWhenOnline();
      send();
    }
  }

  form.addEventListener('input', function () {
    keep(waiting);
  });
  form.addEventListener('change', function () {
    keep(waiting);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    keep(true);
    waiting = true;
    send();
  });
  window.addEventListener('online', send);
})();
