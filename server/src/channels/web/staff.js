// The console's keyboard and clocks, for staff pages only (customer pages
// never load it, so the status page's first load is untouched). Everything
// here enhances plain pages that work without it.
//
// Shortcuts (listed by "?"): j / k next and previous case in the queue
// (on a case page too, in the order the queue last showed), o opens it; on a
// case: r reply, n internal note, e escalate, a assign to me, s solve, u back
// to the queue (with its filters); Ctrl+K or "/" opens the
// command palette. Each act is announced to screen readers.
(function () {
  'use strict';

  // A live region of our own, made on first use so a page's own status
  // messages stay the only ones until a shortcut speaks.
  var announcer = null;
  function say(text) {
    if (!announcer) {
      announcer = document.createElement('p');
      announcer.className = 'visually-hidden';
      announcer.setAttribute('role', 'status');
      announcer.setAttribute('aria-live', 'polite');
      document.body.appendChild(announcer);
    }
    announcer.textContent = '';
    setTimeout(function () { announcer.textContent = text; }, 30);
  }

  function $(selector) { return document.querySelector(selector); }
  function $$(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }

  // The SLA clocks: the same words as the server's first render
  // (`domain::countdown::staff_left`), once a second.
  function staffLeft(secs) {
    var late = secs < 0;
    var minutes = Math.floor(Math.abs(secs) / 60);
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60);
    minutes = minutes % 60;
    var span = days > 0 ? days + ' d ' + hours + ' h'
      : hours > 0 ? hours + ' h ' + (minutes < 10 ? '0' : '') + minutes + ' min'
      : minutes > 0 ? minutes + ' min'
      : 'under a minute';
    return late ? 'late by ' + span : span + ' left';
  }
  function tick() {
    $$('.clock-left[data-due-ms]').forEach(function (el) {
      var text = staffLeft(Math.trunc((Number(el.getAttribute('data-due-ms')) - Date.now()) / 1000));
      if (el.textContent !== text) el.textContent = text;
    });
  }
  tick();
  setInterval(tick, 1000);

  // The conversation opens at its newest message, and follows new ones while
  // the reader is at the bottom.
  var log = $('.conversation-log');
  if (log) {
    log.scrollTop = log.scrollHeight;
    var atBottom = true;
    log.addEventListener('scroll', function () {
      atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    });
    new MutationObserver(function () {
      if (atBottom) log.scrollTop = log.scrollHeight;
      say('The conversation has news.');
    }).observe(log, { childList: true });
  }

  // The acts, each a function that says what it did; the palette lists them.
  function focusComposer(kind) {
    var choice = $('#composer input[name="visibility"][value="' + kind + '"]');
    var body = $('#composer-body');
    if (!choice || !body) return say('This case takes no reply.');
    choice.checked = true;
    body.focus();
    say(kind === 'internal' ? 'Writing an internal note.' : 'Writing a reply to the customer.');
  }
  function openAct(id, name) {
    var menu = document.getElementById(id);
    if (!menu) return say(name + ' is not possible on this case.');
    menu.open = true;
    var first = menu.querySelector('.act-panel select, .act-panel input:not([type=hidden]), .act-panel textarea');
    if (first) first.focus();
    say(name + ' opened.');
  }
  function rows() { return $$('table.queue tbody tr'); }

  // The queue as last seen (its order and filters), so j and k on a case
  // page move to the next case of that queue without going back to it.
  var QUEUE_KEY = 'baton.queue';
  function remember() {
    if (!$('.queue-live')) return;
    var references = rows().map(function (row) {
      var link = row.querySelector('a');
      return link ? link.textContent.trim() : '';
    }).filter(Boolean);
    try {
      sessionStorage.setItem(QUEUE_KEY, JSON.stringify({ href: location.pathname + location.search, references: references }));
    } catch (e) { /* private mode: the keys work on the queue page only */ }
  }
  remember();
  var table = $('.queue-live');
  if (table) new MutationObserver(remember).observe(table, { childList: true, subtree: true });
  function savedQueue() {
    try { return JSON.parse(sessionStorage.getItem(QUEUE_KEY) || 'null'); } catch (e) { return null; }
  }
  var here = (location.pathname.match(/^\/staff\/cases\/([^/]+)$/) || [])[1];
  function nextCase(step) {
    var queue = savedQueue();
    var at = queue ? queue.references.indexOf(decodeURIComponent(here)) : -1;
    var to = queue && queue.references[at + step];
    if (!to) return say(step > 0 ? 'This is the last case of your queue.' : 'This is the first case of your queue.');
    go('/staff/cases/' + encodeURIComponent(to), (step > 0 ? 'Next case: ' : 'Previous case: ') + to);
  }
  var current = -1;
  function moveRow(step) {
    var all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, current + step));
    all.forEach(function (row, i) { row.classList.toggle('row-current', i === current); });
    var link = all[current].querySelector('a');
    if (link) {
      link.focus();
      say('Case ' + (current + 1) + ' of ' + all.length + ': ' + all[current].innerText.replace(/\s+/g, ' ').trim());
    }
  }
  function press(selector, name) {
    var button = $(selector);
    if (!button) return say(name + ' is not possible here.');
    say(name + '…');
    button.click();
  }
  function go(href, name) { say(name + '…'); window.location.href = href; }

  var acts = [
    { keys: 'j', name: 'Next case in the queue', when: function () { return rows().length || here; }, run: function () { if (here) nextCase(1); else moveRow(1); } },
    { keys: 'k', name: 'Previous case in the queue', when: function () { return rows().length || here; }, run: function () { if (here) nextCase(-1); else moveRow(-1); } },
    { keys: 'r', name: 'Reply to the customer', when: function () { return $('#composer'); }, run: function () { focusComposer('public'); } },
    { keys: 'n', name: 'Internal note', when: function () { return $('#composer'); }, run: function () { focusComposer('internal'); } },
    { keys: 'e', name: 'Escalate', when: function () { return $('#act-escalate'); }, run: function () { openAct('act-escalate', 'Escalate'); } },
    { keys: 's', name: 'Solve', when: function () { return $('#act-solve'); }, run: function () { openAct('act-solve', 'Solve'); } },
    { keys: 'a', name: 'Assign to me', when: function () { return $('#assign-to-me'); }, run: function () { press('#assign-to-me', 'Assigning to you'); } },
    { keys: 'u', name: 'Back to the queue', when: function () { return $('#back-to-queue'); }, run: function () { var q = savedQueue(); go(q ? q.href : '/staff', 'Back to the queue'); } },
    { keys: '', name: 'Hand back to a lower tier', when: function () { return $('#act-hand-back'); }, run: function () { openAct('act-hand-back', 'Hand back'); } },
    { keys: '', name: 'Bring in management', when: function () { return $('#act-management'); }, run: function () { openAct('act-management', 'Management'); } },
    { keys: '', name: 'Grant a credit or declare a major incident', when: function () { return $('#act-authority'); }, run: function () { openAct('act-authority', 'Credit or major incident'); } },
    { keys: '', name: 'Go to open cases', when: function () { return true; }, run: function () { go('/staff', 'Open cases'); } },
    { keys: '', name: 'Go to my cases', when: function () { return true; }, run: function () { go('/staff?owner=me', 'My cases'); } },
    { keys: '', name: 'Go to breached cases', when: function () { return true; }, run: function () { go('/staff?sla=breached', 'Breached cases'); } },
    { keys: '', name: 'Go to SLA alerts', when: function () { return true; }, run: function () { go('/staff/alerts', 'SLA alerts'); } },
    { keys: '', name: 'Go to major incidents', when: function () { return true; }, run: function () { go('/staff/incidents', 'Major incidents'); } },
    { keys: '', name: 'Go to reports', when: function () { return true; }, run: function () { go('/staff/reports', 'Reports'); } },
    { keys: '', name: 'Log a phone call', when: function () { return true; }, run: function () { go('/staff/calls/new', 'Log a phone call'); } },
    { keys: '?', name: 'Show the keyboard shortcuts', when: function () { return true; }, run: function () { openDialog(help); } },
  ];

  // A dialog of our own: <dialog> gives focus trapping and Escape for free.
  function dialog(id, title) {
    var d = document.createElement('dialog');
    d.id = id;
    d.className = 'console-dialog';
    d.setAttribute('aria-labelledby', id + '-title');
    var h = document.createElement('h2');
    h.id = id + '-title';
    h.textContent = title;
    d.appendChild(h);
    document.body.appendChild(d);
    return d;
  }
  function openDialog(d) { if (!d.open) d.showModal(); }

  var help = dialog('shortcuts', 'Keyboard shortcuts');
  var list = document.createElement('dl');
  list.className = 'shortcut-list';
  acts.concat([
    { keys: 'Enter / o', name: 'Open the chosen case' },
    { keys: 'Ctrl+K or /', name: 'Command palette: every act, by name' },
    { keys: 'Esc', name: 'Close this' },
  ]).forEach(function (act) {
    if (!act.keys) return;
    var dt = document.createElement('dt');
    var kbd = document.createElement('kbd');
    kbd.textContent = act.keys;
    dt.appendChild(kbd);
    var dd = document.createElement('dd');
    dd.textContent = act.name;
    list.appendChild(dt);
    list.appendChild(dd);
  });
  help.appendChild(list);
  var close = document.createElement('button');
  close.type = 'button';
  close.className = 'button';
  close.textContent = 'Close';
  close.addEventListener('click', function () { help.close(); });
  help.appendChild(close);

  // The palette: type to narrow, arrows to choose, Enter to run.
  var palette = dialog('palette', 'Command palette');
  var search = document.createElement('input');
  search.type = 'text';
  search.id = 'palette-search';
  search.setAttribute('role', 'combobox');
  search.setAttribute('aria-expanded', 'true');
  search.setAttribute('aria-controls', 'palette-list');
  search.setAttribute('aria-label', 'Type an act, for example escalate');
  search.setAttribute('autocomplete', 'off');
  palette.appendChild(search);
  var options = document.createElement('ul');
  options.id = 'palette-list';
  options.setAttribute('role', 'listbox');
  options.setAttribute('aria-label', 'Acts');
  palette.appendChild(options);
  var shown = [], chosen = 0;
  function render() {
    var words = search.value.toLowerCase().trim();
    shown = acts.filter(function (act) {
      return act.when() && act.name.toLowerCase().indexOf(words) !== -1;
    });
    chosen = Math.min(chosen, Math.max(0, shown.length - 1));
    options.textContent = '';
    shown.forEach(function (act, i) {
      var li = document.createElement('li');
      li.id = 'palette-option-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', i === chosen ? 'true' : 'false');
      li.textContent = act.name + (act.keys ? '  (' + act.keys + ')' : '');
      li.addEventListener('click', function () { run(act); });
      options.appendChild(li);
    });
    if (shown.length) search.setAttribute('aria-activedescendant', 'palette-option-' + chosen);
    else search.removeAttribute('aria-activedescendant');
  }
  function run(act) { palette.close(); act.run(); }
  search.addEventListener('input', function () { chosen = 0; render(); });
  search.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown') { chosen = Math.min(shown.length - 1, chosen + 1); render(); event.preventDefault(); }
    else if (event.key === 'ArrowUp') { chosen = Math.max(0, chosen - 1); render(); event.preventDefault(); }
    else if (event.key === 'Enter' && shown[chosen]) { event.preventDefault(); run(shown[chosen]); }
  });
  function openPalette() {
    search.value = '';
    chosen = 0;
    render();
    openDialog(palette);
    search.focus();
    say('Command palette. Type to find an act.');
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (target && target.isContentEditable);
  }
  document.addEventListener('keydown', function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      openPalette();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || help.open || palette.open) return;
    if (event.key === '/') { event.preventDefault(); openPalette(); return; }
    if ((event.key === 'Enter' || event.key === 'o') && current >= 0 && rows()[current]) {
      var link = rows()[current].querySelector('a');
      if (link && event.key === 'o') { event.preventDefault(); link.click(); }
      return;
    }
    var act = acts.filter(function (a) { return a.keys === event.key && a.when(); })[0];
    if (act) {
      event.preventDefault();
      act.run();
    }
  });
})();
