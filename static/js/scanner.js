// The check-in scanner: the rear camera, a QR decoder, a big answer for each ticket, a search of
// the roster on the phone, walk-ins, and check-ins that wait on the phone while the network is away
// (see scanner-store.js). An ES module: its pure rules are in scanner-rules.mjs, unit-tested.
import {
  cameraProblem,
  classify,
  findPeople,
  personByShortCode,
  queueState,
  ticketCodeOf,
} from "./scanner-rules.mjs";

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

// ---- the answer on screen ----------------------------------------------------------

function setText(selector, value) {
  const node = overlay.querySelector(selector);
  node.textContent = value || "";
  node.hidden = !value;
}

function detailOf(answer) {
  if (answer.message) return answer.message;
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
    answer.refused
      ? text.answered_refused
      : answer.walkIn && answer.offline
        ? text.walk_in_queued
        : answer.offline
          ? text.answered_offline
          : "",
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
// A walk-in (scan.person) goes to its own address with the person's details.
function post(scan, late) {
  const body = scan.person
    ? { ...scan.person, nonce: scan.nonce, device: deviceId }
    : { forum_id: config.forum_id, scan: scan.scan, nonce: scan.nonce, device: deviceId, answer: "brief" };
  if (scan.method) body.method = scan.method;
  if (late) body.scanned_at = scan.scanned_at;
  return request(scan.person ? config.walk_in_url : config.checkin_url, {
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
  const kind = classify(response.status);
  if (kind === "login") {
    loginNeeded = true;
    renderStatus();
    return null;
  }
  if (kind === "later") return null;
  if (kind === "refused_login") return { refused: response.status };
  if (kind === "refused") {
    // Said why in the server's words (a walk-in already registered, a forum full).
    const body = await response.json().catch(() => ({}));
    return { result: "error", message: (body.error && body.error.message) || "" };
  }
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
    const kind = classify(response.status);
    if (kind === "answered") {
      loginNeeded = false;
      store.sent(scan.nonce);
    } else if (kind === "login") {
      loginNeeded = true;
      return false;
    } else if (kind === "later") {
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

// `method`: "search" for a person checked in from the search, else a scanned or typed code.
async function handle(scanned, fromCamera, method) {
  // A typed short code names its person in the roster: the phone answers for the ticket offline too,
  // and the server is sent the code as typed (it knows the short codes).
  const named = fromCamera ? null : personByShortCode(store.roster && store.roster.items, scanned);
  const code = named ? named.ticket_code : ticketCodeOf(scanned);
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
  if (method) scan.method = method;
  store.noteScanned();
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
  renderHits();
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
  const state = queueState({ waiting, refused, scanned: store.hasScanned() });
  queue.textContent = state ? fill(text[state], { count: waiting }) : "";
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
  renderHits();
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
    note("");
    showCameraProblem(cameraProblem({ secure: true, mediaDevices: true, error: error.name }));
    return;
  }
  showCameraProblem(null);
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
  const sheetOpen = review.isOpen || walkInSheet.classList.contains("show");
  if (!showing && !paused && !decoding && ready && !document.hidden && !sheetOpen) {
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

// Without a camera the page leads with the code box and the search, and says why below them.
function showCameraProblem(problem) {
  const box = el("[data-camera-problem]");
  box.hidden = !problem;
  box.querySelectorAll("[data-problem]").forEach((part) => {
    part.hidden = part.dataset.problem !== problem;
  });
  box.dataset.problem = problem || "";
  el("[data-camera]").hidden = Boolean(problem);
  el("[data-camera-retry]").hidden = problem === "insecure";
  document.body.classList.toggle("scanner-no-camera", Boolean(problem));
}

// ---- find by name, from the roster on this phone ----------------------------------------

const searchInput = el("[data-door-search]");
const hits = el("[data-search-results]");
const hitTemplate = document.getElementById("door-hit");

function describe(person) {
  return [person.organization, person.position, person.phone].filter(Boolean).join(" · ");
}

// The people matching what is typed, each with a check-in button or why there is none.
function renderHits() {
  const query = searchInput.value;
  const found = query.trim() ? findPeople(store.roster && store.roster.items, query, 20) : [];
  hits.replaceChildren(
    ...found.map((person) => {
      const item = hitTemplate.content.firstElementChild.cloneNode(true);
      const known = store.answer(person.ticket_code);
      item.dataset.ticket = person.ticket_code;
      item.dataset.result = known.result;
      item.querySelector("[data-name]").textContent = fullName(person);
      item.querySelector("[data-details]").textContent = describe(person);
      const button = item.querySelector("[data-check-in]");
      const state = item.querySelector("[data-state]");
      button.hidden = known.result !== "ok";
      button.setAttribute("aria-label", `${button.textContent}: ${fullName(person)}`);
      state.hidden = known.result === "ok";
      state.textContent =
        known.result === "already_checked_in"
          ? fill(text.search_checked_in, { time: clock(known.checked_in_at) })
          : text.titles[known.result] || "";
      state.className = `scanner-hit-state scanner-hit-${known.result}`;
      return item;
    }),
  );
  el("[data-search-none]").hidden = !query.trim() || found.length > 0 || !store.roster;
}

// Checked in from the search like a scan of the ticket: the same queue, nonce and answer.
function checkInFound(event) {
  const button = event.target.closest("[data-check-in]");
  if (!button) return;
  const item = button.closest("[data-ticket]");
  searchInput.value = "";
  handle(item.dataset.ticket, false, "search");
}

// ---- walk-ins ---------------------------------------------------------------------------

const walkInForm = el("[data-walk-in]");
const walkInSheet = el("#walk-in-sheet");
let walkInExisting = null;

function walkInPerson() {
  const data = Object.fromEntries(new FormData(walkInForm).entries());
  Object.keys(data).forEach((key) => {
    data[key] = data[key].trim();
  });
  return data;
}

function digits(value) {
  return (value || "").replace(/\D/g, "");
}

// Somebody in the roster with the same phone is already registered: check them in instead.
function registeredWithPhone(phone) {
  const items = (store.roster && store.roster.items) || {};
  const typed = digits(phone);
  return Object.values(items).find((p) => p.status !== "cancelled" && p.phone && digits(p.phone) === typed);
}

function closeWalkIn() {
  window.bootstrap.Offcanvas.getOrCreateInstance(walkInSheet).hide();
  walkInForm.reset();
  el("[data-walk-in-existing]").hidden = true;
  el("[data-walk-in-error]").hidden = true;
  walkInExisting = null;
}

async function submitWalkIn(event) {
  event.preventDefault();
  const person = walkInPerson();
  const complete = person.first_name && person.last_name && digits(person.phone).length >= 9;
  el("[data-walk-in-error]").hidden = Boolean(complete);
  if (!complete) return;
  const existing = registeredWithPhone(person.phone);
  if (existing) {
    walkInExisting = existing;
    el("[data-walk-in-existing-text]").textContent = fill(text.walk_in_existing, {
      name: fullName(existing),
      organization: existing.organization || "-",
    });
    el("[data-walk-in-existing]").hidden = false;
    return;
  }
  const now = Date.now();
  const scan = {
    nonce: window.ScannerStore.randomId(),
    person,
    scanned_at: new Date(now).toISOString(),
  };
  store.noteScanned();
  closeWalkIn();
  showing = true;
  const reply = navigator.onLine ? await sendNow(scan) : null;
  let answer = reply;
  if (!reply || reply.refused) {
    answer = {
      result: "ok",
      registration: person,
      checked_in_at: scan.scanned_at,
      offline: true,
      walkIn: true,
      refused: Boolean(reply),
    };
    if (reply) store.refused(scan, reply.refused);
    else store.enqueue(scan);
    renderStatus();
  }
  show(answer, scan.nonce);
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
  searchInput.addEventListener("input", renderHits);
  hits.addEventListener("click", checkInFound);
  walkInForm.addEventListener("submit", submitWalkIn);
  el("[data-walk-in-existing-check-in]").addEventListener("click", () => {
    const ticket = walkInExisting && walkInExisting.ticket_code;
    closeWalkIn();
    if (ticket) handle(ticket, false, "search");
  });
  el("[data-camera-retry]").addEventListener("click", () => {
    showCameraProblem(null);
    startCamera();
  });
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
  const mediaDevices = Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  if (!window.isSecureContext || !mediaDevices) {
    showCameraProblem(cameraProblem({ secure: window.isSecureContext, mediaDevices }));
    return;
  }
  detector = await makeDetector();
  await startCamera();
  decodeLoop();
}

start();
