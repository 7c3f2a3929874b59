// The scanner's rules that need no page: reading what was scanned or typed, finding people in the
// roster kept on the phone, sorting the server's answers, and naming why the camera will not open.
// Pure functions, unit-tested with Node's own runner (tests/js/scanner-rules.test.mjs).

// The short code's alphabet: a copy of app/registration/short_codes.py's ALPHABET (the rule lives
// there; change both together). No 0 or O, 1, I or L, and no U beside V.
export const SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const SHORT_CODE_LENGTH = 6;

// A ticket QR holds the ticket's URL (…/t/<code>); a code typed by hand is the code itself.
export function ticketCodeOf(scanned) {
  const value = (scanned || "").trim();
  const match = value.match(/\/t\/([A-Za-z0-9_-]+)/);
  return match ? match[1] : value;
}

// The short code a person typed (any case, with spaces or dashes), or null when it cannot be one.
export function shortCodeOf(typed) {
  const code = String(typed || "")
    .toUpperCase()
    .replace(/[\s-]/g, "");
  if (code.length !== SHORT_CODE_LENGTH) return null;
  return [...code].every((c) => SHORT_CODE_ALPHABET.includes(c)) ? code : null;
}

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const THAI_DIGIT = /[\u0e50-\u0e59]/g;

// The form both a roster entry and a query take for search, as app.thai.search_key makes it on the
// server, and with dashes gone too: "081-234-5678" and "0812345678" find each other, and Thai
// written with or without spaces between words matches.
export function searchKey(text) {
  return String(text || "")
    .normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(THAI_DIGIT, (d) => String(d.charCodeAt(0) - 0x0e50))
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015]/g, "");
}

function entryKey(person) {
  const name = `${person.prefix || ""}${person.first_name || ""} ${person.last_name || ""}`;
  return [name, person.organization, person.phone, person.position, person.short_code]
    .map(searchKey)
    .join("\n");
}

const STATUS_ORDER = { confirmed: 0, waitlisted: 1, cancelled: 2 };

// The roster's people matching a name, organization, phone or short code: confirmed first, then by
// first name, at most `limit`. `people` is the roster's items (an object by ticket code, or a list).
export function findPeople(people, query, limit = 30) {
  const key = searchKey(query);
  if (!key) return [];
  const code = shortCodeOf(query);
  const found = Object.values(people || {}).filter(
    (person) => (code && person.short_code === code) || entryKey(person).includes(key),
  );
  found.sort(
    (a, b) =>
      (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3) ||
      (a.first_name || "").localeCompare(b.first_name || "", "th") ||
      (a.registration_id || 0) - (b.registration_id || 0),
  );
  return found.slice(0, limit);
}

// The roster entry whose short code a person typed, or null.
export function personByShortCode(people, typed) {
  const code = shortCodeOf(typed);
  if (!code) return null;
  return Object.values(people || {}).find((person) => person.short_code === code) || null;
}

// What an HTTP status from the check-in API means for a scan:
//   "answered" the server took it; "login" the login ended (scans wait until it is back);
//   "later" the server cannot answer now (try again); "refused_login" this login or page may not
//   check in (400: its security token is from an earlier login; 403: the role); "refused" the
//   server will never take this scan as it is.
export function classify(status) {
  if (status >= 200 && status < 300) return "answered";
  if (status === 401) return "login";
  if (status >= 500 || status === 429) return "later";
  if (status === 400 || status === 403) return "refused_login";
  return "refused";
}

// Why the camera did not open, from the page's context and getUserMedia's error name:
// "insecure" (plain http on the network), "denied" (the person or the browser said no),
// "busy" (another app holds it) or "missing" (no camera, or none that fits).
export function cameraProblem({ secure, mediaDevices, error }) {
  if (!secure || !mediaDevices) return "insecure";
  if (error === "NotAllowedError" || error === "SecurityError" || error === "PermissionDeniedError") {
    return "denied";
  }
  if (error === "NotReadableError" || error === "TrackStartError" || error === "AbortError") return "busy";
  return "missing";
}

// The queue line's words: which of the scanner's texts, or none before this phone scanned anything
// (an "all sent" then would claim work that never happened).
export function queueState({ waiting, refused, scanned }) {
  if (waiting > 0) return "waiting";
  if (refused > 0) return "none_waiting";
  return scanned ? "all_sent" : "";
}
