// A unit's wheel kept in the web, in Debian's Chromium (playwright-core):
// the communicator of kommunikation (a unit the example starts from its
// file and then keeps in the web) moves a recurring item of the example's
// wheel with the keyboard, and ical.js finds the change in the unit's feed
// within two seconds with only that item's SEQUENCE raised; then two
// people edit one item at once and the second is refused (409) with what
// they typed kept and the other change shown. Started by
// scripts/browser-test.sh after the other tests, on the same daemon.
//   BASE        http://127.0.0.1:PORT
//   MAILPIT     the API of the mail server the daemon sends through
//   UNIT_TOKEN  the kommunikation unit's feed token
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const { BASE, MAILPIT, UNIT_TOKEN } = process.env;
const FEED = `/feeds/${UNIT_TOKEN}/kommunikation.ics`;

let failures = 0;
const fail = (msg) => { failures++; console.error("FAIL: " + msg); };
const check = (ok, msg) => { if (!ok) fail(msg); };

// newestLink waits for a sign-in link mailed to `to` after it had
// `since` messages, and gives the newest link's token.
async function newestLink(to, since) {
  for (let i = 0; i < 100; i++) {
    const list = await (await fetch(`${MAILPIT}/search?query=${encodeURIComponent("to:" + to)}&limit=200`)).json();
    if ((list.messages ?? []).length > since) {
      const full = await (await fetch(`${MAILPIT}/message/${list.messages[0].ID}`)).json();
      const m = full.Text.match(/\/login\/link\?t=([A-Za-z0-9_-]+)/);
      if (m) return m[1];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}
async function mailCount(to) {
  const list = await (await fetch(`${MAILPIT}/search?query=${encodeURIComponent("to:" + to)}&limit=200`)).json();
  return (list.messages ?? []).length;
}

// feed is the unit's feed read by ical.js: each event's UID, SEQUENCE and
// start, by UID (a series is one event with its rule).
async function feed() {
  const res = await fetch(BASE + FEED);
  check(res.status === 200, `${FEED}: ${res.status}`);
  const cal = new ICAL.Component(ICAL.parse(await res.text()));
  const out = new Map();
  for (const v of cal.getAllSubcomponents("vevent")) {
    const key = v.getFirstPropertyValue("uid") + (v.hasProperty("recurrence-id") ? "#" + v.getFirstPropertyValue("recurrence-id").toString() : "");
    out.set(key, { seq: v.getFirstPropertyValue("sequence") ?? 0, start: v.getFirstPropertyValue("dtstart").toString(),
      skipped: v.getAllProperties("exdate").length,
      description: v.getFirstPropertyValue("description") ?? "" });
  }
  return out;
}

const dirs = [];
async function browser() {
  const dir = mkdtempSync(join(tmpdir(), "arshjul-webwheel-"));
  dirs.push(dir);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: "/usr/bin/chromium",
    headless: false, // the flags below say --headless themselves
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"],
    viewport: { width: 1366, height: 768 },
    bypassCSP: true, // only so that axe-core can be injected
    locale: "sv-SE",
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on("pageerror", (e) => fail(`page error: ${e.message}`));
  return { context, page };
}

// signIn signs `who` in on page with the e-mailed link, from the keyboard.
async function signIn(page, who) {
  const since = await mailCount(who);
  await page.goto(BASE + "/login");
  await page.locator("#email").focus();
  await page.keyboard.type(who);
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  const token = await newestLink(who, since);
  check(token, `no sign-in link for ${who}`);
  await page.goto(`${BASE}/login/link?t=${token}`);
  await page.locator("main button[type=submit]").focus();
  await Promise.all([page.waitForURL(/\/login$/), page.keyboard.press("Enter")]);
}

async function axe(page, label) {
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () => await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    }));
    for (const v of result.violations) fail(`${label} at ${width} px: axe ${v.id}: ${v.help}`);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

// replace types text into the field sel from the keyboard, over what is there.
async function replace(page, sel, text) {
  await page.locator(sel).focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(text);
}
async function save(page) {
  await page.locator("button[value=save]").focus();
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  return res;
}

const a = await browser();
await signIn(a.page, "kommunikation@example.se");

// 1. The weekly editorial meeting of the example's file, now the web's:
// it opens as a form, not as "ändras av administratören".
await a.page.goto(BASE + "/edit/kommunikation");
check(await a.page.locator("a[href$='/edit/kommunikation/item/redaktionsmote']").count() > 0,
  "the example's weekly meeting has no link to its form in the editor's list");
