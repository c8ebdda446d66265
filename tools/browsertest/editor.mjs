// The web editor as a communicator uses it, in Debian's Chromium with the
// keyboard: every way to say when, a plan of ten activities, the errors
// and where the focus goes, removing and taking back. scripts/browser-test.sh
// starts the daemon and passes, besides what test.mjs gets:
//   HR_TOKEN    the hr unit's token (its feed)
// Every page and state is checked by axe at 1366 and at 390 px.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const { BASE, HR_TOKEN, SCREENSHOTS, MAILPIT, DAEMON_AT } = process.env;

let failures = 0;
const fail = (msg) => { failures++; console.error("FAIL: " + msg); };
const check = (ok, msg) => { if (!ok) fail(msg); };
const at = (when) => execFileSync(DAEMON_AT, [when], { stdio: ["ignore", "inherit", "inherit"] });

// mailsTo are the texts of the messages to `to` at Mailpit whose text
// matches re, waiting up to 20 s for the first.
async function mailsTo(to, re) {
  for (let i = 0; i < 100; i++) {
    const list = await (await fetch(`${MAILPIT}/search?query=${encodeURIComponent("to:" + to)}&limit=200`)).json();
    const out = [];
    for (const m of list.messages ?? []) {
      const full = await (await fetch(`${MAILPIT}/message/${m.ID}`)).json();
      if (re.test(full.Text)) out.push(full);
    }
    if (out.length) return out;
    await new Promise((r) => setTimeout(r, 200));
  }
  return [];
}

// The clock of the story: the test before this one moved it on.
at("2027-03-15T10:00:00");

const userDataDir = mkdtempSync(join(tmpdir(), "arshjul-editor-"));
const context = await chromium.launchPersistentContext(userDataDir, {
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
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));
page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text()); });
page.on("response", (r) => { if (r.status() >= 400 && r.request().resourceType() !== "document") errors.push(`${r.status()} for ${r.url()}`); });

const open = (path) => page.goto(BASE + path);

// axe on the page as it stands, at 1366 px and at 390 px: no WCAG 2.1 A
// or AA violation, and nothing wider than the phone's screen.
async function axe(label) {
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () => await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    }));
    for (const v of result.violations) {
      fail(`${label} at ${width} px: axe ${v.id} (${v.impact}): ${v.help}; e.g. ${v.nodes[0]?.target.join(" ")}`);
    }
    if (width === 390) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      check(wide <= 390, `${label} at 390 px is ${wide} px wide`);
    }
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

const type = async (sel, text) => { await page.locator(sel).focus(); await page.keyboard.type(text); };
// choose picks the option of a select by pressing ArrowDown from the first.
async function choose(sel, n) {
  await page.locator(sel).focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < n; i++) await page.keyboard.press("ArrowDown");
}
const KIND = { date: 0, time: 1, span: 2, weekly: 3, monthly: 4, yearly: 5 };

// values is what the page's editing form would post now, by name.
const values = () => page.evaluate(() => {
  const form = document.querySelector("form.edit");
  const out = {};
  for (const [k, v] of new FormData(form)) {
    if (k === "csrf" || k === "version") continue;
    (out[k] ??= []).push(v);
  }
  return out;
});
// same compares two forms' values field by field; ignore lists fields
// only one of them has by design (the new form's id box).
function same(label, typed, reopened, ignore = ["id"]) {
  const keys = new Set([...Object.keys(typed), ...Object.keys(reopened)]);
  for (const k of keys) {
    if (ignore.includes(k) || /^act\d+_id$/.test(k)) continue;
    const a = JSON.stringify(typed[k] ?? [""]), b = JSON.stringify(reopened[k] ?? [""]);
    check(a === b, `${label}: ${k} typed ${a}, reopened ${b}`);
  }
}
async function save() {
  await page.locator("button[value=save]").focus();
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
}

