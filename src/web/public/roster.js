// The roster: one tap marks a trainee. Each mark gets its own id and time on the phone, is kept in
// the account's offline queue (offline-queue.js, IndexedDB) until the server has it, so it survives a
// reload and a lost connection, and is sent with the idempotent bulk endpoint: a mark sent twice
// still lands once. The sticky bar keeps "marked N of M" and the sync state in sight.
(function () {
  'use strict';
  var form = document.querySelector('form[data-roster]');
  var offline = window.cascadeQueue;
  if (!form || !offline) return;

  var sessionId = form.getAttribute('data-session-id');
  var texts = JSON.parse(document.getElementById('roster-texts').textContent);
  var statusBox = document.getElementById('sync-status');
  var markedBox = document.getElementById('marked-count');
  var RETRY_MS = 30000;
  var syncing = null;
  var syncAgain = false;
  var problem = null;
  var sentThisPage = false;

  function fill(text, values) {
    return text.replace(/\{\{(\w+)\}\}/g, function (_, name) {
      return values[name] === undefined ? '' : String(values[name]);
    });
  }

  /** "Marked N of M" in the sticky bar: the trainees with a mark on this page, the saved and the waiting. */
  function countMarked() {
    var rows = form.querySelectorAll('[data-trainee-id]');
    var marked = form.querySelectorAll('[data-trainee-id] input[type=radio]:checked').length;
    markedBox.textContent = fill(texts.marked, { marked: marked, total: rows.length });
    markedBox.setAttribute('data-marked', String(marked));
  }

  /** Sends every queued mark, a session at a time; whatever fails stays queued for the next try. */
  function sync() {
    if (syncing) {
      // A mark made while a send is under way goes out right after it, not at the next retry.
      syncAgain = true;
      return syncing;
    }
    if (!navigator.onLine) return show();
    syncing = offline
      .queuedMarks()
      .then(function (marks) {
        if (marks.length === 0) return;
        show(texts.sending);
        return offline.sendAll(marks).then(function () {
          sentThisPage = true;
          problem = null;
          refreshOfflineCopy();
        });
      })
      .catch(function (error) {
        problem = error;
      })
      .then(function () {
        syncing = null;
        var again = syncAgain && !problem;
        syncAgain = false;
        return again ? sync() : show();
      });
    return syncing;
  }

  /** The kept copy of this page should show what the server now holds. */
  function refreshOfflineCopy() {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: 'precache', urls: [location.pathname] });
    }
  }

  function show(override) {
    countMarked();
    return offline.queuedMarks().then(function (marks) {
      var lines = [];
      var state = 'waiting';
      if (override) {
        lines.push(override);
      } else if (marks.length > 0) {
        lines.push(fill(texts.waiting, { number: marks.length }));
        if (!navigator.onLine) {
          lines.push(texts.offline);
        } else if (problem) {
          state = 'failed';
          lines.push(
            problem.kind === 'session' ? texts.signInAgain : fill(texts.failed, { message: problem.serverMessage }),
          );
        }
      } else if (sentThisPage) {
        state = 'done';
        lines.push(texts.synced);
      }
      statusBox.hidden = lines.length === 0;
      statusBox.className = 'sync ' + state;
      statusBox.setAttribute('data-waiting', String(marks.length));
      statusBox.textContent = lines.join(' ');
      if (problem && problem.kind === 'session' && marks.length > 0) {
        var link = document.createElement('a');
        link.href = '/sign-in?returnTo=' + encodeURIComponent(location.pathname);
        link.textContent = '→';
        statusBox.appendChild(document.createTextNode(' '));
        statusBox.appendChild(link);
      }
    });
  }

  function mark(choices) {
    var markedAt = new Date().toISOString();
    return offline
      .queue(
        choices.map(function (choice) {
          return offline.newMark(sessionId, choice.traineeId, choice.status, markedAt);
        }),
      )
      .then(function () {
        return navigator.onLine ? sync() : show();
      });
  }

  form.addEventListener('change', function (event) {
    var input = event.target;
    if (input.type !== 'radio') return;
    var traineeId = input.closest('[data-trainee-id]').getAttribute('data-trainee-id');
    mark([{ traineeId: traineeId, status: input.value }]);
  });

  form.querySelector('[data-all-present]').addEventListener('click', function () {
    var choices = [];
    form.querySelectorAll('[data-trainee-id]').forEach(function (row) {
      if (row.querySelector('input[type=radio]:checked')) return;
      var present = row.querySelector('input[value=present]');
      present.checked = true;
      choices.push({ traineeId: row.getAttribute('data-trainee-id'), status: 'present' });
    });
    if (choices.length > 0) mark(choices);
  });

  // With script, marks are sent as they are made: the button only hurries a retry.
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    sync();
  });

  window.addEventListener('online', sync);
  window.addEventListener('offline', function () {
    show();
  });
  setInterval(sync, RETRY_MS);

  // What is still queued shows on the page as marked, after a reload too.
  offline
    .queuedMarks()
    .then(function (marks) {
      marks.forEach(function (queued) {
        if (queued.sessionId !== sessionId) return;
        var input = form.querySelector(
          '[data-trainee-id="' + queued.traineeId + '"] input[value="' + queued.status + '"]',
        );
        if (input) input.checked = true;
      });
    })
    .then(sync);
})();
