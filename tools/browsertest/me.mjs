// "Mina aktiviteter" in Debian's Chromium (playwright-core). Started by
// scripts/browser-test.sh against a daemon of its own, on the example at
// 2027-03-15 in which the internal communicator (named in people:, with no
// right to edit any unit) owns the monthly letter to the staff in
// kommunikation and a monthly HR item. The environment:
//   BASE        http://127.0.0.1:PORT
//   MAILPIT     the API of the mail server the daemon sends through
//   KOMM_TOKEN  the kommunikation unit's feed token
//   HR_TOKEN    the hr unit's feed token
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const { BASE, MAILPIT, KOMM_TOKEN, HR_TOKEN } = process.env;
const WHO = "intern.kommunikator@example.se";

let failures = 0;
const fail = (msg) => { failures++; console.error("FAIL: " + msg); };
const check = (ok, msg) => { if (!ok) fail(msg); };

// mailFor waits for a message to `to` whose text matches re (null after 20 s).
async function mailFor(to, re) {
  for (let i = 0; i < 100; i++) {
    const list = await (await fetch(`${MAILPIT}/search?query=${encodeURIComponent("to:" + to)}&limit=200`)).json();
    for (const m of list.messages ?? []) {
      const full = await (await fetch(`${MAILPIT}/message/${m.ID}`)).json();
      const found = full.Text.match(re);
      if (found) return found;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

// events parses a feed with ical.js: each VEVENT's UID, SUMMARY, URL,
// DESCRIPTION and CATEGORIES.
async function events(path) {
  const res = await fetch(BASE + path);
  if (res.status !== 200) { fail(`${path}: ${res.status}`); return []; }
  const cal = new ICAL.Component(ICAL.parse(await res.text()));
  return cal.getAllSubcomponents("vevent").map((v) => ({
    uid: v.getFirstPropertyValue("uid"), summary: v.getFirstPropertyValue("summary"),
    url: v.getFirstPropertyValue("url"), description: v.getFirstPropertyValue("description") ?? "",
    followUp: (v.getFirstProperty("categories")?.getValues() ?? []).includes("Uppföljning"),
  }));
}

const userDataDir = mkdtempSync(join(tmpdir(), "arshjul-chromium-me-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: "/usr/bin/chromium",
  headless: false, // the flags below say --headless themselves
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"],
  viewport: { width: 1366, height: 900 },
  bypassCSP: true, // only so that axe-core can be injected; the pages' own CSP is tested in Go
  locale: "sv-SE",
});
await context.grantPermissions(["clipboard-read", "clipboard-write"]);
const page = context.pages()[0] ?? await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));
page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text()); });
page.on("response", (r) => {
  if (r.status() >= 400 && r.request().resourceType() !== "document") errors.push(`${r.status()} for ${r.url()}`);
});

async function axe(label) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  }));
  for (const v of result.violations) {
    fail(`${label}: axe ${v.id} (${v.impact}): ${v.help}; e.g. ${v.nodes[0]?.target.join(" ")}`);
  }
  return result.violations.length;
}

// 1. Sign in by the e-mailed link, as the test of the editor does.
await page.goto(`${BASE}/login`);
await page.locator("#email").fill(WHO);
await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator("#email").press("Enter")]);
const link = (await mailFor(WHO, /\/login\/link\?t=([A-Za-z0-9_-]+)/))?.[1] ?? "";
if (!link) { console.error("FAIL: no sign-in link arrived at Mailpit"); process.exit(1); }
await page.goto(`${BASE}/login/link?t=${link}`);
await Promise.all([page.waitForURL(/\/login$/), page.locator("main button[type=submit]").click()]);

// 2. /me from the signed-in header: both units' things, axe 0 at 1366
// and 390 px.
await page.goto(`${BASE}/wheel/hr/item/hr-nytt`);
await Promise.all([page.waitForURL(/\/me$/), page.locator("a", { hasText: "Mina aktiviteter" }).first().click()]);
const me = await page.locator("main").textContent();
for (const want of ["Nyhetsbrev till medarbetare", "HR-nytt på intranätet", "Kommunikationsenheten", "HR-avdelningen"]) {
  check(me.includes(want), `/me lacks ${want}`);
}
check(!me.includes("Medarbetarenkät"), "/me shows someone else's item");
const waiting = Number(me.match(/(\d+) väntar/)?.[1] ?? 0);
check(waiting >= 6, `/me does not say how many of the letters wait (${waiting})`);
let violations = await axe("/me at 1366 px");
await page.setViewportSize({ width: 390, height: 844 });
await page.reload();
violations += await axe("/me at 390 px");
const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
check(!overflow, "/me scrolls sideways at 390 px");
await page.setViewportSize({ width: 1366, height: 900 });

