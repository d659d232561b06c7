// Every page: small conveniences that the pages work without.
(function () {
  'use strict';

  // The language list switches at once; its button stays for keyboards and browsers without script.
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () {
      select.form.submit();
    });
  });

  /**
   * A refused form whose page wrote no summary (the scores page writes its own): one is built from
   * the messages beside the fields, each linking its field by the field's label.
   */
  function summaryOfFieldErrors() {
    var title = document.body.getAttribute('data-form-summary');
    var messages = document.querySelectorAll('main .field-error[id$="-error"]');
    if (!title || messages.length === 0) return null;
    var box = document.createElement('div');
    box.className = 'error-summary';
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-labelledby', 'error-summary-title');
    box.setAttribute('data-error-summary', '');
    box.tabIndex = -1;
    var heading = document.createElement('h2');
    heading.id = 'error-summary-title';
    heading.textContent = title;
    var list = document.createElement('ul');
    messages.forEach(function (message) {
      var fieldId = message.id.slice(0, -'-error'.length);
      var label = document.querySelector('label[for="' + CSS.escape(fieldId) + '"]');
      var link = document.createElement('a');
      link.href = '#' + fieldId;
      link.textContent = (label ? label.textContent.trim() + ': ' : '') + message.textContent.trim();
      // Following the link puts the cursor in the field, not only the field on screen.
      link.addEventListener('click', function (event) {
        var field = document.getElementById(fieldId);
        if (!field) return;
        event.preventDefault();
        field.scrollIntoView({ block: 'center' });
        field.focus();
      });
      var item = document.createElement('li');
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
    var main = document.getElementById('main');
    var pageTitle = main.querySelector('h1');
    if (pageTitle) pageTitle.insertAdjacentElement('afterend', box);
    else main.insertBefore(box, main.firstChild);
    return box;
  }

  // A refused long form: its summary takes focus, so a screen reader and the eye start there.
  var summary = document.querySelector('[data-error-summary]') || summaryOfFieldErrors();
  if (summary) summary.focus();

  // On a phone the menu folds behind one button; without script it stays open.
  var toggle = document.querySelector('.menu-toggle');
  var header = document.querySelector('header.top');
  if (toggle && header) {
    header.classList.add('foldable');
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      header.classList.toggle('open', open);
    });
  }

  /** Erases what this account left on the phone: its waiting marks, the kept pages, typed forms. */
  function eraseOfflineData() {
    Object.keys(sessionStorage).forEach(function (key) {
      if (key.indexOf('cascade-form:') === 0) sessionStorage.removeItem(key);
    });
    localStorage.removeItem('cascade-owner');
    var queue = window.cascadeQueue;
    return Promise.all([
      window.caches ? window.caches.delete('cascade-pages') : null,
      queue ? queue.discard() : null,
    ]).catch(function () {
      // Signing out goes on: nothing waits on a store the browser refused to open.
    });
  }

  // Signing out: marks still waiting are sent or discarded first (the trainer chooses), then the
  // account's queue and kept pages are erased, so the next account on this phone finds nothing.
  document.querySelectorAll('form.sign-out').forEach(function (form) {
    var choice = document.getElementById('sign-out-choice');
    var leaving = false;
    function leave() {
      leaving = true;
      eraseOfflineData().then(function () {
        form.submit();
      });
    }
    form.addEventListener('submit', function (event) {
      if (leaving) return;
      event.preventDefault();
      var queue = window.cascadeQueue;
      if (!queue || !choice) return leave();
      queue.queuedMarks().then(function (marks) {
        if (marks.length === 0) return leave();
        var text = choice.querySelector('#sign-out-waiting');
        text.textContent = text.getAttribute('data-text').replace('{{number}}', String(marks.length));
        choice.hidden = false;
        choice.querySelector('[data-send]').focus();
      }, leave);
    });
    if (!choice) return;
    choice.querySelector('[data-send]').addEventListener('click', function () {
      var queue = window.cascadeQueue;
      queue
        .queuedMarks()
        .then(queue.sendAll)
        .then(leave, function () {
          choice.querySelector('[data-not-sent]').hidden = false;
        });
    });
    choice.querySelector('[data-discard]').addEventListener('click', leave);
    choice.querySelector('[data-cancel]').addEventListener('click', function () {
      choice.hidden = true;
      choice.querySelector('[data-not-sent]').hidden = true;
    });
  });

  // What was typed into a form survives a session that expired on the way (sign-in, then back here).
  document.querySelectorAll('form[data-keep]').forEach(function (form) {
    var key = 'cascade-form:' + location.pathname;
    // A page the service worker served for a send that failed offline may be an older "saved" copy:
    // what was typed is what will be sent, so it stays.
    var offlineCopy = /[?&]offline=1(&|$)/.test(location.search);
    if (document.querySelector('[data-form-saved]') && !offlineCopy) {
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
