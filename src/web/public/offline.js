// The trainer's pages: a service worker keeps them, and the rosters of upcoming sessions, for offline use.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator)) return;

  var urls = [location.pathname];
  document.querySelectorAll('[data-precache]').forEach(function (element) {
    try {
      urls = urls.concat(JSON.parse(element.getAttribute('data-precache')));
    } catch {
      // A page without the list still keeps itself.
    }
  });

  // The kept pages belong to one account: another one signed in on this phone starts with none.
  var owner = document.body.getAttribute('data-user') || '';
  var previous = localStorage.getItem('cascade-owner');
  localStorage.setItem('cascade-owner', owner);
  var erased = previous === owner || !window.caches ? Promise.resolve() : caches.delete('cascade-pages');

  erased
    .then(function () {
      return navigator.serviceWorker.register('/sw.js', { scope: '/' });
    })
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function (registration) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () {
        document.documentElement.setAttribute('data-offline-ready', 'true');
      };
      registration.active.postMessage({ type: 'precache', urls: urls }, [channel.port2]);
    })
    .catch(function () {
      // Offline use is a bonus: the pages work without it.
    });
})();
