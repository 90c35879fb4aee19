// The job page: lists recent jobs (polling /api/jobs), shows each job's live preview, progress and loss curve,
// and submits new jobs as multipart forms. Plain script, no build step and nothing fetched from elsewhere.
'use strict';

(() => {
  // Every 2 s; ?poll=MS (at least 250) polls faster, for demos and the page test.
  const POLL_MS = Math.max(250, Number(new URLSearchParams(location.search).get('poll')) || 2000);
  const KEY_STORAGE = 'nst.apiKey';
  const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

  const $ = (selector, root = document) => root.querySelector(selector);
  const list = $('#jobs');
  const template = $('#job-template');
  const jobsStatus = $('#jobs-status');
  const submitStatus = $('#submit-status');
  const rows = new Map(); // job id -> { el, chunk, historyKey }
  let apiKey = localStorage.getItem(KEY_STORAGE) || '';
  let pollTimer = 0;

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // Every API call carries the key (when there is one); a 401 opens the key panel.
  async function api(path, options = {}) {
    const headers = new Headers(options.headers || {});
    if (apiKey) headers.set('x-api-key', apiKey);
    const response = await fetch(path, { ...options, headers, cache: 'no-store' });
    if (response.ok) return response.status === 204 ? null : response.json();
    let message = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      if (body && body.error && body.error.message) message = body.error.message;
    } catch {
      // not our error shape: keep the status line
    }
    if (response.status === 401) showKeyPanel();
    throw new ApiError(response.status, message);
  }

  // Images and links cannot send headers, so they carry the key as ?code=, as the Functions host accepts.
  function withKey(path, query = {}) {
    const params = new URLSearchParams(query);
    if (apiKey) params.set('code', apiKey);
    const q = params.toString();
    return q ? `${path}?${q}` : path;
  }

  function showKeyPanel() {
    $('#key-panel').hidden = false;
  }

  $('#key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    apiKey = $('#api-key').value.trim();
    localStorage.setItem(KEY_STORAGE, apiKey);
    $('#key-panel').hidden = true;
    loadStyles();
    poll();
  });

  // ---- submit form -------------------------------------------------------------------------------------------

  const styleSelect = $('#style-name');
  const styleFile = $('#style-file');
  // A library style and an uploaded style are alternatives: choosing one clears the other.
  styleSelect.addEventListener('change', () => { if (styleSelect.value) styleFile.value = ''; });
  styleFile.addEventListener('change', () => { if (styleFile.files.length) styleSelect.value = ''; });

  async function loadStyles() {
    try {
      const body = await api('/api/styles');
      const current = styleSelect.value;
      for (const option of [...styleSelect.options].slice(1)) option.remove();
      for (const style of body.styles) {
        styleSelect.add(new Option(style.name, style.name));
      }
      if (current) styleSelect.value = current;
      else if (body.styles.length && !styleFile.files.length) styleSelect.value = body.styles[0].name;
    } catch (error) {
      submitStatus.textContent = `Could not load the style library: ${error.message}`;
    }
  }

  $('#submit-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const content = $('#content').files[0];
    if (!styleSelect.value && !styleFile.files.length) {
      submitStatus.textContent = 'Choose a style from the library or upload a style image.';
      return;
    }
    const form = new FormData();
    form.append('content', content, content.name);
    if (styleFile.files.length) form.append('style', styleFile.files[0], styleFile.files[0].name);
    if (styleSelect.value) form.append('styleName', styleSelect.value);
    for (const name of ['iterations', 'size', 'optimizer']) {
      const value = $(`#${name}`).value.trim();
      if (value) form.append(name, value);
    }
    const button = $('#submit-button');
    button.disabled = true;
    submitStatus.textContent = 'Uploading…';
    try {
      const job = await api('/api/jobs', { method: 'POST', body: form });
      submitStatus.textContent = `Job ${job.id} queued.`;
      await poll();
    } catch (error) {
      submitStatus.textContent = `Not submitted: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  });

  // ---- job list ----------------------------------------------------------------------------------------------

  async function poll() {
    clearTimeout(pollTimer);
    try {
      const body = await api('/api/jobs?limit=20');
      render(body.jobs);
      jobsStatus.textContent = body.jobs.length ? '' : 'No jobs yet — submit one above.';
    } catch (error) {
      jobsStatus.textContent = `Cannot list jobs: ${error.message}`;
    }
    pollTimer = setTimeout(poll, POLL_MS);
  }

  function render(jobs) {
    const seen = new Set();
    let previous = null;
    for (const job of jobs) {
      seen.add(job.id);
      let row = rows.get(job.id);
      if (!row) {
        row = { el: template.content.firstElementChild.cloneNode(true), chunk: null, historyKey: '' };
        row.el.dataset.id = job.id;
        $('.cancel', row.el).addEventListener('click', () => cancel(job.id, row.el));
        rows.set(job.id, row);
      }
      // Keep the server's order (newest first) without re-inserting rows that are already in place.
      const expected = previous ? previous.nextSibling : list.firstChild;
      if (expected !== row.el) list.insertBefore(row.el, expected);
      previous = row.el;
      update(row, job); // after insertion, so the loss canvas has its laid-out size
    }
    for (const [id, row] of rows) {
      if (!seen.has(id)) {
        row.el.remove();
        rows.delete(id);
      }
    }
  }

  function update(row, job) {
    const el = row.el;
    const p = job.progress || {};
    const finished = FINISHED.has(job.status);
    el.dataset.status = job.status;

    const status = $('.status', el);
    status.textContent = job.status;
    status.className = `status status-${job.status}`;
    $('.job-id', el).textContent = job.id;
    $('.job-what', el).textContent = describe(job);

    const total = p.iterations || (job.options && Number(job.options.iterations)) || 0;
    const done = p.iteration || 0;
    const bar = $('.progress', el);
    bar.max = Math.max(total, 1);
    bar.value = job.status === 'succeeded' ? bar.max : Math.min(done, bar.max);
    let text = total ? `iteration ${done} / ${total}` : job.status;
    if (p.scales > 1) text += ` · scale ${Math.min(p.scale + 1, p.scales)} / ${p.scales}`;
    if (job.status === 'queued') text = 'queued';
    if (job.cancelRequested && !finished) text += ' · cancelling';
    $('.progress-text', el).textContent = text;

    // The preview blob is overwritten per chunk; a new chunk number is the signal to reload it.
    const img = $('.preview', el);
    if (p.preview && p.chunk !== row.chunk) {
      row.chunk = p.chunk;
      img.src = withKey(`/api/jobs/${encodeURIComponent(job.id)}/preview`, { chunk: String(p.chunk) });
      img.alt = `Preview of job ${job.id} after iteration ${done}`;
      img.hidden = false;
      $('.preview-caption', el).textContent = `after iteration ${done}`;
    }

    const history = p.history || [];
    const historyKey = `${history.length}:${history.length ? history[history.length - 1].iteration : 0}`;
    if (historyKey !== row.historyKey) {
      row.historyKey = historyKey;
      drawLoss($('.loss', el), history);
    }
    const l = p.losses;
    $('.losses', el).textContent = l
      ? `content ${fmt(l.content)} · style ${fmt(l.style)} · tv ${fmt(l.tv)} · total ${fmt(l.total)}`
      : '';

    const error = $('.error', el);
    error.hidden = !job.error;
    error.textContent = job.error ? `${job.error.code}: ${job.error.message}` : '';

    const result = $('.result', el);
    result.hidden = job.status !== 'succeeded';
    if (!result.hidden) {
      result.href = withKey(`/api/jobs/${encodeURIComponent(job.id)}/result`);
      result.textContent = 'Result';
    }

    const cancelButton = $('.cancel', el);
    cancelButton.hidden = finished;
    cancelButton.disabled = Boolean(job.cancelRequested);
    cancelButton.textContent = job.cancelRequested ? 'Cancelling…' : 'Cancel';
    cancelButton.setAttribute('aria-label', `Cancel job ${job.id}`);
  }

  function describe(job) {
    const styles = (job.styles || []).map((s) => s.name || baseName(s.blob)).join(' + ');
    const content = job.content ? baseName(job.content) : '';
    const size = job.options && job.options.size ? ` · ${job.options.size}px` : '';
    return `${content}${styles ? ` in ${styles}` : ''}${size}`;
  }

  function baseName(path) {
    return String(path || '').split('/').pop();
  }

  async function cancel(id, el) {
    const button = $('.cancel', el);
    button.disabled = true;
    try {
      await api(`/api/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
      await poll();
    } catch (error) {
      button.disabled = false;
      jobsStatus.textContent = `Cancel failed: ${error.message}`;
    }
  }

  function fmt(value) {
    if (value === null || value === undefined) return '–';
    return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-2 && value !== 0) ? value.toExponential(2) : value.toPrecision(3);
  }

  // Total loss against iteration, on a log scale when every value is positive (the usual case: it falls by decades).
  function drawLoss(canvas, history) {
    const points = history.filter((h) => Number.isFinite(h.total));
    canvas.hidden = points.length < 2;
    if (canvas.hidden) return;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || canvas.width;
    const height = canvas.clientHeight || canvas.height;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const styles = getComputedStyle(canvas);
    g.strokeStyle = styles.getPropertyValue('--axis').trim() || '#ccc';
    g.lineWidth = 1;
    g.strokeRect(0.5, 0.5, width - 1, height - 1);
    const log = points.every((h) => h.total > 0);
    const ys = points.map((h) => (log ? Math.log10(h.total) : h.total));
    const x0 = points[0].iteration;
    const x1 = points[points.length - 1].iteration;
    const yMin = Math.min(...ys);
    const yMax = Math.max(...ys);
    const pad = 6;
    const sx = (x) => pad + ((x - x0) / Math.max(x1 - x0, 1)) * (width - 2 * pad);
    const sy = (y) => height - pad - ((y - yMin) / Math.max(yMax - yMin, 1e-12)) * (height - 2 * pad);
    g.strokeStyle = styles.getPropertyValue('--accent').trim() || '#36c';
    g.lineWidth = 1.5;
    g.beginPath();
    points.forEach((h, i) => (i ? g.lineTo(sx(h.iteration), sy(ys[i])) : g.moveTo(sx(h.iteration), sy(ys[i]))));
    g.stroke();
    g.fillStyle = styles.getPropertyValue('--muted').trim() || '#666';
    g.font = '10px system-ui, sans-serif';
    g.textBaseline = 'top';
    g.fillText(fmt(points[0].total), pad, pad - 4);
    g.textBaseline = 'bottom';
    g.textAlign = 'right';
    g.fillText(fmt(points[points.length - 1].total), width - pad, height - 2);
    canvas.setAttribute('aria-label',
      `loss curve: total loss from ${fmt(points[0].total)} to ${fmt(points[points.length - 1].total)} over iterations ${x0} to ${x1}${log ? ' (log scale)' : ''}`);
  }

  loadStyles();
  poll();
})();
