// The roster: one tap marks a trainee. Each mark gets its own id and time on the phone, is kept in
// IndexedDB until the server has it (so it survives a reload and a lost connection), and is sent with
// the idempotent bulk endpoint, PUT /sessions/:id/attendance: a mark sent twice still lands once.
(function () {
  'use strict';
  var form = document.querySelector('form[data-roster]');
  if (!form || !window.indexedDB || !window.fetch) return;

  var sessionId = form.getAttribute('data-session-id');
  var texts = JSON.parse(document.getElementById('roster-texts').textContent);
  var statusBox = document.getElementById('sync-status');
  var DB_NAME = 'cascade-offline';
  var STORE = 'marks';
  var RETRY_MS = 30000;
  var syncing = null;
  var syncAgain = false;
  var problem = null;
  var sentThisPage = false;

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: 'key' });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  /** Runs `work` on the marks store in one transaction; resolves with what `work` returned once committed. */
  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var outcome = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          db.close();
          resolve(outcome && outcome.readyState !== undefined ? outcome.result : outcome);
        };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  function queuedMarks() {
    return withStore('readonly', function (store) {
      return store.getAll();
    });
  }

  function queue(marks) {
    return withStore('readwrite', function (store) {
      marks.forEach(function (mark) {
        store.put(mark);
      });
    });
  }

  /** Forgets the sent marks, unless the trainee was marked again meanwhile (that newer mark still waits). */
  function forget(sent) {
    return withStore('readwrite', function (store) {
      sent.forEach(function (mark) {
        var request = store.get(mark.key);
        request.onsuccess = function () {
          if (request.result && request.result.id === mark.id) store.delete(mark.key);
        };
      });
    });
  }

  function newMark(traineeId, status, markedAt) {
    return {
      key: sessionId + ':' + traineeId,
      id: crypto.randomUUID(),
      sessionId: sessionId,
      traineeId: traineeId,
      status: status,
      markedAt: markedAt,
    };
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)cascade_csrf=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function fill(text, values) {
    return text.replace(/\{\{(\w+)\}\}/g, function (_, name) {
      return values[name] === undefined ? '' : String(values[name]);
    });
  }

  /** The same body always gets the same key, so a retry after a lost answer gets the first answer back. */
  function idempotencyKey(body) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)).then(function (digest) {
      return (
        'roster-' +
        Array.prototype.map
          .call(new Uint8Array(digest), function (byte) {
            return byte.toString(16).padStart(2, '0');
          })
          .join('')
          .slice(0, 40)
      );
    });
  }

  function failure(kind, message) {
    var error = new Error(message || kind);
    error.kind = kind;
    error.serverMessage = message || '';
    return error;
  }

  function put(session, body, key, mayRenew) {
    return fetch('/sessions/' + session + '/attendance', {
      method: 'PUT',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-csrf-token': csrfToken(),
        'idempotency-key': key,
      },
      body: body,
    }).then(
      function (response) {
        if (response.ok) return;
        if (response.status === 401 && mayRenew) {
          // The access cookie expired: renew it with the refresh cookie, once, then try again.
          return fetch('/auth/refresh', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
            body: '{}',
          }).then(function (renewed) {
            if (!renewed.ok) throw failure('session');
            return put(session, body, key, false);
          });
        }
        if (response.status === 401) throw failure('session');
        return response.json().then(
          function (answer) {
            throw failure('refused', answer && answer.message);
          },
          function () {
            throw failure('refused');
          },
        );
      },
      function () {
        throw failure('unreachable');
      },
    );
  }

  function send(session, marks) {
    var body = JSON.stringify({
      marks: marks.map(function (mark) {
        return { id: mark.id, traineeId: mark.traineeId, status: mark.status, markedAt: mark.markedAt };
      }),
    });
    return idempotencyKey(body)
      .then(function (key) {
        return put(session, body, key, true);
      })
      .then(function () {
        return forget(marks);
      });
  }

  /** Sends every queued mark, a session at a time; whatever fails stays queued for the next try. */
  function sync() {
    if (syncing) {
      // A mark made while a send is under way goes out right after it, not at the next retry.
      syncAgain = true;
      return syncing;
    }
    if (!navigator.onLine) return show();
    syncing = queuedMarks()
      .then(function (marks) {
        if (marks.length === 0) return;
        show(texts.sending);
        var bySession = {};
        marks.forEach(function (mark) {
          (bySession[mark.sessionId] = bySession[mark.sessionId] || []).push(mark);
        });
        return Object.keys(bySession)
          .reduce(function (previous, session) {
            return previous.then(function () {
              return send(session, bySession[session]);
            });
          }, Promise.resolve())
          .then(function () {
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
    return queuedMarks().then(function (marks) {
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
    return queue(
      choices.map(function (choice) {
        return newMark(choice.traineeId, choice.status, markedAt);
      }),
    ).then(function () {
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
  queuedMarks()
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
