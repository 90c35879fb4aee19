// The job page: a form built from GET /api/options, the recent jobs (GET /api/jobs, polled) with each job's live
// preview, progress, loss curve, result, error and webhook. Plain script, no build step, nothing fetched from
// elsewhere. The API key, when the server has one, travels only in the x-api-key header: images are fetched with it
// and shown through object URLs, so no URL, link or attribute ever holds the key.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  // Every 2 s; ?poll=MS (at least 250) polls faster, for demos and the page tests. ?limit=N sets the page size.
  const POLL_MS = Math.max(250, Number(params.get('poll')) || 2000);
  const PAGE_SIZE = Math.min(100, Math.max(1, Math.trunc(Number(params.get('limit'))) || 20));
  const KEY_NAME = 'nst.apiKey';
  const KEY_HEADER = 'x-api-key';
  const ENDED = new Set(['succeeded', 'failed', 'cancelled', 'unreadable']);
  // The options most runs touch; the rest of the catalog goes under "Advanced".
  const COMMON = ['iterations', 'size', 'optimizer', 'content-weight', 'style-weight', 'preserve-colors', 'keep'];
  const LABELS = {
    size: 'Size (px)',
    lr: 'Learning rate',
    'preserve-colors': 'Preserve colours',
    'tv-weight': 'TV weight',
    'tv-power': 'TV power',
    'lbfgs-history': 'L-BFGS history',
    init: 'Start image',
    keep: 'Keep',
  };

  const $ = (selector, root = document) => root.querySelector(selector);
  const list = $('#jobs');
  const template = $('#job-template');
  const jobsStatus = $('#jobs-status');
  const submitStatus = $('#submit-status');
  const submitError = $('#submit-error');
  const contentInput = $('#content');
  const styleSelect = $('#style-name');
  const styleFiles = $('#style-file');
  const moreButton = $('#more');

  const jobs = new Map(); // id -> the latest job JSON
  const rows = new Map(); // id -> { el, chunk, historyKey, visible, urls, tokens, resultLoaded }
  let fields = []; // { meta, input, initial } per option of the form
  let limits = {};
  let optionsLoaded = false;
  let nextPage = null; // the token of the next page of jobs
  let olderPagesLoaded = false;
  let refreshing = null;
  let pollTimer = 0;
  let keyNeeded = false;
  let apiKey = readKey();

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // ---- the API and its key -------------------------------------------------------------------------------------

  function readKey() {
    try {
      return sessionStorage.getItem(KEY_NAME) || localStorage.getItem(KEY_NAME) || '';
    } catch {
      return '';
    }
  }

  function storeKey(key, remember) {
    try {
      sessionStorage.setItem(KEY_NAME, key);
      if (remember) localStorage.setItem(KEY_NAME, key);
      else localStorage.removeItem(KEY_NAME);
    } catch {
      // storage disabled: the key lives for this page only
    }
  }

  async function request(path, options = {}) {
    const headers = new Headers(options.headers || {});
    if (apiKey) headers.set(KEY_HEADER, apiKey);
    const response = await fetch(path, { ...options, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
    if (response.ok) return response;
    let code = `http_${response.status}`;
    let message = `HTTP ${response.status}`;
    try {
      const body = await response.json();
      if (body && body.error) {
        code = body.error.code || code;
        message = body.error.message || message;
      }
    } catch {
      // not the API's error shape: keep the status line
    }
    if (response.status === 401) askForKey();
    throw new ApiError(response.status, code, message);
  }

  const api = async (path, options) => (await request(path, options)).json();
  const apiBlob = async (path) => (await request(path)).blob();

  function askForKey() {
    keyNeeded = true;
    clearTimeout(pollTimer);
    const panel = $('#key-panel');
    $('#key-note').textContent = apiKey
      ? 'The server did not accept this key. Enter the right one; it is sent in a request header, never in a link.'
      : 'This server needs an API key. It is sent in a request header, never in a link.';
    if (panel.hidden) {
      panel.hidden = false;
      $('#api-key').focus();
    }
  }

  $('#key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('#api-key');
    apiKey = input.value.trim();
    input.value = '';
    storeKey(apiKey, $('#remember-key').checked);
    $('#key-panel').hidden = true;
    keyNeeded = false;
    start();
  });

  // ---- the form ------------------------------------------------------------------------------------------------

  async function loadOptions() {
    try {
      const body = await api('/api/options');
      limits = body.limits || {};
      buildOptionFields(body.options || []);
      optionsLoaded = true;
      $('#options-status').textContent = '';
    } catch (error) {
      $('#options-status').textContent = `Could not load the job options: ${error.message}`;
    }
  }

  function buildOptionFields(options) {
    const common = $('#common-options');
    const advanced = $('#advanced-options');
    common.replaceChildren();
    advanced.replaceChildren();
    fields = [];
    const byName = new Map(options.map((o) => [o.name, o]));
    const ordered = [...COMMON.filter((n) => byName.has(n)).map((n) => byName.get(n)), ...options.filter((o) => !COMMON.includes(o.name))];
    for (const meta of ordered) {
      const field = optionField(meta);
      fields.push(field);
      (COMMON.includes(meta.name) ? common : advanced).append(field.wrap);
    }
  }

  // One option as a labelled input: a select of its allowed values, else a text or number box holding its default.
  function optionField(meta) {
    const id = `opt-${meta.name}`;
    const wrap = document.createElement('div');
    wrap.className = 'field';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = LABELS[meta.name] || sentence(meta.name);
    const concrete = meta.default !== '' && meta.default !== 'auto';
    let input;
    if (meta.allowed && meta.allowed.length) {
      input = document.createElement('select');
      if (!meta.allowed.includes(meta.default)) input.add(new Option(`default: ${meta.defaultText}`, ''));
      for (const value of meta.allowed) input.add(new Option(value === meta.default ? `${value} (default)` : value, value));
      input.value = meta.allowed.includes(meta.default) ? meta.default : '';
    } else {
      input = document.createElement('input');
      if (meta.type === 'int' && !meta.acceptsAuto) {
        input.type = 'number';
        input.step = '1';
        input.inputMode = 'numeric';
        if (meta.min !== null && meta.min !== undefined) input.min = String(meta.min);
        if (meta.max !== null && meta.max !== undefined) input.max = String(meta.max);
      } else {
        input.type = 'text';
        input.spellcheck = false;
      }
      input.autocomplete = 'off';
      input.value = concrete ? meta.default : '';
      input.placeholder = concrete ? meta.default : meta.defaultText;
    }
    input.id = id;
    input.name = meta.key;
    input.dataset.option = meta.name;
    input.title = meta.help;
    const help = document.createElement('p');
    help.className = 'help';
    help.id = `${id}-help`;
    help.textContent = `${meta.help} Default: ${concrete ? meta.default : meta.defaultText}${range(meta)}.`;
    input.setAttribute('aria-describedby', help.id);
    wrap.append(label, input, help);
    return { meta, input, wrap, initial: input.value };
  }

  function range(meta) {
    if (meta.allowed && meta.allowed.length) return '';
    if (meta.max !== null && meta.max !== undefined) return `; at most ${meta.max}`;
    return '';
  }

  function sentence(name) {
    const words = name.replace(/-/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  async function loadStyles() {
    try {
      const body = await api('/api/styles');
      const current = styleSelect.value;
      styleSelect.replaceChildren(...body.styles.map((s) => new Option(s.name, s.name)));
      const empty = body.styles.length === 0;
      $('#style-source-library').disabled = empty;
      $('#library-note').textContent = empty ? 'The style library is empty: upload a style image instead.' : '';
      if (current && body.styles.some((s) => s.name === current)) styleSelect.value = current;
      if (empty) $('#style-source-upload').checked = true;
      showStyleChoice();
    } catch (error) {
      $('#library-note').textContent = `Could not load the style library: ${error.message}`;
    }
  }

  const styleChoice = () => ($('#style-source-upload').checked ? 'upload' : 'library');

  // The library list and the file input are alternatives: only the chosen one is shown and sent.
  function showStyleChoice() {
    const library = styleChoice() === 'library';
    $('#library-field').hidden = !library;
    $('#upload-field').hidden = library;
  }

  for (const radio of document.querySelectorAll('input[name="style-source"]')) radio.addEventListener('change', showStyleChoice);

  $('#submit-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearSubmitError();
    const content = contentInput.files[0];
    if (!content) return showSubmitError('Choose a photo to stylise.', contentInput);
    const form = new FormData();
    form.append('content', content, content.name);
    let bytes = content.size;
    if (styleChoice() === 'library') {
      if (!styleSelect.value) return showSubmitError('Choose a library style, or upload a style image.', styleSelect);
      form.append('styleName', styleSelect.value);
    } else {
      const files = [...styleFiles.files];
      if (!files.length) return showSubmitError('Choose one or more style images to upload.', styleFiles);
      if (limits.maxStyles && files.length > limits.maxStyles) {
        return showSubmitError(`At most ${limits.maxStyles} style images, got ${files.length}.`, styleFiles);
      }
      for (const file of files) {
        form.append('style', file, file.name);
        bytes += file.size;
      }
    }
    if (limits.maxUploadBytes && bytes > limits.maxUploadBytes) {
      return showSubmitError(`The images come to ${megabytes(bytes)} MB; the server takes at most ${megabytes(limits.maxUploadBytes)} MB.`, contentInput);
    }
    // Only what the user changed: everything else takes the pipeline's (or the library style's) defaults.
    for (const { meta, input, initial } of fields) {
      const value = input.value.trim();
      if (value !== '' && value !== initial) form.append(meta.key, value);
    }
    const webhook = $('#webhook').value.trim();
    if (webhook) form.append('webhook', webhook);

    const button = $('#submit-button');
    button.disabled = true;
    submitStatus.textContent = 'Uploading…';
    try {
      const job = await api('/api/jobs', { method: 'POST', body: form });
      submitStatus.textContent = `Job for ${job.contentName || content.name} queued.`;
      upsert(job);
      renderList();
      refresh();
    } catch (error) {
      submitStatus.textContent = '';
      showSubmitError(`Not submitted (${error.code}): ${error.message}`, fieldOf(error.message));
    } finally {
      button.disabled = false;
    }
  });

  // The input an error message is about: the API's messages start with the field or option they name.
  function fieldOf(message) {
    const text = String(message || '');
    if (/^content\b/i.test(text)) return contentInput;
    if (/^style image/i.test(text)) return styleFiles;
    if (/^(Style '|'.*' is not a style name)/.test(text)) return styleSelect;
    if (/^webhook\b/i.test(text)) return $('#webhook');
    const first = text.split(/[\s:]/, 1)[0];
    const field = fields.find((f) => f.meta.key === first || f.meta.name === first || f.meta.jsonName === first);
    if (!field) return null;
    if (!COMMON.includes(field.meta.name)) $('#advanced').open = true;
    return field.input;
  }

  function showSubmitError(message, input) {
    submitError.textContent = message;
    submitError.hidden = false;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-errormessage', 'submit-error');
    }
  }

  function clearSubmitError() {
    submitError.hidden = true;
    submitError.textContent = '';
    for (const input of document.querySelectorAll('#submit-form [aria-invalid]')) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-errormessage');
    }
  }

  const megabytes = (bytes) => (bytes / (1024 * 1024)).toFixed(1);

  // ---- the job list --------------------------------------------------------------------------------------------

  // The first page again, plus any job further down that has not ended; then the next poll.
  function refresh() {
    if (refreshing) return refreshing;
    clearTimeout(pollTimer);
    refreshing = (async () => {
      try {
        const body = await api(`/api/jobs?limit=${PAGE_SIZE}`);
        const firstPage = new Set();
        for (const job of body.jobs) {
          upsert(job);
          firstPage.add(job.id);
        }
        if (!olderPagesLoaded) nextPage = body.next;
        const running = [...jobs.values()].filter((j) => !firstPage.has(j.id) && !ENDED.has(j.status));
        await Promise.all(running.map(async (j) => {
          try {
            upsert(await api(`/api/jobs/${encodeURIComponent(j.id)}`));
          } catch {
            // shown as last seen; the next poll tries again
          }
        }));
        renderList();
        jobsStatus.textContent = jobs.size ? '' : 'No jobs yet — submit one above.';
      } catch (error) {
        jobsStatus.textContent = error.status === 401 ? 'Enter the API key to see the jobs.' : `Cannot list jobs: ${error.message}`;
      } finally {
        refreshing = null;
        if (!keyNeeded) pollTimer = setTimeout(refresh, POLL_MS);
      }
    })();
    return refreshing;
  }

  moreButton.addEventListener('click', async () => {
    if (!nextPage) return;
    moreButton.disabled = true;
    try {
      const body = await api(`/api/jobs?limit=${PAGE_SIZE}&page=${encodeURIComponent(nextPage)}`);
      for (const job of body.jobs) upsert(job);
      nextPage = body.next;
      olderPagesLoaded = true;
      renderList();
    } catch (error) {
      jobsStatus.textContent = `Cannot list more jobs: ${error.message}`;
    } finally {
      moreButton.disabled = false;
    }
  });

  function upsert(job) {
    if (job && job.id) jobs.set(job.id, job);
  }

  // Newest first: job ids sort so (the server lists them in that order too).
  function renderList() {
    const ids = [...jobs.keys()].sort();
    let previous = null;
    for (const id of ids) {
      const row = rows.get(id) || newRow(id);
      const expected = previous ? previous.nextSibling : list.firstChild;
      if (expected !== row.el) list.insertBefore(row.el, expected);
      previous = row.el;
      update(row, jobs.get(id)); // after insertion, so the loss canvas has its laid-out size
    }
    moreButton.hidden = !nextPage;
  }

  // Images load only for cards on or near the screen: a long list does not fetch every result.
  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const row = rows.get(entry.target.dataset.id);
      if (!row) continue;
      row.visible = entry.isIntersecting;
      if (row.visible) updateImages(row, jobs.get(row.id));
    }
  }, { rootMargin: '400px 0px' });

  function newRow(id) {
    const el = template.content.firstElementChild.cloneNode(true);
    el.dataset.id = id;
    const row = { id, el, chunk: null, historyKey: '', visible: false, urls: {}, tokens: { preview: 0, result: 0 }, resultLoaded: false };
    $('.cancel', el).addEventListener('click', () => cancel(row));
    rows.set(id, row);
    seen.observe(el);
    return row;
  }

  function update(row, job) {
    const el = row.el;
    const p = job.progress || {};
    const unreadable = job.status === 'unreadable';
    const ended = ENDED.has(job.status);
    el.dataset.status = job.status;

    const status = $('.status', el);
    status.textContent = job.status;
    status.className = `status status-${job.status}`;
    $('.job-name', el).textContent = unreadable ? 'Unreadable job' : job.contentName || 'job';
    $('.job-source', el).textContent = unreadable ? '' : describeSource(job);
    $('.job-id', el).textContent = `job ${job.id}`;

    $('.progress-label', el).hidden = unreadable;
    const asked = askedIterations(job);
    const total = p.iterations || asked.total;
    const done = p.iteration || 0;
    const bar = $('.progress', el);
    bar.max = Math.max(total, 1);
    bar.value = job.status === 'succeeded' ? bar.max : Math.min(done, bar.max);
    bar.setAttribute('aria-label', `Progress of ${job.contentName || 'the job'}`);
    let text = job.status === 'queued' ? 'queued' : total ? `iteration ${done} / ${total}` : job.status;
    if (p.scales > 1) text += ` · scale ${Math.min((p.scale || 0) + 1, p.scales)} / ${p.scales}`;
    if ((job.status === 'failed' || job.status === 'cancelled') && total) text = `${job.status} at ${text}`;
    $('.progress-text', el).textContent = text;

    $('.asked', el).textContent = unreadable || !asked.text ? '' : `${ended ? 'Asked for' : 'Asks for'} ${asked.text}`;

    const history = p.history || [];
    const historyKey = `${history.length}:${history.length ? history[history.length - 1].iteration : 0}`;
    if (historyKey !== row.historyKey) {
      row.historyKey = historyKey;
      drawLoss($('.loss', el), history, p.best);
    }
    $('.losses', el).textContent = describeLosses(p);

    const error = $('.error', el);
    error.hidden = !job.error;
    error.textContent = job.error ? `${job.error.code}: ${job.error.message}` : '';

    const webhook = $('.webhook', el);
    webhook.hidden = !job.webhook;
    webhook.textContent = job.webhook ? describeWebhook(job.webhook) : '';
    webhook.className = `webhook note${job.webhook ? ` webhook-${job.webhook.state}` : ''}`;

    const cancelButton = $('.cancel', el);
    const cancelling = Boolean(job.cancelRequested) && !ended;
    cancelButton.hidden = ended || cancelling;
    cancelButton.setAttribute('aria-label', `Cancel the job for ${job.contentName || job.id}`);
    $('.cancel-note', el).hidden = !cancelling;

    $('.image-box', el).hidden = unreadable;
    if (!row.urls.preview && !row.urls.result) $('.image-caption', el).textContent = ended ? 'no image' : 'no preview yet';
    updateImages(row, job);
  }

  // The preview is reloaded when a new chunk has committed; a succeeded job shows its result instead.
  function updateImages(row, job) {
    if (!job || !row.visible || job.status === 'unreadable') return;
    const el = row.el;
    const p = job.progress || {};
    const path = `/api/jobs/${encodeURIComponent(job.id)}`;
    if (job.status === 'succeeded') {
      if (!row.resultLoaded) {
        row.resultLoaded = true;
        showImage(row, 'result', `${path}/result`, `Result of ${job.contentName || 'the job'}`, 'result');
      }
      return;
    }
    if (p.preview && p.chunk !== row.chunk) {
      row.chunk = p.chunk;
      showImage(row, 'preview', `${path}/preview`, `Preview of ${job.contentName || 'the job'} after iteration ${p.iteration || 0}`,
        `preview after iteration ${p.iteration || 0}`);
    }
  }

  async function showImage(row, kind, path, alt, caption) {
    const token = ++row.tokens[kind];
    const el = row.el;
    try {
      const blob = await apiBlob(path);
      if (token !== row.tokens[kind]) return; // a newer one is on its way
      const url = URL.createObjectURL(blob);
      const img = $(kind === 'result' ? '.result-image' : '.preview', el);
      const old = row.urls[kind];
      row.urls[kind] = url;
      img.src = url;
      img.alt = alt;
      img.hidden = false;
      if (old) URL.revokeObjectURL(old);
      $('.image-caption', el).textContent = caption;
      if (kind === 'result') {
        $('.preview', el).hidden = true;
        const link = $('.result', el);
        link.href = url;
        link.download = resultName(jobs.get(row.id), blob.type);
        link.textContent = 'Download result';
        link.hidden = false;
        if (row.urls.preview) {
          URL.revokeObjectURL(row.urls.preview);
          row.urls.preview = null;
        }
      }
    } catch (error) {
      if (kind === 'result') row.resultLoaded = false;
      else row.chunk = null;
      $('.image-caption', el).textContent = `${kind} not available: ${error.message}`;
    }
  }

  function resultName(job, type) {
    const base = String((job && job.contentName) || 'result').replace(/\.[^.]*$/, '');
    const extension = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp' }[type] || '';
    return `${base}-styled${extension}`;
  }

  function describeSource(job) {
    const source = job.source || {};
    const parts = [];
    if (source.kind === 'drop') parts.push(`dropped as ${source.blob}`);
    else if (source.kind === 'manifest') parts.push(`manifest ${source.blob}`);
    else parts.push('uploaded');
    const styles = (job.styles || []).map((s) => s.name || s.fileName).filter(Boolean);
    if (styles.length) parts.push(`style ${styles.join(' + ')}`);
    if (job.createdAt) parts.push(new Date(job.createdAt).toLocaleString());
    return parts.join(' · ');
  }

  // The iterations the job asked for (options.iterations: one count, or one per scale) and its size.
  function askedIterations(job) {
    const options = job.options || {};
    const counts = String(options.iterations || '').split(',').map(Number).filter(Number.isFinite);
    const total = counts.reduce((a, b) => a + b, 0);
    const parts = [];
    if (counts.length === 1) parts.push(`${counts[0]} iteration${counts[0] === 1 ? '' : 's'}`);
    else if (counts.length > 1) parts.push(`${options.iterations} iterations (per scale)`);
    if (options.size) parts.push(`size ${options.size} px`);
    return { total, text: parts.join(' · ') };
  }

  function describeLosses(p) {
    const parts = [];
    if (p.losses) parts.push(`loss ${fmt(p.losses.total)} (content ${fmt(p.losses.content)} · style ${fmt(p.losses.style)} · tv ${fmt(p.losses.tv)})`);
    if (p.best) parts.push(`best ${fmt(p.best.total)} at iteration ${p.best.iteration}`);
    if (p.final) parts.push(`final ${fmt(p.final.total)}`);
    return parts.join(' · ');
  }

  function describeWebhook(w) {
    const attempts = `${w.attempts} attempt${w.attempts === 1 ? '' : 's'}`;
    const last = w.lastError ? `: ${w.lastError}` : '';
    switch (w.state) {
      case 'delivered':
        return `Webhook delivered to ${w.url} (${attempts}).`;
      case 'pending':
        return `Webhook pending: ${attempts} so far${w.nextAttemptAt ? `, next at ${new Date(w.nextAttemptAt).toLocaleTimeString()}` : ''}${last}.`;
      case 'refused':
        return `Webhook refused${last}.`;
      case 'failed':
        return `Webhook failed after ${attempts}${last}.`;
      default:
        return `Webhook ${w.state}${last}.`;
    }
  }

  async function cancel(row) {
    const button = $('.cancel', row.el);
    button.disabled = true;
    try {
      upsert(await api(`/api/jobs/${encodeURIComponent(row.id)}/cancel`, { method: 'POST' }));
      renderList();
    } catch (error) {
      jobsStatus.textContent = `Cancel failed: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  }

  function fmt(value) {
    if (value === null || value === undefined || !Number.isFinite(value)) return '–';
    if (value === 0) return '0';
    return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-2 && value !== 0) ? value.toExponential(2) : value.toPrecision(3);
  }

  // Total loss against iteration, on a log scale when every value is positive (it falls by decades); the best marked.
  function drawLoss(canvas, history, best) {
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
    const color = (name, fallback) => styles.getPropertyValue(name).trim() || fallback;
    g.strokeStyle = color('--axis', '#ccc');
    g.lineWidth = 1;
    g.strokeRect(0.5, 0.5, width - 1, height - 1);
    const log = points.every((h) => h.total > 0);
    const y = (total) => (log ? Math.log10(total) : total);
    const ys = points.map((h) => y(h.total));
    const x0 = points[0].iteration;
    const x1 = points[points.length - 1].iteration;
    const yMin = Math.min(...ys);
    const yMax = Math.max(...ys);
    const pad = 6;
    const sx = (x) => pad + ((x - x0) / Math.max(x1 - x0, 1)) * (width - 2 * pad);
    const sy = (v) => height - pad - ((v - yMin) / Math.max(yMax - yMin, 1e-12)) * (height - 2 * pad);
    g.strokeStyle = color('--accent', '#36c');
    g.lineWidth = 1.5;
    g.beginPath();
    points.forEach((h, i) => (i ? g.lineTo(sx(h.iteration), sy(ys[i])) : g.moveTo(sx(h.iteration), sy(ys[i]))));
    g.stroke();
    if (best && Number.isFinite(best.total) && (!log || best.total > 0) && best.iteration >= x0 && best.iteration <= x1) {
      g.fillStyle = color('--ok', '#1f7a3d');
      g.beginPath();
      g.arc(sx(best.iteration), sy(Math.min(Math.max(y(best.total), yMin), yMax)), 3, 0, 2 * Math.PI);
      g.fill();
    }
    g.fillStyle = color('--muted', '#666');
    g.font = '10px system-ui, sans-serif';
    g.textBaseline = 'top';
    g.fillText(fmt(points[0].total), pad, pad - 4);
    g.textBaseline = 'bottom';
    g.textAlign = 'right';
    g.fillText(fmt(points[points.length - 1].total), width - pad, height - 2);
    canvas.setAttribute('aria-label',
      `loss curve: total loss from ${fmt(points[0].total)} to ${fmt(points[points.length - 1].total)} over iterations ${x0} to ${x1}${log ? ' (log scale)' : ''}`
      + (best ? `, best ${fmt(best.total)} at iteration ${best.iteration}` : ''));
  }

  // Everything at once: the list does not wait for the form, nor for a first poll interval.
  function start() {
    if (!optionsLoaded) loadOptions();
    loadStyles();
    refresh();
  }

  showStyleChoice();
  start();
})();