await a.page.goto(BASE + "/edit/kommunikation/item/redaktionsmote");
// The meeting as it is now (an earlier test may have changed its rule in
// Excel): moved an hour later.
const was = await a.page.locator("#time").inputValue();
check(/^\d\d:\d\d$/.test(was), `the weekly meeting's form holds no time: ${was}`);
const later = `${String(Number(was.slice(0, 2)) + 1).padStart(2, "0")}:${was.slice(3)}`;
const stamp = (hhmm) => `T${hhmm}:00`; // as ical.js writes a local start
await axe(a.page, "a recurring item of the example in the form");

const before = await feed();
const uid = [...before.keys()].find((k) => k.startsWith("kommunikation/redaktionsmote@"));
check(uid && before.get(uid).start.includes(stamp(was)), `the feed's weekly meeting starts ${uid && before.get(uid).start}, its form says ${was}`);

await replace(a.page, "#time", later);
const res = await save(a.page);
check(res.status() === 200 && !a.page.url().includes("/item/"), `the save answered ${res.status()} at ${a.page.url()}: ${(await a.page.locator("main").innerText()).slice(0, 600)}`);
const saved = Date.now();
let after;
for (;;) {
  after = await feed();
  if (after.get(uid)?.start.includes(stamp(later)) || Date.now() - saved > 5000) break;
  await new Promise((r) => setTimeout(r, 100));
}
const took = Date.now() - saved;
check(after.get(uid)?.start.includes(stamp(later)), `the feed does not show the meeting at ${later}`);
check(took <= 2000, `the move reached the feed after ${took} ms`);
check(after.get(uid)?.skipped === before.get(uid)?.skipped,
  `the meeting skipped ${before.get(uid)?.skipped} days before the move and ${after.get(uid)?.skipped} after`);
check(after.get(uid)?.seq > before.get(uid)?.seq, `the meeting's SEQUENCE went ${before.get(uid)?.seq} → ${after.get(uid)?.seq}`);
for (const [k, v] of before) {
  if (k === uid) continue;
  check(after.has(k), `${k} left the feed`);
  check(!after.has(k) || after.get(k).seq === v.seq, `${k}: SEQUENCE ${v.seq} → ${after.get(k)?.seq}, but only the meeting moved`);
}
for (const k of after.keys()) check(before.has(k), `${k} came into the feed`);
await a.page.goto(BASE + "/edit/kommunikation/item/redaktionsmote");
check(await a.page.locator("#time").inputValue() === later, `the reopened form does not say ${later}`);

// 2. Two people on one item: the second save is refused, with their
// input kept and the other change shown.
const b = await browser();
await signIn(b.page, "kommunikationschef@example.se");
await a.page.goto(BASE + "/edit/kommunikation/item/chefsinfo");
await b.page.goto(BASE + "/edit/kommunikation/item/chefsinfo");
await replace(a.page, "#title", "Chefsinformation inför ledningsgruppen");
check((await save(a.page)).status() === 200, "the first save was not taken");
await replace(b.page, "#description", "Underlaget skickas två dagar före mötet.");
const refused = await save(b.page);
check(refused.status() === 409, `the second, stale save answered ${refused.status()}, want 409`);
check(await b.page.locator("#description").inputValue() === "Underlaget skickas två dagar före mötet.", "the refused form lost what was typed");
const shown = await b.page.locator("main").innerText();
check(shown.includes("Någon annan har ändrat aktiviteten"), "the refusal does not say someone else changed it");
check(shown.includes("Chefsinformation inför ledningsgruppen"), "the refusal does not show the other change");
await axe(b.page, "a save refused as stale");
const now = await feed();
// The day of the month past its end is one event a month, each its own.
const chefs = [...now.entries()].filter(([k]) => k.startsWith("kommunikation/chefsinfo/"));
check(chefs.length > 0, "no chefsinfo in the feed");
check(chefs.every(([, v]) => !v.description.includes("två dagar före")), "the refused save reached the feed");

for (const x of [a, b]) await x.context.close();
for (const d of dirs) rmSync(d, { recursive: true, force: true });
if (failures) {
  console.error(`webwheel.mjs: ${failures} failures`);
  process.exit(1);
}
console.log(`web-kept wheel: a recurring item moved with the keyboard, in the feed after ${took} ms with only its SEQUENCE raised; a stale save refused with 409, the input kept and the other change shown`);
