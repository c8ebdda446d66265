// The whole wheel in Excel, in Debian's Chromium against the real daemon
// (scripts/browser-test.sh starts it and passes BASE and UNIT_TOKEN, after
// test.mjs): a communicator of the kommunikation unit signs in at the
// OpenID provider, downloads the aktivitetsplan, finds every event of the
// unit's feed (read by ical.js) as a row of it, edits a recurring row's
// rule and a plan's answer with Debian's python3-openpyxl, uploads,
// previews old → new, confirms; the feed then changes in exactly that
// item (and the plan's activities), and the wheel shows the new rule.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";

const { BASE, UNIT_TOKEN } = process.env;
const UNIT = "kommunikation";
let failures = 0;
const check = (ok, msg) => { if (!ok) { failures++; console.error("FAIL: " + msg); } };

const userDataDir = mkdtempSync(join(tmpdir(), "arshjul-chromium-"));
const dir = mkdtempSync(join(tmpdir(), "arshjul-wheel-xlsx-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: "/usr/bin/chromium",
  headless: false, // the flags below say --headless themselves
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"],
  viewport: { width: 1400, height: 1000 },
  locale: "sv-SE",
});
const page = context.pages()[0] ?? await context.newPage();

// events are the unit's feed's events by UID (and RECURRENCE-ID), as
// ical.js reads them: a series' occurrences expanded.
async function events() {
  const res = await page.request.get(`${BASE}/feeds/${UNIT_TOKEN}/${UNIT}.ics`);
  const out = new Map();
  for (const v of new ICAL.Component(ICAL.parse(await res.text())).getAllSubcomponents("vevent")) {
    const e = new ICAL.Event(v);
    const starts = [];
    if (e.isRecurring()) {
      const it = e.iterator();
      for (let t = it.next(); t && t.year < 2030 && starts.length < 2000; t = it.next()) starts.push(t);
    } else {
      starts.push(e.startDate);
    }
    const rid = v.getFirstPropertyValue("recurrence-id");
    out.set(e.uid + (rid ? "#" + rid.toString() : ""), { summary: e.summary, starts, sequence: v.getFirstPropertyValue("sequence") });
  }
  return out;
}
// itemOf is the item id a feed event's UID names (UNIT/ITEM or
// UNIT/ITEM/DATE), or "" for an event imported with a UID of its own.
const itemOf = (uid) => uid.match(new RegExp(`^${UNIT}/([^/@]+)(?:/\\d{4}-\\d{2}-\\d{2})?@`))?.[1] ?? "";
const same = (a, b) => JSON.stringify([...a].map(([k, e]) => [k, e.summary, e.sequence, e.starts.map(String)])) ===
  JSON.stringify([...b].map(([k, e]) => [k, e.summary, e.sequence, e.starts.map(String)]));

async function download(name) {
  await page.goto(`${BASE}/edit/${UNIT}`);
  const file = join(dir, name);
  const [dl] = await Promise.all([page.waitForEvent("download"), page.locator("a", { hasText: "Ladda ner aktivitetsplanen" }).click()]);
  await dl.saveAs(file);
  return file;
}

