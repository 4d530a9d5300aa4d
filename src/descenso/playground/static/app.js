// descenso playground: draws what the server trains. No words of its own: /strings has them.
"use strict";
(function () {
  const params = new URLSearchParams(location.search);
  const token = params.get("token") || "";
  const $ = (id) => document.getElementById(id);
  const PALETTE = [[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189]];
  const SETTING_KEYS = ["data", "n", "noise", "classes", "ratio", "seed", "features", "hidden",
    "activation", "loss", "optimizer", "lr", "schedule", "batch", "l1", "l2", "target"];
  const CURVE_POINTS = 2000;
  let words = {}, run = null, last = null, pageId = "", playing = false, history = new Curve(), socket;

  // A run's points in bounded memory, as the server keeps its history: every point until
  // CURVE_POINTS, then every other one goes and only every stride-th new one is kept, so the
  // points stay evenly spaced over the whole run; rows() ends with the latest point.
  function Curve() { this.kept = []; this.stride = 1; this.seen = 0; this.latest = null; }
  Curve.prototype.push = function (row) {
    this.latest = row;
    if (this.seen++ % this.stride === 0) this.kept.push(row);
    if (this.kept.length > CURVE_POINTS) { this.kept = this.kept.filter((r, i) => i % 2 === 0); this.stride *= 2; }
  };
  Curve.prototype.rows = function () {
    const n = this.kept.length;
    return this.latest === null || (n && this.kept[n - 1] === this.latest) ? this.kept : this.kept.concat([this.latest]);
  };

  function q(extra) {
    const p = new URLSearchParams({token: token});
    for (const k in extra || {}) p.set(k, extra[k]);
    return p.toString();
  }
  function floats(b64) {  // the server's packed float32 arrays
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return Array.from(new Float32Array(bytes.buffer));
  }
  function unpack(f) {
    for (const key of ["output", "curve", "predicted"]) if (f[key]) f[key] = floats(f[key]);
    f.neurons = f.neurons.map((layer, l) => {
      const all = floats(layer), units = run.layers[l], size = all.length / units;
      return Array.from({length: units}, (_, i) => all.slice(i * size, (i + 1) * size));
    });
    return f;
  }
  function showError(text) { const e = $("error"); e.textContent = text || ""; e.hidden = !text; }
  function urlSettings() {
    const out = {};
    for (const key of SETTING_KEYS) {
      if (!params.has(key)) continue;
      const v = params.get(key);
      out[key] = (key === "features" || key === "hidden") ? v.split(",").filter(Boolean) : v;
    }
    if (out.data === "csv") delete out.data;  // an upload is not in a link
    return out;
  }
  function readControls() {
    const out = {};
    document.querySelectorAll("[data-setting]").forEach((el) => { out[el.dataset.setting] = el.value; });
    out.hidden = out.hidden.split(",").map((s) => s.trim()).filter(Boolean);
    out.features = Array.from(document.querySelectorAll("#features input:checked")).map((el) => el.value);
    return out;
  }
  function writeControls(s) {
    document.querySelectorAll("[data-setting]").forEach((el) => {
      const v = s[el.dataset.setting];
      el.value = Array.isArray(v) ? v.join(",") : v;
    });
  }
  function saveUrl(s) {
    const p = new URLSearchParams({token: token});
    for (const key of SETTING_KEYS) {
      const v = s[key];
      if (v === undefined || (v === "" && key !== "hidden")) continue;
      p.set(key, Array.isArray(v) ? v.join(",") : v);
    }
    window.history.replaceState(null, "", "?" + p.toString());
  }
  function send(message) { if (socket && socket.readyState === 1) socket.send(JSON.stringify(message)); }
  function sendSettings() { const s = readControls(); saveUrl(s); send({type: "settings", settings: s}); }
  function setPlaying(on) {
    playing = on; $("play").textContent = on ? words.pause : words.play;
    send({type: on ? "play" : "pause"});
  }

  // ---- drawing -------------------------------------------------------------------------
  function colorOf(value) {
    if (!run) return [200, 200, 200];
    if (run.loss === "bce") {
      const a = PALETTE[1], b = PALETTE[0];
      return a.map((c, i) => c + (b[i] - c) * value);
    }
    if (run.loss === "ce") {
      const k = Math.floor(value), conf = value - k, c = PALETTE[k % PALETTE.length];
      return c.map((x) => 255 - (255 - x) * conf);
    }
    const t = Math.max(0, Math.min(1, (value - run.ymin) / (run.ymax - run.ymin || 1)));
    return PALETTE[1].map((c, i) => c + (PALETTE[0][i] - c) * t);
  }
  function heat(ctx, values, size, w, h, color, x, y) {
    const img = new ImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      const c = color(values[i]);
      img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
    }
    const off = document.createElement("canvas"); off.width = size; off.height = size;
    off.getContext("2d").putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true; ctx.drawImage(off, x || 0, y || 0, w, h);
  }
  function pointColor(y) {
    if (run.task === "classification") return PALETTE[y % PALETTE.length];
    return colorOf(y);
  }
  function drawOutput(f) {
    const cv = $("output"), ctx = cv.getContext("2d"), W = cv.width, H = cv.height;
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
    const e = run.extent;
    if (f.output) {
      heat(ctx, f.output, Math.round(Math.sqrt(f.output.length)), W, H, colorOf);
      const sx = (x) => (x - e[0]) / (e[1] - e[0]) * W, sy = (y) => (e[3] - y) / (e[3] - e[2]) * H;
      const dots = (pts, ys, filled) => pts.forEach((p, i) => {
        const c = pointColor(ys[i]);
        ctx.beginPath(); ctx.arc(sx(p[0]), sy(p[1]), 3, 0, 7);
        ctx.fillStyle = filled ? `rgb(${c})` : "#fff"; ctx.strokeStyle = filled ? "#fff" : `rgb(${c})`;
        ctx.fill(); ctx.stroke();
      });
      dots(run.train, run.y_train, true); dots(run.test, run.y_test, false);
    } else if (f.curve) {
      const sx = (x) => (x - e[0]) / (e[1] - e[0]) * (W - 20) + 10;
      const sy = (y) => H - 10 - (y - run.ymin) / (run.ymax - run.ymin || 1) * (H - 20);
      const dots = (pts, ys, c) => pts.forEach((p, i) => { ctx.fillStyle = c; ctx.fillRect(sx(p[0]) - 2, sy(ys[i]) - 2, 4, 4); });
      dots(run.train, run.y_train, "#1f77b4"); dots(run.test, run.y_test, "#d62728");
      ctx.strokeStyle = "#000"; ctx.lineWidth = 2; ctx.beginPath();
      f.curve.forEach((y, i) => { const x = e[0] + (e[1] - e[0]) * i / (f.curve.length - 1); i ? ctx.lineTo(sx(x), sy(y)) : ctx.moveTo(sx(x), sy(y)); });
      ctx.stroke();
    } else if (f.predicted) {
      const lo = run.ymin, hi = run.ymax, s = (v) => (v - lo) / (hi - lo || 1);
      ctx.strokeStyle = "#999"; ctx.beginPath(); ctx.moveTo(10, H - 10); ctx.lineTo(W - 10, 10); ctx.stroke();
      ctx.fillStyle = "#d62728";
      f.predicted.forEach((p, i) => ctx.fillRect(10 + s(run.y_test[i]) * (W - 20) - 2, H - 10 - s(p) * (H - 20) - 2, 4, 4));
      ctx.fillStyle = "#333"; ctx.fillText(words.predicted || "", 12, 14);
    }
  }
  function drawCurves() {
    const cv = $("curves"), ctx = cv.getContext("2d"), W = cv.width, H = cv.height, log = $("log").checked;
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
    const rows = history.rows();
    if (rows.length < 1) return;
    const tf = (v) => (log ? Math.log10(Math.max(v, 1e-12)) : v);
    const vals = rows.flatMap((h) => [h[1], h[2]]).filter((v) => v !== null && isFinite(v)).map(tf);
    const lo = Math.min(...vals), hi = Math.max(...vals), n = rows.length;
    const first = rows[0][0], span = Math.max(rows[n - 1][0] - first, 1);
    const sx = (i) => 30 + (rows[i][0] - first) / span * (W - 40), sy = (v) => H - 15 - (tf(v) - lo) / (hi - lo || 1) * (H - 30);
    for (const [col, color] of [[1, "#1f77b4"], [2, "#d62728"]]) {
      ctx.strokeStyle = color; ctx.lineWidth = 1.5; ctx.beginPath();
      rows.forEach((h, i) => { if (h[col] === null) return; i ? ctx.lineTo(sx(i), sy(h[col])) : ctx.moveTo(sx(i), sy(h[col])); });
      ctx.stroke();
    }
    ctx.fillStyle = "#333"; ctx.fillText((log ? "10^" : "") + hi.toPrecision(3), 2, 12); ctx.fillText((log ? "10^" : "") + lo.toPrecision(3), 2, H - 4);
  }
  function drawNetwork(f) {
    const cv = $("network"), ctx = cv.getContext("2d"), W = cv.width, H = cv.height;
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
    const layers = run.layers, box = Math.max(8, Math.min(32, H / (Math.max(...layers) + 1) - 4));
    const pos = layers.map((count, l) => Array.from({length: count}, (_, i) => [
      20 + l * (W - 60) / Math.max(layers.length - 1, 1), (i + 1) * H / (count + 1)]));
    f.weights.forEach((matrix, l) => {
      const big = Math.max(1e-9, ...matrix.flat().map(Math.abs));
      matrix.forEach((row, j) => row.forEach((w, i) => {
        const a = pos[l][i], b = pos[l + 1][j];
        ctx.strokeStyle = w >= 0 ? "rgba(31,119,180,.7)" : "rgba(255,127,14,.7)";
        ctx.lineWidth = 0.3 + 4 * Math.abs(w) / big;
        ctx.beginPath(); ctx.moveTo(a[0] + box, a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke();
      }));
    });
    pos.forEach((column, l) => column.forEach((p, i) => {
      const maps = l < layers.length - 1 ? f.neurons[l] : (f.output && column.length === 1 ? [f.output] : null);
      if (maps && maps[i]) {
        const m = maps[i], lo = Math.min(...m), hi = Math.max(...m);
        heat(ctx, m.map((v) => (v - lo) / (hi - lo || 1)), Math.round(Math.sqrt(m.length)), box, box,
          (t) => PALETTE[1].map((c, k) => c + (PALETTE[0][k] - c) * t), p[0], p[1] - box / 2);
      }
      ctx.strokeStyle = "#333"; ctx.lineWidth = 1; ctx.strokeRect(p[0], p[1] - box / 2, box, box);
      if (l === 0 && run.features) { ctx.fillStyle = "#333"; ctx.fillText(run.features[i] || "", p[0], p[1] + box / 2 + 10); }
    }));
  }
  function drawSurface(f) {
    const fig = $("surface-figure");
    if (!run.surface) { fig.hidden = true; return; }
    fig.hidden = false;
    const cv = $("surface"), ctx = cv.getContext("2d"), W = cv.width, H = cv.height, s = run.surface;
    if (!run.surfaceImage) {
      const flat = s.loss.slice().reverse().flat().map((v) => Math.log(v + 1e-12));
      const lo = Math.min(...flat), hi = Math.max(...flat);
      heat(ctx, flat.map((v) => (v - lo) / (hi - lo || 1)), s.w.length, W, H, (t) => [255 * t, 255 * (1 - Math.abs(t - .5)), 255 * (1 - t)]);
      run.surfaceImage = ctx.getImageData(0, 0, W, H);
    }
    ctx.putImageData(run.surfaceImage, 0, 0);
    const w0 = s.w[0], w1 = s.w[s.w.length - 1], b0 = s.b[0], b1 = s.b[s.b.length - 1];
    const sx = (w) => (w - w0) / (w1 - w0) * W, sy = (b) => H - (b - b0) / (b1 - b0) * H;
    ctx.strokeStyle = "#000"; ctx.lineWidth = 2; ctx.beginPath();
    run.path.rows().forEach((p, i) => (i ? ctx.lineTo(sx(p[0]), sy(p[1])) : ctx.moveTo(sx(p[0]), sy(p[1]))));
    ctx.stroke();
    ctx.fillStyle = "#fff"; ctx.beginPath(); ctx.arc(sx(s.best[0]), sy(s.best[1]), 4, 0, 7); ctx.fill();
  }
  function draw(f) {
    last = f;
    $("step").textContent = f.step; $("epoch").textContent = f.epoch; $("sps").textContent = f.steps_per_second;
    $("train-loss").textContent = f.train_loss === null ? "-" : f.train_loss.toPrecision(5);
    $("test-loss").textContent = f.test_loss === null ? "-" : f.test_loss.toPrecision(5);
    $("lr").dataset.current = f.lr;
    if (!history.latest || history.latest[0] !== f.step) history.push([f.step, f.train_loss, f.test_loss]);
    if (f.wb) run.path.push(f.wb);
    drawOutput(f); drawCurves(); drawNetwork(f); drawSurface(f);
    document.body.dataset.step = f.step;
    document.body.dataset.loss = f.train_loss;
  }
  function onSetup(m) {
    const ys = m.y_train.concat(m.y_test);
    run = Object.assign(m, {ymin: Math.min(...ys), ymax: Math.max(...ys), path: new Curve(), surfaceImage: null,
      features: m.settings.features});
    history = new Curve();
    writeControls(m.settings); saveUrl(m.settings);
    const box = $("features"); box.textContent = "";
    for (const name of m.available) {
      const label = document.createElement("label"), input = document.createElement("input");
      input.type = "checkbox"; input.value = name; input.checked = m.settings.features.includes(name);
      input.addEventListener("change", sendSettings);
      label.append(input, " " + name); box.append(label);
    }
    showError("");
  }

  // ---- controls ------------------------------------------------------------------------
  function download(blob, name) {
    const a = document.createElement("a"); a.href = URL.createObjectURL(blob); a.download = name;
    document.body.append(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
  async function exportKind(kind, name) {
    const r = await fetch("/export/" + kind + "?" + q({page: pageId}));
    if (!r.ok) { showError(await r.text()); return; }
    download(await r.blob(), name);
  }
  async function upload(file) {
    const r = await fetch("/upload?" + q({target: $("target").value}), {method: "POST", body: file,
      headers: {"X-Descenso-Page": pageId, "Content-Type": "text/csv"}});
    let body;
    try { body = await r.json(); } catch (e) { body = {error: r.status + " " + r.statusText}; }
    if (!r.ok) { showError(body.error); return; }
    const dataSelect = $("data");
    if (!Array.from(dataSelect.options).some((o) => o.value === "csv")) dataSelect.add(new Option(words.csv, "csv"));
    dataSelect.value = "csv"; $("target").value = body.target;
    const list = $("columns"); list.textContent = "";
    for (const name of body.columns) list.append(new Option(name, name));
    const s = readControls(); s.features = body.features; send({type: "settings", settings: s});
  }
  function wire() {
    $("play").addEventListener("click", () => setPlaying(!playing));
    $("step-once").addEventListener("click", () => { playing = true; setPlaying(false); send({type: "step"}); });
    $("reset").addEventListener("click", () => send({type: "reset"}));
    $("log").addEventListener("change", drawCurves);
    $("data").addEventListener("change", () => {
      if ($("data").value === "line") { $("hidden").value = ""; $("lr").value = "0.1"; }  // y = w x + b
      document.querySelectorAll("#features input").forEach((el) => { el.checked = false; });
    }, true);
    document.querySelectorAll("[data-setting]").forEach((el) => el.addEventListener("change", sendSettings));
    $("csv-file").addEventListener("change", (e) => e.target.files[0] && upload(e.target.files[0]));
    $("export-model").addEventListener("click", () => exportKind("model", "model.safetensors"));
    $("export-script").addEventListener("click", () => exportKind("script", "playground_run.py"));
    $("export-history").addEventListener("click", () => exportKind("history", "history.csv"));
    $("export-png").addEventListener("click", () => ["output", "curves", "network", "surface"].forEach((id) =>
      $(id).toBlob((b) => b && download(b, id + ".png"))));
    $("output").addEventListener("mousemove", (e) => {
      if (!last || !last.output) return;
      const r = e.target.getBoundingClientRect(), size = Math.round(Math.sqrt(last.output.length));
      const i = Math.floor((e.clientY - r.top) / r.height * size), j = Math.floor((e.clientX - r.left) / r.width * size);
      const x1 = run.extent[0] + (run.extent[1] - run.extent[0]) * (e.clientX - r.left) / r.width;
      const x2 = run.extent[3] - (run.extent[3] - run.extent[2]) * (e.clientY - r.top) / r.height;
      const v = last.output[i * size + j];
      $("hover").textContent = `x1=${x1.toFixed(2)} x2=${x2.toFixed(2)} → ${v === undefined ? "" : v.toFixed(3)}`;
    });
    $("curves").addEventListener("mousemove", (e) => {
      const rows = history.rows();
      if (!rows.length) return;
      const r = e.target.getBoundingClientRect(), n = rows.length;
      const first = rows[0][0], span = Math.max(rows[n - 1][0] - first, 1);
      const step = first + ((e.clientX - r.left) * e.target.width / r.width - 30) / (e.target.width - 40) * span;
      let h = rows[0];
      for (const row of rows) if (Math.abs(row[0] - step) < Math.abs(h[0] - step)) h = row;
      e.target.title = `${h[0]}: ${h[1] === null ? "-" : h[1].toPrecision(5)} / ${h[2] === null ? "-" : h[2].toPrecision(5)}`;
    });
    $("surface").addEventListener("mousemove", (e) => {
      const s = run && run.surface;
      if (!s) return;
      const r = e.target.getBoundingClientRect(), k = s.w.length;
      const j = Math.min(k - 1, Math.floor((e.clientX - r.left) / r.width * k));
      const i = Math.min(k - 1, Math.floor((r.bottom - e.clientY) / r.height * k));
      e.target.title = `w=${s.w[j].toFixed(3)} b=${s.b[i].toFixed(3)} → ${s.loss[i][j].toPrecision(4)}`;
    });
    document.addEventListener("keydown", (e) => {
      if (e.target.tagName === "INPUT" || e.target.tagName === "SELECT") return;
      if (e.key === " ") { e.preventDefault(); setPlaying(!playing); }
      else if (e.key === "s") $("step-once").click();
      else if (e.key === "r") $("reset").click();
    });
  }
  function connect() {
    socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws?" + q());
    socket.onopen = () => {};
    socket.onmessage = (event) => {
      const m = JSON.parse(event.data);
      if (m.type === "hello") { pageId = m.page; send({type: "settings", settings: urlSettings()}); }
      else if (m.type === "setup") onSetup(m);
      else if (m.type === "frame" && run) draw(unpack(m));
      else if (m.type === "error") { showError(m.message); if (playing) { playing = false; $("play").textContent = words.play; } }
    };
    socket.onclose = () => showError(words.disconnected);
  }
  async function start() {
    const r = await fetch("/strings?" + q());
    words = await r.json();
    document.querySelectorAll("[data-s]").forEach((el) => { if (words[el.dataset.s]) el.textContent = words[el.dataset.s]; });
    document.title = words.title;
    const select = $("data");
    for (const name of ["circle", "xor", "gauss", "spiral", "plane", "bumps", "line", "sine", "abalone"]) select.add(new Option(words[name], name));
    wire(); connect();
  }
  start();
})();
