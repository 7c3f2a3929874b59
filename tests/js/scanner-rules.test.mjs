// The scanner's pure rules, with Node's own test runner: node --test tests/js/
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  cameraProblem,
  classify,
  findPeople,
  personByShortCode,
  queueState,
  searchKey,
  shortCodeOf,
  ticketCodeOf,
} from "../../static/js/scanner-rules.mjs";

const roster = {
  tA: {
    ticket_code: "tA",
    short_code: "K7M4PX",
    registration_id: 1,
    prefix: "นาย",
    first_name: "สมชาย",
    last_name: "ใจดี",
    organization: "มูลนิธิเพื่อเด็ก พิษณุโลก",
    phone: "0812345678",
    position: "ประธาน",
    status: "confirmed",
  },
  tB: {
    ticket_code: "tB",
    short_code: "H3WS6B",
    registration_id: 2,
    prefix: "นางสาว",
    first_name: "มาลี",
    last_name: "ศรีสุข",
    organization: "กลุ่มออมทรัพย์บ้านนา",
    phone: "0899999999",
    position: "",
    status: "cancelled",
  },
  tC: {
    ticket_code: "tC",
    short_code: "22XY9Q",
    registration_id: 3,
    prefix: "นาง",
    first_name: "กานดา",
    last_name: "ใจดี",
    organization: null,
    phone: null,
    position: "",
    status: "confirmed",
  },
};

const names = (people) => people.map((p) => p.first_name);

test("a ticket URL gives its code, a typed code stays as typed", () => {
  assert.equal(ticketCodeOf("https://x.go.th/t/AbC_d-9?utm=line"), "AbC_d-9");
  assert.equal(ticketCodeOf("  K7M4PX "), "K7M4PX");
});

test("a short code is read in any case, with spaces or dashes, and never with look-alikes", () => {
  assert.equal(shortCodeOf("k7m-4px"), "K7M4PX");
  assert.equal(shortCodeOf(" K7M 4PX "), "K7M4PX");
  for (const notOne of ["K7M4P", "K7M4PXX", "K0M4PX", "KIM4PX", "KLM4PX", "", null, "กกกกกก"]) {
    assert.equal(shortCodeOf(notOne), null, String(notOne));
  }
});

test("the search key ignores spaces, dashes, case, invisible characters and Thai digits", () => {
  assert.equal(searchKey("081-234 5678"), "0812345678");
  assert.equal(searchKey("๐๘๑"), "081");
  assert.equal(searchKey("มูลนิธิ\u200b เพื่อ"), "มูลนิธิเพื่อ");
  assert.equal(searchKey("ABC"), "abc");
});

test("people are found by name, organization, phone or short code, confirmed first", () => {
  assert.deepEqual(names(findPeople(roster, "สมชาย")), ["สมชาย"]);
  assert.deepEqual(names(findPeople(roster, "สม ชาย")), ["สมชาย"]);
  assert.deepEqual(names(findPeople(roster, "นายสมชาย ใจดี")), ["สมชาย"]);
  assert.deepEqual(names(findPeople(roster, "ใจดี")), ["กานดา", "สมชาย"]);
  assert.deepEqual(names(findPeople(roster, "บ้าน นา")), ["มาลี"]);
  assert.deepEqual(names(findPeople(roster, "081-234-5678")), ["สมชาย"]);
  assert.deepEqual(names(findPeople(roster, "h3w-s6b")), ["มาลี"]);
  assert.deepEqual(names(findPeople(roster, "เพื่อเด็กพิษณุโลก")), ["สมชาย"]);
  assert.deepEqual(findPeople(roster, "  "), []);
  assert.deepEqual(findPeople(roster, "ไม่มีใคร"), []);
  assert.deepEqual(findPeople(null, "สมชาย"), []);
  // a cancelled person comes after the confirmed ones, so the one to let in is on top
  const both = { ...roster, tD: { ...roster.tB, ticket_code: "tD", first_name: "มาลัย", status: "confirmed" } };
  assert.deepEqual(names(findPeople(both, "ศรีสุข")), ["มาลัย", "มาลี"]);
  assert.equal(findPeople(both, "", 1).length, 0);
  assert.equal(findPeople(both, "ใจดี", 1).length, 1);
});

test("a typed short code names its person in the roster", () => {
  assert.equal(personByShortCode(roster, "22xy9q").ticket_code, "tC");
  assert.equal(personByShortCode(roster, "22XY9R"), null);
  assert.equal(personByShortCode(roster, "สมชาย"), null);
});

test("the API's statuses are sorted into what the scanner does next", () => {
  assert.equal(classify(200), "answered");
  assert.equal(classify(401), "login");
  for (const status of [500, 502, 503, 429]) assert.equal(classify(status), "later");
  for (const status of [400, 403]) assert.equal(classify(status), "refused_login");
  for (const status of [404, 409, 415, 422]) assert.equal(classify(status), "refused");
});

test("the camera's problem is named from the context and the error", () => {
  assert.equal(cameraProblem({ secure: false, mediaDevices: true }), "insecure");
  assert.equal(cameraProblem({ secure: true, mediaDevices: false }), "insecure");
  assert.equal(cameraProblem({ secure: true, mediaDevices: true, error: "NotAllowedError" }), "denied");
  assert.equal(cameraProblem({ secure: true, mediaDevices: true, error: "NotReadableError" }), "busy");
  assert.equal(cameraProblem({ secure: true, mediaDevices: true, error: "NotFoundError" }), "missing");
  assert.equal(cameraProblem({ secure: true, mediaDevices: true, error: "OverconstrainedError" }), "missing");
});

test("'all sent' is said only once something was scanned", () => {
  assert.equal(queueState({ waiting: 0, refused: 0, scanned: false }), "");
  assert.equal(queueState({ waiting: 0, refused: 0, scanned: true }), "all_sent");
  assert.equal(queueState({ waiting: 2, refused: 1, scanned: true }), "waiting");
  assert.equal(queueState({ waiting: 0, refused: 1, scanned: true }), "none_waiting");
});
