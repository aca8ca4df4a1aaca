// Help-centre answers while a customer describes their problem on the raise
// form: after a pause in typing, ask /help-suggestions (the server renders
// the list, escaped like any page) and show it. Loaded by the raise page
// only, so the wasm every status page downloads stays small; without it the
// form works as before and /help searches.
(() => {
  const box = document.getElementById('help-suggestions');
  const fields = ['field-subject', 'field-description']
    .map((id) => document.getElementById(id))
    .filter(Boolean);
  if (!box || fields.length === 0) return;
  let timer;
  let asked = '';
  const ask = async () => {
    const text = fields.map((f) => f.value).join(' ').slice(0, 200);
    if (text === asked) return;
    asked = text;
    try {
      const response = await fetch('/help-suggestions?q=' + encodeURIComponent(text));
      if (response.ok && text === asked) box.innerHTML = await response.text();
    } catch (_) {
      // Offline or refused: the form is still there.
    }
  };
  for (const field of fields) {
    field.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(ask, 400);
    });
  }
})();
