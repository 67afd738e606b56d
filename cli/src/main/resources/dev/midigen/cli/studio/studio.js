// midigen studio: the form asks /api/generate (POST with a primer), the player plays the MIDI with
// html-midi-player's built-in synth (no sound font, no other host), the visualizer draws its piano roll.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const status = (text, error) => { $('status').textContent = text; $('status').classList.toggle('error', !!error); };
  const KEYS = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];
  const SCALES = ['major', 'minor', 'dorian', 'phrygian', 'lydian', 'mixolydian', 'locrian', 'harmonic-minor',
    'major-pentatonic', 'minor-pentatonic', 'blues'];
  let models = [];
  let current = null;
  const takes = [];
  window.studio = { takes, loaded: 0 }; // what the browser test reads: the takes, and how often the player loaded one

  function option(select, value, label) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label || value;
    select.appendChild(o);
  }

  function chosen() {
    return models.find((m) => m.name === $('model').value);
  }

  function refreshFields() {
    const model = chosen();
    if (!model) return;
    const style = $('style');
    style.innerHTML = '';
    option(style, '', 'plain');
    if (model.kind === 'drums') option(style, 'trap');
    model.styles.forEach((s) => option(style, s));
    $('style-field').classList.toggle('hidden', model.kind === 'drum-vae');
    $('humanize-field').classList.toggle('hidden', model.kind !== 'drums');
    $('primer-field').classList.toggle('hidden', model.kind === 'drum-vae');
    document.querySelectorAll('.melody').forEach((e) => e.classList.toggle('hidden', model.kind !== 'melody'));
  }

  function params() {
    const model = chosen();
    const p = new URLSearchParams();
    p.set('model', model.name);
    ['bars', 'bpm', 'temperature', 'seed'].forEach((n) => { if ($(n).value !== '') p.set(n, $(n).value); });
    if (model.kind !== 'drum-vae' && $('style').value) p.set('style', $('style').value);
    if (model.kind === 'drums' && !$('humanize').checked) p.set('humanize', 'false');
    if (model.kind === 'melody') {
      if ($('key').value) p.set('key', $('key').value);
      if ($('scale').value) p.set('scale', $('scale').value);
    }
    return p;
  }

  function show(take) {
    const player = $('player');
    const visualizer = $('visualizer');
    player.noteSequence = take.sequence;
    visualizer.config = { noteHeight: 5, pixelsPerTimeStep: 100, noteSpacing: 1 };
    visualizer.noteSequence = take.sequence;
    const d = $('downloads');
    d.innerHTML = '';
    d.appendChild(links(take));
    current = take;
    $('redo').classList.toggle('hidden', take.kind !== 'drums');
  }

  function links(take) {
    const span = document.createElement('span');
    const midi = document.createElement('a');
    midi.href = take.midiUrl;
    midi.download = take.name + '.mid';
    midi.textContent = 'MIDI';
    midi.className = 'download-midi';
    span.appendChild(midi);
    const wav = document.createElement('a');
    wav.download = take.name + '.wav';
    wav.textContent = 'WAV';
    wav.className = 'download-wav';
    if (take.wavUrl) {
      wav.href = take.wavUrl;
    } else {
      // a take from a primer: the server renders the take's own bytes (POST /api/render), then the browser saves it
      wav.href = '#';
      wav.addEventListener('click', async (e) => {
        if (wav.href.startsWith('blob:')) return;
        e.preventDefault();
        status('rendering…');
        const response = await fetch('api/render', { method: 'POST', body: new Blob([take.bytes]) });
        if (!response.ok) { status((await response.json()).error, true); return; }
        wav.href = URL.createObjectURL(await response.blob());
        status('rendered ' + take.name);
        wav.click();
      });
    }
    span.appendChild(document.createTextNode(' '));
    span.appendChild(wav);
    return span;
  }

  async function generate(event) {
    event.preventDefault();
    const primer = $('primer-field').classList.contains('hidden') ? null : $('primer').files[0];
    if (primer && primer.size > 1048576) { status('the primer is larger than 1 MB', true); return; }
    await make(params(), primer);
  }

  // the current drum take again, keeping the checked instruments' hits (POST it as the primer with keep=…)
  async function regenerate() {
    const keep = [...document.querySelectorAll('#redo input:checked')].map((c) => c.value);
    if (!current || keep.length === 0) { status('check an instrument to keep', true); return; }
    const p = params();
    p.delete('bars');
    p.set('model', current.model);
    p.set('keep', keep.join(','));
    await make(p, new Blob([current.bytes], { type: 'audio/midi' }), 'keeping ' + keep.join('+'));
  }

  async function make(p, primer, note) {
    status('generating…');
    $('generate').disabled = true;
    try {
      const response = primer
        ? await fetch('api/generate?' + p, { method: 'POST', body: primer, headers: { 'Content-Type': 'audio/midi' } })
        : await fetch('api/generate?' + p);
      if (!response.ok) {
        const problem = await response.json().catch(() => ({ error: response.statusText }));
        status(problem.error || ('error ' + response.status), true);
        return;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const sequence = core.midiToSequenceProto(bytes);
      const name = p.get('model') + '-seed' + p.get('seed') + (p.get('style') ? '-' + p.get('style') : '')
        + (p.get('keep') ? '-keep-' + p.get('keep').replace(/,/g, '-') : '');
      const model = models.find((m) => m.name === p.get('model'));
      const take = { name, params: p.toString(), sequence, notes: sequence.notes.length, bytes, model: model.name,
        kind: model.kind,
        midiUrl: URL.createObjectURL(new Blob([bytes], { type: 'audio/midi' })),
        wavUrl: primer ? null : 'api/render?' + p };
      takes.push(take);
      const li = document.createElement('li');
      const play = document.createElement('a');
      play.href = '#';
      play.textContent = name + ' (' + take.notes + ' notes' + (note ? ', ' + note : '') + ')';
      play.addEventListener('click', (e) => { e.preventDefault(); show(take); });
      li.appendChild(play);
      li.appendChild(links(take));
      $('takes').appendChild(li);
      show(take);
      status('take ' + takes.length + ': ' + take.notes + ' notes');
    } catch (e) {
      status('the studio did not answer: ' + e, true);
    } finally {
      $('generate').disabled = false;
    }
  }

  async function start() {
    KEYS.forEach((k) => option($('key'), k));
    SCALES.slice(1).forEach((s) => option($('scale'), s));
    $('dice').addEventListener('click', () => { $('seed').value = Math.floor(Math.random() * 1e9); });
    $('model').addEventListener('change', refreshFields);
    $('player').addEventListener('load', () => { window.studio.loaded++; });
    $('form').addEventListener('submit', generate);
    $('regenerate').addEventListener('click', regenerate);
    try {
      const health = await (await fetch('api/health')).json();
      models = health.models.filter((m) => m.generates);
      models.forEach((m) => option($('model'), m.name, m.name + ' (' + m.kind + ')'));
      refreshFields();
      status('ready: ' + models.length + ' models');
    } catch (e) {
      status('the studio did not answer: ' + e, true);
    }
  }

  start();
})();
