// The playground: send a file (or a microphone recording) to POST /v1/analyze and draw the reply as a timeline:
// the waveform with the speech segments shaded, one coloured lane per speaker, SNR and the count above, the raw
// JSON below. Plain JS with no library, so the page works offline and weighs a few kilobytes.
'use strict';

const LANE_COLOURS = ['#2456c4', '#d9822b', '#2b9e5a', '#b23fa8', '#c42424', '#6f5ac4', '#178a94', '#8a6d1d'];
const MAX_RECORD_SECONDS = 60;
const $ = (id) => document.getElementById(id);

$('file').addEventListener('change', () => {
  const file = $('file').files[0];
  if (file) {
    analyse(file, file.name);
  }
});
$('record').addEventListener('click', toggleRecording);

/** Posts the audio as it is: the service recognises the format from the content, so the type is always octet-stream. */
async function analyse(blob, name) {
  setStatus('Analysing ' + name + ' …');
  const waveform = blob.arrayBuffer().then(decodeForWaveform).catch(() => null);
  let reply;
  let body;
  try {
    reply = await fetch('/v1/analyze', {method: 'POST', headers: {'Content-Type': 'application/octet-stream'}, body: blob});
    body = await reply.json();
  } catch (e) {
    setStatus('The request failed: ' + e.message, true);
    return;
  }
  $('json').textContent = JSON.stringify(body, null, 2);
  $('raw').hidden = false;
  if (!reply.ok) {
    $('summary').hidden = true;
    $('timeline').hidden = true;
    setStatus(reply.status + ' ' + body.title + ': ' + body.detail, true);
    return;
  }
  setStatus(name + ': analysed in ' + Math.round(body.timing.inference_ms) + ' ms.');
  showSummary(body);
  $('timeline').hidden = false;
  drawTimeline(body, await waveform);
}

/** The samples for the waveform only; the browser may not read every format the service does, so this may fail. */
function decodeForWaveform(bytes) {
  return new OfflineAudioContext(1, 1, 16000).decodeAudioData(bytes).then((audio) => audio.getChannelData(0));
}

function showSummary(body) {
  const snr = body.snr;
  $('speaker-count').textContent = body.speakers.speaker_count;
  $('snr').textContent = snr.snr_db === null ? 'too little speech' : snr.snr_db.toFixed(1) + ' dB';
  $('global-snr').textContent = snr.global_snr_db === null ? 'n/a' : snr.global_snr_db.toFixed(1) + ' dB';
  $('speech-ratio').textContent = Math.round(snr.speech_ratio * 100) + ' %';
  $('duration').textContent = body.duration_s.toFixed(2) + ' s';
  $('format').textContent = body.format.container + ' / ' + body.format.codec + ', ' + body.sample_rate + ' Hz';
  $('summary').hidden = false;
}

function drawTimeline(body, samples) {
  const duration = body.duration_s;
  const at = (seconds) => (100 * Math.min(seconds, duration) / duration) + '%';
  const span = (start, end) => (100 * (Math.min(end, duration) - start) / duration) + '%';
  drawWaveform(samples);

  const shading = $('speech-shading');
  shading.replaceChildren(...body.snr.speech_segments.map((s) => {
    const div = document.createElement('div');
    div.className = 'speech';
    div.style.left = at(s.start);
    div.style.width = span(s.start, s.end);
    div.title = 'speech ' + s.start + ' – ' + s.end + ' s';
    return div;
  }));

  const speakers = [...new Set(body.speakers.speaker_segments.map((s) => s.speaker))].sort((a, b) => a - b);
  $('lanes').replaceChildren(...speakers.map((speaker) => {
    const lane = document.createElement('div');
    lane.className = 'lane';
    lane.dataset.speaker = speaker;
    const label = document.createElement('span');
    label.className = 'lane-label';
    label.textContent = 'Speaker ' + speaker;
    lane.append(label);
    for (const s of body.speakers.speaker_segments.filter((t) => t.speaker === speaker)) {
      const turn = document.createElement('div');
      turn.className = 'turn';
      turn.style.left = at(s.start);
      turn.style.width = span(s.start, s.end);
      turn.style.background = LANE_COLOURS[(speaker - 1) % LANE_COLOURS.length];
      turn.title = 'speaker ' + speaker + ': ' + s.start + ' – ' + s.end + ' s';
      lane.append(turn);
    }
    return lane;
  }));

  const step = niceStep(duration / 8);
  const ticks = [];
  for (let t = 0; t <= duration + 1e-9; t += step) {
    const tick = document.createElement('span');
    tick.className = 'tick';
    tick.style.left = at(t);
    tick.textContent = (step < 1 ? t.toFixed(1) : Math.round(t)) + ' s';
    ticks.push(tick);
  }
  $('axis').replaceChildren(...ticks);
}

/** Min and max of each pixel column; a flat line when the browser could not decode the file. */
function drawWaveform(samples) {
  const canvas = $('wave');
  const width = canvas.clientWidth * (window.devicePixelRatio || 1);
  canvas.width = width;
  const height = canvas.height;
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, width, height);
  g.fillStyle = '#4a5568';
  if (!samples || samples.length === 0) {
    g.fillRect(0, height / 2, width, 1);
    return;
  }
  const perColumn = samples.length / width;
  let peak = 1e-6;
  for (let i = 0; i < samples.length; i++) {
    peak = Math.max(peak, Math.abs(samples[i]));
  }
  for (let x = 0; x < width; x++) {
    let lo = 0;
    let hi = 0;
    const end = Math.min(samples.length, Math.floor((x + 1) * perColumn));
    for (let i = Math.floor(x * perColumn); i < end; i++) {
      lo = Math.min(lo, samples[i]);
      hi = Math.max(hi, samples[i]);
    }
    const top = (0.5 - 0.48 * hi / peak) * height;
    const bottom = (0.5 - 0.48 * lo / peak) * height;
    g.fillRect(x, top, 1, Math.max(1, bottom - top));
  }
}

/** 1, 2 or 5 times a power of ten, at least {@code raw}. */
function niceStep(raw) {
  const power = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
  for (const m of [1, 2, 5, 10]) {
    if (m * power >= raw) {
      return m * power;
    }
  }
  return 10 * power;
}

let recorder = null;
let recordingTimer = null;

/** Records from the microphone as WebM/Opus (MediaRecorder's format in Chromium and Firefox), which the service reads. */
async function toggleRecording() {
  const button = $('record');
  if (recorder && recorder.state === 'recording') {
    recorder.stop();
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({audio: true});
  } catch (e) {
    setStatus('No microphone: ' + e.message, true);
    return;
  }
  const chunks = [];
  recorder = new MediaRecorder(stream);
  recorder.addEventListener('dataavailable', (e) => chunks.push(e.data));
  recorder.addEventListener('stop', () => {
    clearInterval(recordingTimer);
    stream.getTracks().forEach((t) => t.stop());
    button.textContent = 'Record';
    button.classList.remove('recording');
    analyse(new Blob(chunks, {type: recorder.mimeType}), 'recording');
  });
  const started = Date.now();
  recorder.start(250);
  button.textContent = 'Stop';
  button.classList.add('recording');
  recordingTimer = setInterval(() => {
    const seconds = (Date.now() - started) / 1000;
    button.dataset.seconds = seconds.toFixed(1);
    setStatus('Recording … ' + seconds.toFixed(0) + ' s');
    if (seconds >= MAX_RECORD_SECONDS) {
      recorder.stop();
    }
  }, 250);
}

function setStatus(text, isError) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', Boolean(isError));
}
