// Every page: small conveniences that the pages work without.
(function () {
  'use strict';

  // The language list switches at once; its button stays for keyboards and browsers without script.
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () {
      select.form.submit();
    });
  });

  // Signing out forgets the pages kept for offline use (marks not yet sent stay queued).
  document.querySelectorAll('form.sign-out').forEach(function (form) {
    form.addEventListener('submit', function () {
      if (window.caches) window.caches.delete('cascade-pages');
    });
  });

  // What was typed into a form survives a session that expired on the way (sign-in, then back here).
  document.querySelectorAll('form[data-keep]').forEach(function (form) {
    var key = 'cascade-form:' + location.pathname;
    if (document.querySelector('[data-form-saved]')) {
      sessionStorage.removeItem(key);
    } else {
      var kept = null;
      try {
        kept = JSON.parse(sessionStorage.getItem(key) || 'null');
      } catch {
        kept = null;
      }
      if (kept) {
        Object.keys(kept).forEach(function (name) {
          var field = form.elements.namedItem(name);
          if (field && field.type !== 'hidden' && field.type !== 'password') field.value = kept[name];
        });
      }
    }
    form.addEventListener('input', function () {
      var values = {};
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && field.type !== 'hidden' && field.type !== 'password') values[field.name] = field.value;
      });
      sessionStorage.setItem(key, JSON.stringify(values));
    });
  });
})();