// 1. Sign in as hr@example.se with the e-mailed link.
{
  await open("/wheel/public");
  check(await page.locator("footer a", { hasText: "Logga in" }).count() === 1, "a public page has no sign-in link");
  await open("/login");
  if (await page.locator("button", { hasText: "Logga ut" }).count()) {
    await page.locator("button", { hasText: "Logga ut" }).focus();
    await Promise.all([page.waitForURL(/\/login$/), page.keyboard.press("Enter")]);
  }
  await type("#email", "hr@example.se");
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  const mails = await mailsTo("hr@example.se", /\/login\/link\?t=/);
  const link = mails.map((m) => m.Text.match(/\/login\/link\?t=([A-Za-z0-9_-]+)/)[1])[0]; // the newest
  await open(`/login/link?t=${link}`);
  await page.locator("main button[type=submit]").focus();
  await Promise.all([page.waitForURL(/\/login$/), page.keyboard.press("Enter")]);
  await open("/edit/hr");
  check(await page.locator("form.person button", { hasText: "Logga ut" }).count() === 1, "the editor's list has no sign-out");
  await axe("the editor's list");
}

// 2. Items, one of each way to say when, typed with the keyboard; each
// reopened and compared field for field.
const items = [
  { title: "Presskonferens om budgeten", kind: "time", fill: { "#date": "2027-06-02", "#time": "10:00", "#duration": "1h" } },
  { title: "Kampanj Välkommen till Avesta", kind: "span", fill: { "#date": "2027-05-03", "#to": "2027-05-07", "#links": "https://www.avesta.se/valkommen" } },
  { title: "Veckomöte för webbredaktörer", kind: "weekly", fill: { "#date": "2027-04-01", "#to": "2027-06-30", "#time": "09:00", "#duration": "45m", "#remind": "2", "#owner": "veckomote@example.se" } },
];
const ids = {};
for (const it of items) {
  await open("/edit/hr/new");
  await type("#title", it.title);
  await choose("#kind", KIND[it.kind]);
  for (const [sel, text] of Object.entries(it.fill)) await type(sel, text);
  if (it.kind === "weekly") {
    // Two audiences ticked by clicking their words.
    await page.locator("label.check", { hasText: /^\s*Kommuninvånare\s*$/ }).click();
    await page.locator("label.check", { hasText: /^\s*Potentiella blivande kommuninvånare\s*$/ }).click();
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "editor-form.png"), fullPage: true });
  }
  const typed = await values();
  await save();
  if (!page.url().endsWith("/edit/hr")) {
    fail(`${it.title}: not saved: ${await page.locator("#fel").textContent().catch(() => "")} typed ${JSON.stringify(typed)}`);
    continue;
  }
  const href = await page.locator("a", { hasText: it.title }).first().getAttribute("href");
  ids[it.title] = href.split("/").pop();
  await page.goto(BASE + href);
  if (it.kind === "weekly") {
    await axe("a stored item's form");
    const ticked = await page.locator("input[name=audiences]:checked").evaluateAll((els) => els.map((e) => e.value));
    check(JSON.stringify(ticked) === JSON.stringify(["kommuninvanare", "inflyttare"]), `the audiences ticked by their words are stored as ${ticked}`);
  }
  same(it.title, typed, await values());
}