// python runs an openpyxl script on the workbook in, with helpers; what
// it prints is JSON.
function python(script, ...files) {
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", `
import datetime, json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def col(ws, header):
    return [c.value for c in ws[1]].index(header) + 1
def row(ws, id):
    return [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == id][0]
def put(ws, r, values):
    for h, v in values.items():
        ws.cell(r, col(ws, h)).value = v
def text(v):
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%d %H:%M") if (v.hour, v.minute) != (0, 0) else v.strftime("%Y-%m-%d")
    return "" if v is None else str(v)
def rows(ws):
    head = [c.value for c in ws[1]]
    return [{h: text(ws.cell(r, i + 1).value) for i, h in enumerate(head)} for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value]
out = None
${script}
print(json.dumps(out))
`, ...files]).toString());
}

async function upload(file) {
  await page.goto(`${BASE}/edit/${UNIT}`);
  await page.locator("#workbook").setInputFiles(file);
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator("button", { hasText: "Ladda upp och förhandsgranska" }).click()]);
  const text = await page.locator("main").textContent();
  return text.trim() ? text : `${page.url()}: ${(await page.content()).slice(0, 1500)}`;
}
async function confirm() {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator("button", { hasText: "Spara ändringarna" }).click()]);
  check((await page.locator("main").textContent()).includes("Ändringarna är sparade"), "the confirmation did not store");
}

try {
  await page.goto(`${BASE}/edit/${UNIT}`);
  if (page.url().endsWith("/login")) {
    await page.locator("a", { hasText: "Logga in med ditt jobbkonto" }).click();
    await page.locator("#username").waitFor();
    await page.locator("#username").focus();
    await page.keyboard.type("kommunikatoren");
    await page.keyboard.press("Tab");
    await page.keyboard.type("rätt lösenord");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/login$/);
    await page.goto(`${BASE}/edit/${UNIT}`);
  }

  // Every event of the feed is a row of the download, on a day the row
  // says: a one-off's start to its end, a series' från to its till.
  let file = await download("hela.xlsx");
  let book = python(`out = {"rows": rows(wb["Aktivitetsplan"]), "plans": rows(wb["Kommunikationsplaner"]), "sheets": wb.sheetnames,
    "locked": [ws.protection.sheet for ws in (wb["Aktivitetsplan"], wb["Kommunikationsplaner"])]}`, file);
  check(book.sheets.includes("Kommunikationsplaner") && book.locked.every(Boolean), `the workbook's sheets: ${book.sheets} ${book.locked}`);
  const byID = new Map(book.rows.map((r) => [r.id, r]));
  const before = await events();
  let seen = 0;
  for (const [uid, e] of before) {
    if (uid.startsWith("uppfoljning/")) continue; // a follow-up is no activity of its own
    const id = itemOf(uid);
    const row = byID.get(id) ?? book.rows.find((r) => r.aktivitet === e.summary);
    if (!row) { check(false, `the feed's ${e.summary} (${uid}) is no row of the workbook`); continue; }
    const [from, to] = row.upprepas ? [row["från"], row.till] : [row.start.slice(0, 10), (row.slut || row.start).slice(0, 10)];
    for (const t of e.starts) {
      const day = t.toString().slice(0, 10);
      check(from <= day && day <= to, `${e.summary} on ${day} outside its row's ${from}–${to} (${row.upprepas || "once"})`);
      seen++;
    }
  }
  check(seen > 20, `only ${seen} of the feed's events checked`);

  // A recurring row and a plan the web keeps: the example's when its
  // wheel is kept in the web, else added here first through the workbook.
  let rule = book.rows.find((r) => r.upprepas && !r["ändras av administratören"] && !r.plan);
  let plan = book.plans.find((p) => !p["ändras av administratören"]);
  if (!rule || !plan) {
    const added = join(dir, "tillagd.xlsx");
    python(`
ws, ps = wb["Aktivitetsplan"], wb["Kommunikationsplaner"]
${rule ? "" : `put(ws, ws.max_row + 1, {"id": "webbredaktionen", "aktivitet": "Webbredaktionens möte", "upprepas": "varje tisdag 09.00", "ansvarig": "kommunikation@example.se"})`}
${plan ? "" : `put(ps, ps.max_row + 1, {"id": "arsberattelse", "kommunikationsplan": "Årsberättelsen", "1. vad vi vill göra": "Berätta om året", "2. varför vi gör det": "Invånarna ska veta",
    "7. uppföljning": "+30d", "7. hur vi följer upp": "Läsarsiffror"})
put(ws, ws.max_row + 1, {"aktivitet": "Årsberättelsen publiceras", "start": datetime.datetime(2027, 6, 10), "plan": "arsberattelse", "ansvarig": "kommunikation@example.se"})`}
wb.save(sys.argv[2])`, file, added);
    const preview = await upload(added);
    check(preview.includes("Läggs till"), `adding a recurring row and a plan: ${preview.replace(/\s+/g, " ").slice(0, 1500)}`);
    await confirm();
    file = await download("hela2.xlsx");
    book = python(`out = {"rows": rows(wb["Aktivitetsplan"]), "plans": rows(wb["Kommunikationsplaner"])}`, file);
    rule = book.rows.find((r) => r.upprepas && !r["ändras av administratören"] && !r.plan);
    plan = book.plans.find((p) => !p["ändras av administratören"]);
  }
  const was = await events();
  const newRule = rule.upprepas.startsWith("första onsdagen") ? "sista torsdagen varje månad 13.00–14.30" : "första onsdagen varje månad 10.00–11.30";
  const why = "Skälet skrivet om i Excel";
  const edited = join(dir, "regel och plan.xlsx");
  python(`
put(wb["Aktivitetsplan"], row(wb["Aktivitetsplan"], ${JSON.stringify(rule.id)}), {"upprepas": ${JSON.stringify(newRule)}})
put(wb["Kommunikationsplaner"], row(wb["Kommunikationsplaner"], ${JSON.stringify(plan.id)}), {"2. varför vi gör det": ${JSON.stringify(why)}})
wb.save(sys.argv[2])`, file, edited);
  const preview = await upload(edited);
  check(preview.includes(`upprepas: ${rule.upprepas} → ${newRule}`) && preview.includes(`2. varför vi gör det: ${plan["2. varför vi gör det"] || "–"} → ${why}`) &&
    preview.includes("Ändras (2)") && !preview.includes("Läggs till") && !preview.includes("Tas bort"), `the preview is not the change: ${preview.slice(0, 800)}`);
  check(same(await events(), was), "the preview changed the feed");
  await confirm();

  // The feed: the edited series on its new days, and no other event's
  // UID or SEQUENCE moved but the plan's activities'.
  const after = await events();
  // The edited series, the plan's activities, and their follow-ups and
  // the plan's own (which say the plan's answers).
  const mine = (uid) => itemOf(uid) === rule.id || itemOf(uid).startsWith(plan.id + ".") ||
    [`${rule.id}/`, `${plan.id}/`, `${plan.id}.`].some((p) => uid.startsWith(`uppfoljning/${UNIT}/${p}`));
  const series = [...after].filter(([uid]) => itemOf(uid) === rule.id).flatMap(([, e]) => e.starts);
  const [wd, first, hour] = newRule.startsWith("första") ? [4, true, 10] : [5, false, 13]; // ical.js: Sunday is 1
  check(series.length > 10 && series.every((t) => t.dayOfWeek() === wd && t.hour === hour &&
    (first ? t.day <= 7 : t.day > ICAL.Time.daysInMonth(t.month, t.year) - 7)), `the edited series in the feed (${series.length}): ${series.map((t) => `${t} ${t.dayOfWeek()}`)}`);
  const moved = [...was].filter(([uid, e]) => !mine(uid) && (!after.has(uid) || after.get(uid).sequence !== e.sequence ||
    String(after.get(uid).starts) !== String(e.starts))).map(([uid]) => uid);
  const came = [...after.keys()].filter((uid) => !mine(uid) && !was.has(uid));
  check(moved.length === 0 && came.length === 0, `events not edited moved: ${moved.slice(0, 5)} ${came.slice(0, 5)}`);

  // The wheel: the item's page says the new rule, the plan's answer is
  // the new one.
  await page.goto(`${BASE}/wheel/${UNIT_TOKEN}/${UNIT}/item/${rule.id}`);
  const itemPage = await page.locator("main").textContent();
  check(itemPage.includes(newRule.split(" ").slice(0, 2).join(" ")), `the wheel's item page does not say the new rule: ${itemPage.slice(0, 400)}`);
  const again = python(`out = rows(wb["Kommunikationsplaner"])`, await download("efter.xlsx"));
  check(again.find((p) => p.id === plan.id)?.["2. varför vi gör det"] === why, "the plan's answer was not stored");
  console.log(`workbook-wheel: ${seen} feed events found as rows of the workbook; "${rule.upprepas}" → "${newRule}" and a plan's answer edited by openpyxl, previewed, stored; ical.js finds the series on its new days and no other event moved`);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
if (failures) process.exit(1);
