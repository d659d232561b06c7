// The marks waiting on this phone: kept in IndexedDB until the server has them, each tagged with the
// account that made it. An account sees and sends only its own marks, so a phone passed to another
// trainer never sends the first one's marks under the second one's name. Used by the roster (marking)
// and by app.js (sign-out: send or discard what is waiting, then erase it).
(function () {
  'use strict';
  var owner = document.body.getAttribute('data-user');
  if (!owner || !window.indexedDB || !window.fetch) return;

  var DB_NAME = 'cascade-offline';
  var STORE = 'marks';

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

  /** This account's waiting marks; another account's stay hidden (and unsent) on the phone. */
  function queuedMarks() {
    return withStore('readonly', function (store) {
      return store.getAll();
    }).then(function (marks) {
      return marks.filter(function (mark) {
        return mark.owner === owner;
      });
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

  /** Erases every waiting mark of this account (sign-out). */
  function discard() {
    return queuedMarks().then(function (marks) {
      return withStore('readwrite', function (store) {
        marks.forEach(function (mark) {
          store.delete(mark.key);
        });
      });
    });
  }

  function newMark(sessionId, traineeId, status, markedAt) {
    return {
      key: owner + ':' + sessionId + ':' + traineeId,
      owner: owner,
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
        // The page reads only whether it was saved: no roster back over a slow connection.
        prefer: 'return=minimal',
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

  /** Sends the given marks a session at a time; rejects with the first failure (the rest stay queued). */
  function sendAll(marks) {
    var bySession = {};
    marks.forEach(function (mark) {
      (bySession[mark.sessionId] = bySession[mark.sessionId] || []).push(mark);
    });
    return Object.keys(bySession).reduce(function (previous, session) {
      return previous.then(function () {
        return send(session, bySession[session]);
      });
    }, Promise.resolve());
  }

  window.cascadeQueue = {
    queuedMarks: queuedMarks,
    queue: queue,
    newMark: newMark,
    sendAll: sendAll,
    discard: discard,
  };
})();