// 3. A plan with ten activities, rows added with the button (the page's
// script adds them without a reload); the fourth recurs weekly.
{
  await open("/edit/hr/new?kind=plan");
  await axe("a new plan's form");
  await type("#title", "Nya medarbetare 2027");
  await type("#what", "Ta emot nya medarbetare väl.");
  await type("#why", "Så att de stannar.");
  for (let i = 0; i < 7; i++) {
    await page.locator("button.add-row").focus();
    await page.keyboard.press("Enter");
  }
  const rows = await page.locator("fieldset.activity").count();
  check(rows === 10, `${rows} activity rows after adding seven to three`);
  for (let i = 0; i < 10; i++) {
    await type(`#act${i}_title`, `Introduktion del ${i + 1}`);
    await type(`#act${i}_date`, `2027-05-${String(10 + i).padStart(2, "0")}`);
  }
  await choose("#act3_kind", KIND.weekly);
  await type("#act3_to", "2027-06-28");
  await type("#owner", "hr@example.se");
  await axe("a plan of ten activities");
  const typed = await values();
  await save();
  check(page.url().endsWith("/edit/hr"), `the plan was not saved: ${await page.locator("#fel").textContent().catch(() => "")}`);
  const href = await page.locator("a", { hasText: "Nya medarbetare 2027" }).first().getAttribute("href");
  await page.goto(BASE + href);
  const reopened = await values();
  // The stored plan offers one empty row after its ten.
  for (const k of Object.keys(reopened)) if (k.startsWith("act10_")) delete reopened[k];
  same("the plan", typed, reopened);
}

// 4. The feed, read by ical.js, has exactly these events.
{
  const res = await page.request.get(`${BASE}/feeds/${HR_TOKEN}/hr.ics?followups=0`);
  const evs = new ICAL.Component(ICAL.parse(await res.text())).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  const one = (title) => evs.filter((e) => e.summary === title);
  const press = one("Presskonferens om budgeten");
  check(press.length === 1 && press[0].startDate.toString() === "2027-06-02T10:00:00" && press[0].duration.toSeconds() === 3600,
    `the press conference in the feed: ${press.map((e) => e.startDate + " " + e.duration)}`);
  const camp = one("Kampanj Välkommen till Avesta");
  check(camp.length === 1 && camp[0].startDate.toString() === "2027-05-03" && camp[0].endDate.toString() === "2027-05-08",
    `the campaign in the feed: ${camp.map((e) => e.startDate + "–" + e.endDate)}`);
  check(camp[0]?.description.includes("https://www.avesta.se/valkommen"), "the campaign's link is not in its description");
  const weekly = one("Veckomöte för webbredaktörer");
  const dates = [];
  if (weekly.length === 1) {
    const it = weekly[0].iterator();
    for (let t = it.next(); t; t = it.next()) dates.push(t.toString().slice(0, 10));
  }
  check(weekly.length === 1 && dates.length === 13 && dates[0] === "2027-04-01" && dates[12] === "2027-06-24",
    `the weekly series in the feed: ${dates.join(", ")}`);
  for (let i = 1; i <= 10; i++) {
    const n = one(`Introduktion del ${i}`);
    if (i === 4) {
      const it = n[0]?.iterator(), d = [];
      for (let t = it?.next(); t; t = it.next()) d.push(t.toString());
      check(n.length >= 1 && d[0] === "2027-05-13" && d[d.length - 1] === "2027-06-24", `the recurring activity: ${d.join(", ")}`);
    } else {
      check(n.length === 1 && n[0].startDate.toString() === `2027-05-${String(9 + i).padStart(2, "0")}`, `activity ${i} in the feed: ${n.map((e) => e.startDate)}`);
    }
  }
}

