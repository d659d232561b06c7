// Cascade's service worker: the app shell (styles, scripts) and the trainer's pages for offline use.
// Served at /sw.js by the server, which puts this build's asset URLs in place of the marker below.
'use strict';

var BUILD = '__BUILD__';
var SHELL = BUILD.shell;
var SHELL_CACHE = 'cascade-shell-' + BUILD.version;
var PAGES_CACHE = 'cascade-pages';

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then(function (cache) {
        return cache.addAll(SHELL);
      })
      .then(function () {
        return self.skipWaiting();
      }),
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf('cascade-shell-') === 0 && name !== SHELL_CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

/** Keeps a page's current version, if the server gave it (a redirect means the session ended). */
function keep(path, response) {
  if (!response.ok || response.redirected || response.type !== 'basic') return Promise.resolve();
  return caches.open(PAGES_CACHE).then(function (cache) {
    return cache.put(path, response);
  });
}

self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type !== 'precache' || !Array.isArray(data.urls)) return;
  var port = event.ports && event.ports[0];
  var paths = data.urls.filter(function (url) {
    return typeof url === 'string' && url.indexOf('/trainer') === 0;
  });
  event.waitUntil(
    Promise.all(
      paths.map(function (path) {
        return fetch(path, { credentials: 'same-origin', headers: { accept: 'text/html' } })
          .then(function (response) {
            return keep(path, response);
          })
          .catch(function () {
            // Offline now: the copy kept before stays.
          });
      }),
    ).then(function () {
      if (port) port.postMessage({ type: 'precached', count: paths.length });
    }),
  );
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  // A trainer's form sent while the server cannot be reached (the scores): back to the page's kept
  // copy, which keeps what was typed and sends it when the connection returns — never the
  // browser's own error page.
  if (request.method === 'POST' && request.mode === 'navigate' && url.pathname.indexOf('/trainer') === 0) {
    event.respondWith(
      fetch(request).catch(function () {
        return Response.redirect(url.pathname + '?offline=1', 303);
      }),
    );
    return;
  }
  if (request.method !== 'GET') return;

  if (url.pathname.indexOf('/assets/') === 0) {
    event.respondWith(
      caches.match(request).then(function (kept) {
        return kept || fetch(request);
      }),
    );
    return;
  }

  // The trainer's pages: the network first (fresh data), the kept copy when it cannot be reached.
  if (request.mode === 'navigate' && url.pathname.indexOf('/trainer') === 0) {
    event.respondWith(
      fetch(request)
        .then(function (response) {
          var copy = response.clone();
          event.waitUntil(keep(url.pathname, copy));
          return response;
        })
        .catch(function () {
          return caches.match(url.pathname, { cacheName: PAGES_CACHE }).then(function (kept) {
            return kept || Response.error();
          });
        }),
    );
  }
});