// 3. Subscribe: the personal feed, made by a button, holds exactly the
// person's activities and follow-ups: the events of the unit feeds that
// name them as responsible, and nothing else.
await Promise.all([page.waitForURL(/\/me$/), page.locator("button", { hasText: "Skapa min kalender" }).click()]);
const feedURL = await page.locator("input[id^=url-]").inputValue();
check(/\/feeds\/[A-Za-z0-9_-]{22,}\/me\.ics$/.test(feedURL), `no personal feed address: ${feedURL}`);
const mine = await events(new URL(feedURL).pathname);
const theirs = [...await events(`/feeds/${KOMM_TOKEN}/kommunikation.ics`), ...await events(`/feeds/${HR_TOKEN}/hr.ics`)]
  .filter((e) => e.description.includes(WHO));
const uids = (list) => list.map((e) => e.uid).sort().join("\n");
check(mine.length > 0 && uids(mine) === uids(theirs),
  `me.ics (${mine.length} events) is not exactly the person's events of the unit feeds (${theirs.length})`);
check(mine.some((e) => e.followUp) && mine.some((e) => !e.followUp), "me.ics lacks activities or follow-ups");

// 4. Three of the letter's follow-ups done at once with one note, then
// one "ej aktuell" with a reason, from the oldest one's page.
await page.goto(`${BASE}/me`);
const letter = page.locator("li", { hasText: "Nyhetsbrev till medarbetare" });
await Promise.all([page.waitForURL(/\/followups\//), letter.locator("a", { hasText: "Markera klar eller ej aktuell" }).click()]);
await axe("follow-up page with the series");
const boxes = page.locator("input[name=also]");
check(await boxes.count() >= 5, `the oldest letter's page offers ${await boxes.count()} more, want the rest of the overdue ones`);
await boxes.nth(0).check();
await boxes.nth(1).check();
await page.locator("#note").fill("Öppningsgrad 58 %, klick 9 %");
await Promise.all([page.waitForNavigation(), page.locator("button", { hasText: "Spara" }).click()]);
check((await page.locator("main").textContent()).includes("Öppningsgrad 58 %"), "the result is not on the follow-up's page");
await page.goto(`${BASE}/me`);
await Promise.all([page.waitForURL(/\/followups\//), letter.locator("a", { hasText: "Markera klar eller ej aktuell" }).click()]);
await page.locator("#note").fill("Inget nyhetsbrev skickades i juli");
await page.getByLabel("Ej aktuell: texten säger varför").check();
await Promise.all([page.waitForNavigation(), page.locator("button", { hasText: "Spara" }).click()]);
check((await page.locator("main").textContent()).includes("Ej aktuell"), "the follow-up is not shown as not relevant");

// 5. The unit feed has one follow-up event for the letter: the remaining
// oldest, counting what still waits.
const letters = (await events(`/feeds/${KOMM_TOKEN}/kommunikation.ics`)).filter((e) => e.followUp && e.summary.includes("Nyhetsbrev"));
check(letters.length === 1, `the unit feed has ${letters.length} follow-up events of the letter, want 1`);
check(letters[0]?.summary.startsWith(`FÖRSENAD uppföljning (${waiting - 4} väntar)`),
  `the letter's follow-up says ${letters[0]?.summary}, want ${waiting - 4} waiting`);

// 6. An event's URL opens its item's page, and its description ends with it.
const hrEvent = mine.find((e) => e.summary.includes("HR-nytt"));
check(hrEvent?.description.endsWith(hrEvent?.url), "the event's DESCRIPTION does not end with its URL");
const res = await page.goto(hrEvent?.url ?? BASE);
check(res.status() === 200 && (await page.locator("h1").textContent()).includes("HR-nytt på intranätet"),
  `the event's URL ${hrEvent?.url} does not open the item's page`);

check(errors.length === 0, `browser errors: ${errors.join("; ")}`);
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
if (failures) {
  console.error(`${failures} checks of Mina aktiviteter failed`);
  process.exit(1);
}
console.log(`Mina aktiviteter: ok (me.ics ${mine.length} events; axe violations on /me at 1366 and 390 px: ${violations})`);
