// The check-in scanner: the rear camera, a QR decoder, a big answer for each ticket, and
// check-ins that wait on the phone while the network is away (see scanner-store.js).
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("scanner-config").textContent);
  const text = config.text;
  const store = new window.ScannerStore(config.forum_id);
  const deviceId = window.ScannerStore.deviceId();

  const DECODE_EVERY_MS = 250; // a few frames a second: quick enough, and the phone stays cool
  const SAME_CODE_QUIET_MS = 4000; // a code still in view is not sent again until it has been away this long
  const REQUEST_TIMEOUT_MS = 2500; // then the roster answers, and the scan waits in the queue
  const SYNC_EVERY_MS = 45000;
  const SHOW_FOR_MS = { ok: 1800, already_checked_in: 2600 };
  const SHOW_BAD_FOR_MS = 3200;
  const RESULT_LOOK = {
    ok: { tone: "ok", icon: "bi-check-circle-fill" },
    already_checked_in: { tone: "warn", icon: "bi-exclamation-circle-fill" },
  };
  const BAD_LOOK = { tone: "bad", icon: "bi-x-octagon-fill" };

  const el = (selector) => document.querySelector(selector);
  const video = el("[data-scanner-video]");
  const overlay = el("[data-testid=scan-result]");
  const cameraNote = el("[data-camera-note]");

  // The refused scans' sheet; renderStatus keeps it up to date while it is open.
  const review = new window.RefusedReview(el("#refused-review"), {
    store,
    text,
    words: { fill, clock, fullName },
    sendQueue: async () => {
      if (navigator.onLine) await flush();
    },
    changed: () => renderStatus(),
  });

  let detector = null;
  let stream = null;
  let cameras = [];
  let cameraIndex = -1;
  let paused = false;
  let showing = false;
  let decoding = false;
  let hideTimer = null;
  let online = navigator.onLine;
  let flushing = false;
  let flushAgain = false;
  let loginNeeded = false;
  const lastSeen = new Map();
  // From the scanner these mean a login that may not check in (403) or a page older than the
  // login (400, its security token): the roster answers and the scan waits in the refused list.
  const REFUSED_FROM_THIS_LOGIN = [400, 403];

  // ---- words and numbers --------------------------------------------------------------

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
  }

  const clockFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Bangkok",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });

  // 09.42 น. in Thai, 09:42 in English: the app's own time format, in Bangkok time.
  function clock(iso) {
    const moment = new Date(iso);
    if (!iso || Number.isNaN(moment.getTime())) return "";
    const [hours, minutes] = clockFormat.format(moment).split(":");
    return fill(text.clock, { hours, minutes });
  }

  function fullName(person) {
    return `${person.prefix || ""}${person.first_name || ""} ${person.last_name || ""}`.trim();
  }

  // A ticket QR holds the ticket's URL (…/t/<code>); a code typed by hand is the code itself.
  function ticketCode(scanned) {
    const value = (scanned || "").trim();
    const match = value.match(/\/t\/([A-Za-z0-9_-]+)/);
    return match ? match[1] : value;
  }

  // ---- the answer on screen ----------------------------------------------------------

  function setText(selector, value) {
    const node = overlay.querySelector(selector);
    node.textContent = value || "";
    node.hidden = !value;
  }

  function detailOf(answer) {
    if (answer.result === "already_checked_in") {
      const time = clock(answer.checked_in_at);
      return answer.checked_in_by
        ? fill(text.checked_in_at_by, { time, staff: answer.checked_in_by })
        : fill(text.checked_in_at, { time });
    }
    return text.hints[answer.result] || "";
  }

  // `nonce`: the scan's, so its line in the history can say so if the server refuses it later.
  function show(answer, nonce) {
    const look = RESULT_LOOK[answer.result] || BAD_LOOK;
    const person = answer.registration;
    overlay.dataset.result = answer.result;
    overlay.dataset.source = answer.offline ? "device" : "server";
    overlay.className = `scan-result scan-result-${look.tone}`;
    overlay.querySelector("[data-result-icon]").className = `bi ${look.icon} scan-result-icon`;
    setText("[data-result-title]", text.titles[answer.result] || text.titles.error);
    setText("[data-result-name]", person ? fullName(person) : "");
    setText("[data-result-position]", person ? person.position : "");
    setText("[data-result-organization]", person ? person.organization || person.organization_name : "");
    setText("[data-result-detail]", detailOf(answer));
    setText(
      "[data-result-offline]",
      answer.refused ? text.answered_refused : answer.offline ? text.answered_offline : "",
    );
    overlay.hidden = false;
    showing = true;
    signal(look.tone);
    remember(answer, look.tone, nonce);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, SHOW_FOR_MS[answer.result] || SHOW_BAD_FOR_MS);
  }

  function hide() {
    clearTimeout(hideTimer);
    overlay.hidden = true;
    showing = false;
    el("[data-manual] input").value = "";
  }

  function remember(answer, tone, nonce) {
    const list = el("[data-history]");
    const item = document.createElement("li");
    item.dataset.testid = "scan-history-item";
    item.dataset.time = clock(new Date().toISOString());
    item.dataset.name = answer.registration ? fullName(answer.registration) : "";
    if (nonce) item.dataset.nonce = nonce;
    if (answer.refused) historyLine(item, "bad", text.history_refused);
    else historyLine(item, tone, text.titles[answer.result] || text.titles.error);
    list.prepend(item);
    while (list.children.length > 3) list.lastElementChild.remove();
    el("[data-history-box]").hidden = false;
  }

  function historyLine(item, tone, title) {
    item.className = `scan-history-item scan-history-${tone}`;
    item.textContent = [item.dataset.time, title, item.dataset.name].filter(Boolean).join(" · ");
  }

  // A scan answered from the roster and refused by the server when it was sent: not recorded.
  function markRefused(nonce) {
    const item = document.querySelector(`[data-history] [data-nonce="${CSS.escape(nonce)}"]`);
    if (item) historyLine(item, "bad", text.history_refused);
  }

  // ---- sound and vibration -----------------------------------------------------------

  let audio = null;
  let soundWanted = true;

  function renderSound() {
    const button = el("[data-sound]");
    const on = soundWanted && audio !== null && audio.state === "running";
    button.setAttribute("aria-pressed", String(on));
    button.querySelector("i").className = on ? "bi bi-volume-up-fill" : "bi bi-volume-mute-fill";
    button.querySelector("[data-sound-label]").textContent = on ? text.sound_on : text.sound_off;
  }

  // Browsers let a page make sound only after a tap, so the first tap anywhere wakes it up.
  function wakeAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context || !soundWanted) return;
    if (!audio) {
      audio = new Context();
      audio.addEventListener("statechange", renderSound);
    }
    if (audio.state === "suspended") audio.resume();
    renderSound();
  }

  function toggleSound() {
    soundWanted = !(soundWanted && audio && audio.state === "running");
    if (soundWanted) wakeAudio();
    renderSound();
  }

  function beep(frequency, start, length, type) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = type;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, audio.currentTime + start);
    gain.gain.exponentialRampToValueAtTime(0.3, audio.currentTime + start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + start + length);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(audio.currentTime + start);
    oscillator.stop(audio.currentTime + start + length + 0.02);
  }

  function signal(tone) {
    if (soundWanted && audio && audio.state === "running") {
      if (tone === "ok") {
        beep(880, 0, 0.09, "sine");
        beep(1320, 0.1, 0.12, "sine");
      } else if (tone === "warn") {
        beep(660, 0, 0.12, "triangle");
        beep(660, 0.18, 0.12, "triangle");
      } else {
        beep(196, 0, 0.4, "square");
      }
    }
    if (navigator.vibrate) {
      navigator.vibrate(tone === "ok" ? 80 : tone === "warn" ? [80, 80, 80] : [300, 100, 300]);
    }
  }

  // ---- talking to the server ---------------------------------------------------------

  function setOnline(value) {
    online = value;
    renderStatus();
  }

  async function request(url, options) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      return await fetch(url, { credentials: "same-origin", signal: controller.signal, ...options });
    } finally {
      clearTimeout(timer);
    }
  }

  // A scan sent at once goes without its time: the server's clock is the better one then.
  function post(scan, late) {
    const body = { forum_id: config.forum_id, scan: scan.scan, nonce: scan.nonce, device: deviceId };
    if (late) body.scanned_at = scan.scanned_at;
    return request(config.checkin_url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf_token },
      body: JSON.stringify(body),
    });
  }

  // The server's answer; null when it cannot be had now, or { refused: status } when the server
  // will not take scans from this login or page (either way the roster answers).
  async function sendNow(scan) {
    let response;
    try {
      response = await post(scan, false);
    } catch (error) {
      setOnline(false);
      return null;
    }
    setOnline(true);
    if (response.status === 401) {
      loginNeeded = true;
      renderStatus();
      return null;
    }
    if (REFUSED_FROM_THIS_LOGIN.includes(response.status)) return { refused: response.status };
    if (!response.ok) return response.status >= 500 || response.status === 429 ? null : { result: "error" };
    loginNeeded = false;
    return response.json().catch(() => ({ result: "error" }));
  }

  // Sends the waiting scans in the order they were made; a re-sent nonce is never counted twice.
  // A login that ended (401) holds the queue until the volunteer logs in again; any other 4xx
  // sets the scan aside for the volunteer to review (static/js/scanner-review.js).
  // True when the whole queue was gone through.
  async function sendWaiting() {
    for (const scan of store.pending()) {
      let response;
      try {
        response = await post(scan, true);
      } catch (error) {
        setOnline(false);
        return false;
      }
      setOnline(true);
      if (response.ok) {
        loginNeeded = false;
        store.sent(scan.nonce);
      } else if (response.status === 401) {
        loginNeeded = true;
        return false;
      } else if (response.status >= 500 || response.status === 429) {
        return false;
      } else {
        store.refused(scan, response.status);
        markRefused(scan.nonce);
      }
      renderStatus();
    }
    return true;
  }

  // One at a time; scans queued meanwhile (a retry) are sent by the run going on.
  async function flush() {
    if (flushing) {
      flushAgain = true;
      return;
    }
    flushing = true;
    try {
      do {
        flushAgain = false;
      } while ((await sendWaiting()) && flushAgain);
    } finally {
      flushing = false;
      renderStatus();
    }
  }

  async function refreshRoster() {
    const requestedAt = Date.now();
    try {
      const response = await request(config.roster_url, { headers: { Accept: "application/json" } });
      setOnline(true);
      if (response.status === 401) {
        loginNeeded = true;
      } else if (response.ok) {
        loginNeeded = false;
        store.saveRoster(await response.json(), requestedAt);
      }
    } catch (error) {
      setOnline(false);
    }
    renderStatus();
  }

  async function sync() {
    await flush();
    await refreshRoster();
  }

  // ---- one scan, from the camera or typed ----------------------------------------------

  async function handle(scanned, fromCamera) {
    const code = ticketCode(scanned);
    if (!code) return;
    const now = Date.now();
    if (fromCamera) {
      const seen = lastSeen.get(code);
      lastSeen.set(code, now);
      if (seen && now - seen < SAME_CODE_QUIET_MS) return;
    }
    showing = true; // no other scan starts while this one is answered
    const scan = {
      nonce: window.ScannerStore.randomId(),
      scan: scanned.trim(),
      code,
      scanned_at: new Date(now).toISOString(),
    };
    const reply = navigator.onLine ? await sendNow(scan) : null;
    let answer = reply;
    if (reply && !reply.refused) {
      if (answer.result === "ok" || answer.result === "already_checked_in") {
        store.mark(code, answer.checked_in_at, answer.checked_in_by);
      }
    } else {
      answer = { ...store.answer(code), offline: true, refused: Boolean(reply) };
      if (answer.result === "ok") {
        answer.checked_in_at = scan.scanned_at;
        store.mark(code, scan.scanned_at, config.staff_name);
      }
      if (reply) store.refused(scan, reply.refused);
      else store.enqueue(scan);
      renderStatus();
    }
    lastSeen.set(code, Date.now());
    show(answer, scan.nonce);
  }

  // ---- status line -------------------------------------------------------------------

  function renderStatus() {
    const status = el("[data-testid=connection]");
    const isOnline = online && navigator.onLine;
    status.dataset.state = isOnline ? "online" : "offline";
    status.querySelector("[data-connection-label]").textContent = isOnline ? text.online : text.offline;
    const waiting = store.pending().length;
    const queue = el("[data-testid=queue-count]");
    queue.dataset.count = String(waiting);
    const refused = store.refusedCount();
    queue.textContent = waiting
      ? fill(text.waiting, { count: waiting })
      : refused
        ? text.none_waiting
        : text.all_sent;
    queue.classList.toggle("is-waiting", waiting > 0);
    const refusedNode = el("[data-refused]");
    refusedNode.hidden = refused === 0;
    refusedNode.dataset.count = String(refused);
    refusedNode.querySelector("[data-refused-label]").textContent = fill(text.refused, { count: refused });
    review.refresh();
    el("[data-login-needed]").hidden = !loginNeeded;
    const roster = store.roster;
    el("[data-roster]").textContent = roster
      ? fill(text.roster, { count: roster.count, time: clock(roster.fetched_at) })
      : text.no_roster;
  }

  // ---- camera and decoder ------------------------------------------------------------

  function note(message) {
    cameraNote.textContent = message || "";
    cameraNote.hidden = !message;
  }

  async function makeDetector() {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) return new window.BarcodeDetector({ formats: ["qr_code"] });
      } catch (error) {
        // fall through to the vendored decoder
      }
    }
    const api = window.BarcodeDetectionAPI;
    api.prepareZXingModule({
      overrides: {
        // Our own copy of the .wasm; the package would fetch it from a CDN.
        locateFile: (path, prefix) => (path.endsWith(".wasm") ? config.wasm_base + path : prefix + path),
      },
      fireImmediately: true,
    });
    return new api.BarcodeDetector({ formats: ["qr_code"] });
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.srcObject = null;
  }

  async function startCamera() {
    stopCamera();
    note(text.starting_camera);
    const device = cameras[cameraIndex];
    const constraints = {
      audio: false,
      video: device
        ? { deviceId: { exact: device.deviceId } }
        : { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
    };
    try {
      stream = await navigator.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      const denied = error.name === "NotAllowedError" || error.name === "SecurityError";
      note(denied ? text.camera_denied : text.camera_missing);
      return;
    }
    video.srcObject = stream;
    await video.play().catch(() => {});
    note("");
    await listCameras();
    offerTorch();
  }

  async function listCameras() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    cameras = devices.filter((device) => device.kind === "videoinput");
    const track = stream && stream.getVideoTracks()[0];
    const current = track && track.getSettings().deviceId;
    const index = cameras.findIndex((device) => device.deviceId === current);
    if (index >= 0) cameraIndex = index;
    el("[data-switch-camera]").hidden = cameras.length < 2;
  }

  function offerTorch() {
    const track = stream && stream.getVideoTracks()[0];
    const capabilities = track && track.getCapabilities ? track.getCapabilities() : {};
    const button = el("[data-torch]");
    button.hidden = !capabilities.torch;
    button.setAttribute("aria-pressed", "false");
  }

  async function toggleTorch() {
    const track = stream && stream.getVideoTracks()[0];
    const button = el("[data-torch]");
    const on = button.getAttribute("aria-pressed") !== "true";
    try {
      await track.applyConstraints({ advanced: [{ torch: on }] });
      button.setAttribute("aria-pressed", String(on));
    } catch (error) {
      button.hidden = true;
    }
  }

  function setPaused(value) {
    paused = value;
    const button = el("[data-pause]");
    button.setAttribute("aria-pressed", String(paused));
    button.querySelector("i").className = paused ? "bi bi-play-fill" : "bi bi-pause-fill";
    button.querySelector("[data-pause-label]").textContent = paused ? text.resume : text.pause;
    el("[data-paused]").hidden = !paused;
    if (paused) {
      stopCamera();
    } else {
      lastSeen.clear(); // resuming on purpose: the same ticket may be checked again
      startCamera();
    }
  }

  async function decodeLoop() {
    const ready = stream && video.readyState >= 2 && video.videoWidth > 0;
    if (!showing && !paused && !decoding && ready && !document.hidden && !review.isOpen) {
      decoding = true;
      try {
        const codes = await detector.detect(video);
        const found = codes.find((code) => code.rawValue);
        if (found && !showing) await handle(found.rawValue, true);
      } catch (error) {
        // a frame the decoder could not take; the next one will do
      } finally {
        decoding = false;
      }
    }
    setTimeout(decodeLoop, DECODE_EVERY_MS);
  }

  // ---- start ------------------------------------------------------------------------

  function wire() {
    overlay.addEventListener("click", hide);
    document.addEventListener(
      "pointerdown",
      (event) => {
        if (!event.target.closest("[data-sound]")) wakeAudio(); // the sound button decides for itself
      },
      { passive: true },
    );
    document.addEventListener("keydown", wakeAudio);
    el("[data-manual]").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = event.target.querySelector("input");
      if (input.value.trim()) handle(input.value, false);
    });
    el("[data-pause]").addEventListener("click", () => setPaused(!paused));
    el("[data-torch]").addEventListener("click", toggleTorch);
    el("[data-sound]").addEventListener("click", toggleSound);
    el("[data-switch-camera]").addEventListener("click", () => {
      cameraIndex = (cameraIndex + 1) % cameras.length;
      startCamera();
    });
    window.addEventListener("online", () => {
      setOnline(true);
      sync();
    });
    window.addEventListener("offline", () => setOnline(false));
    window.addEventListener("storage", renderStatus);
    // A hidden tab lets the camera go (battery, and other apps may want it) and takes it back on return.
    document.addEventListener("visibilitychange", () => {
      if (paused || !detector) return;
      if (document.hidden) stopCamera();
      else startCamera();
    });
  }

  // The page and the files it loaded are handed to the service worker, so it opens offline too.
  async function keepForOffline() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    try {
      const registration = await navigator.serviceWorker.register(config.worker_url);
      await navigator.serviceWorker.ready;
      const files = performance
        .getEntriesByType("resource")
        .map((entry) => entry.name)
        .filter((url) => url.includes("/static/"));
      const wasm = new URL(config.wasm_base + "zxing_reader.wasm", location.href).href;
      (registration.active || navigator.serviceWorker.controller).postMessage({
        keep: [location.href.split("#")[0], ...new Set([...files, wasm])],
      });
    } catch (error) {
      // without a worker the page still works; it only cannot be reopened offline
    }
  }

  async function start() {
    wire();
    renderSound();
    // After "load" the fonts and styles are in the list of what the page loaded.
    if (document.readyState === "complete") keepForOffline();
    else window.addEventListener("load", keepForOffline);
    renderStatus();
    sync();
    setInterval(sync, SYNC_EVERY_MS);
    // Phones open the camera only in a secure context (https, or http on the device itself).
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      el("[data-insecure]").hidden = false;
      el("[data-camera]").hidden = true;
      return;
    }
    detector = await makeDetector();
    await startCamera();
    decodeLoop();
  }

  start();
})();