// 5. Each kind of error: the summary takes the focus and counts them, its
// link takes the focus to the field, and nothing typed is lost.
{
  const cases = [
    { name: "a time without its length", kind: "time", fill: { "#date": "2027-06-03", "#time": "10:00" }, field: "duration" },
    { name: "a span without its last day", kind: "span", fill: { "#date": "2027-06-03" }, field: "to" },
    { name: "a day after the programme", kind: "date", fill: { "#date": "2031-01-01" }, field: "date" },
    { name: "a link that is no web address", kind: "date", fill: { "#date": "2027-06-03", "#links": "www.avesta.se" }, field: "links" },
    { name: "a weekly reminder a month ahead", kind: "weekly", fill: { "#date": "2027-04-01", "#remind": "30" }, field: "remind" },
    { name: "an owner that is no address", kind: "date", fill: { "#date": "2027-06-03", "#owner": "Eva Ek" }, field: "owner" },
  ];
  for (const c of cases) {
    await open("/edit/hr/new");
    await type("#title", "Felprov");
    await choose("#kind", KIND[c.kind]);
    for (const [sel, text] of Object.entries(c.fill)) await type(sel, text);
    const typed = await values();
    await save();
    const focused = await page.evaluate(() => document.activeElement?.id);
    check(focused === "fel", `${c.name}: the focus is on ${focused}, not the summary`);
    const heading = await page.locator("#fel h2").textContent();
    check(/^1 sak behöver rättas/.test(heading), `${c.name}: the summary says "${heading}"`);
    same(c.name, typed, await values());
    const msg = await page.locator(`#${c.field}-err`).textContent().catch(() => "");
    check(msg && !/[a-z_]+:\s/.test(msg.split(".")[0]) && !/valid_until|title saknas|ÅÅÅÅ-MM-DD"/.test(msg), `${c.name}: the message at the field: "${msg}"`);
    if (c.field === "date" && SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "editor-error.png"), fullPage: true });
    await axe(`the form with ${c.name}`);
    await page.keyboard.press("Tab"); // from the summary to its link
    await page.keyboard.press("Enter");
    const landed = await page.evaluate(() => document.activeElement?.id);
    check(landed === c.field, `${c.name}: the summary's link takes the focus to ${landed}, not ${c.field}`);
  }
}

// 6. Remove an item (asked first), and take it back from the history.
{
  const id = ids["Presskonferens om budgeten"];
  await open(`/edit/hr/item/${id}`);
  await page.locator("#duration").fill("");
  await type("#duration", "2h");
  await save();
  await open(`/edit/hr/item/${id}`);
  check(await page.locator("button[value=delete]").count() === 0, "the form removes at once, beside Spara");
  await page.locator("a.danger").focus();
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  await axe("the question before removing");
  await page.locator("button[value=delete]").focus();
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  check((await page.locator("main").textContent()).includes("togs bort"), "the list does not say what was removed");
  await page.locator("main a", { hasText: "ändringshistoriken" }).first().focus();
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  await axe("the history");
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "editor-history.png"), fullPage: true });
  const rows = page.locator("tbody tr").filter({ hasText: "Presskonferens om budgeten" });
  const texts = await rows.allTextContents();
  check(texts.length === 3 && texts.every((t) => t.includes("hr@example.se") && !t.includes("filerna")) && texts[0].includes("togs bort i webben") &&
    /Hur länge:\s*1h → 2h/.test(texts[1]),
    `the history's rows of the item (want: added, changed 1h → 2h, removed, by hr@example.se): ${JSON.stringify(texts)}`);
  const row = rows.first();
  await row.locator("button", { hasText: "Ta tillbaka" }).focus();
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  check((await page.locator("#title").inputValue()) === "Presskonferens om budgeten" && (await page.locator("#time").inputValue()) === "10:00",
    "the item taken back is not as it was");
  await axe("an item taken back");
}

// 7. The reminders: the weekly series with its own 2-day lead, on the
// 07:00 run two days before its second Thursday, in one message, once.
{
  at("2027-04-06T06:59:57");
  const mails = await mailsTo("veckomote@example.se", /Veckomöte för webbredaktörer/);
  const count = mails.reduce((n, m) => n + m.Text.split("Veckomöte för webbredaktörer").length - 1, 0);
  check(mails.length === 1 && count === 1, `the weekly series is in ${mails.length} messages, ${count} times, want once`);
  check(mails[0]?.Text.includes("8 april 2027"), "the reminder is not of the next Thursday");
}

check(errors.length === 0, `browser errors: ${errors.join("; ")}`);
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
if (failures) {
  console.error(`${failures} editor checks failed`);
  process.exit(1);
}
console.log("editor browser tests: ok");
