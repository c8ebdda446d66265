// End-to-end tests of arshjul's pages in Debian's Chromium (playwright-core,
// never a downloaded browser). scripts/browser-test.sh starts the daemon and
// passes what it needs in the environment:
//   BASE        http://127.0.0.1:PORT
//   UNIT_TOKEN  the kommunikation unit's token
//   ADMIN_TOKEN the admin token
//   MAILPIT     the API of the mail server the daemon sends through
//   DAEMON_AT   a command that restarts the daemon with its clock at a time
//   SCREENSHOTS a folder to write wheel pictures to (optional)
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const { BASE, UNIT_TOKEN, ADMIN_TOKEN, SCREENSHOTS, MAILPIT, DAEMON_AT } = process.env;
const YEAR = 2027;

let failures = 0;
const fail = (msg) => { failures++; console.error("FAIL: " + msg); };
const check = (ok, msg) => { if (!ok) fail(msg); };

// mailFor waits for a message to `to` that arrived at Mailpit and whose
// text matches re, and returns re's match in it with the message's Date
// (null after 20 s).
async function mailFor(to, re) {
  for (let i = 0; i < 100; i++) {
    const list = await (await fetch(`${MAILPIT}/search?query=${encodeURIComponent("to:" + to)}&limit=200`)).json();
    for (const m of list.messages ?? []) {
      const full = await (await fetch(`${MAILPIT}/message/${m.ID}`)).json();
      const found = full.Text.match(re);
      if (found) return Object.assign(found, { date: full.Date });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}
// The morning's reminders, made up at the daemon's start: a mark-done link
// of one of the example's units (not the dense one).
const DONE_LINK = (await mailFor("hr@example.se", /Markera som klar och skriv resultatet: (\S+)/))?.[1];
if (!DONE_LINK) { console.error("FAIL: no mark-done link in the mail to hr@example.se"); process.exit(1); }

const userDataDir = mkdtempSync(join(tmpdir(), "arshjul-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: "/usr/bin/chromium",
  headless: false, // the flags below say --headless themselves
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"],
  viewport: { width: 1400, height: 1000 },
  bypassCSP: true, // only so that axe-core can be injected; the pages' own CSP is tested in Go
  locale: "sv-SE",
});
// The copy button writes to the clipboard; without the permission a
// headless Chromium (156 and later) leaves the write pending for ever.
await context.grantPermissions(["clipboard-read", "clipboard-write"]);
const page = context.pages()[0] ?? await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));
// Console errors, except the browser's note on the error pages this test
// opens on purpose; a failing stylesheet or script is caught below.
page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text()); });
page.on("response", (r) => {
  if (r.status() >= 400 && r.request().resourceType() !== "document") errors.push(`${r.status()} for ${r.url()}`);
});

async function open(path) {
  const res = await page.goto(BASE + path);
  return res;
}

// axe-core on the page as it stands: no WCAG 2.1 A or AA violation.
async function axe(label) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  }));
  for (const v of result.violations) {
    fail(`${label}: axe ${v.id} (${v.impact}): ${v.help}; e.g. ${v.nodes[0]?.target.join(" ")}`);
  }
  return result;
}

// Independent count: expand the unit's feed with ical.js (Thunderbird's
// parser) and count the occurrences that touch the year.
async function expectedArcs() {
  const res = await page.request.get(`${BASE}/feeds/${UNIT_TOKEN}/kommunikation.ics?followups=0`);
  const cal = new ICAL.Component(ICAL.parse(await res.text()));
  const from = ICAL.Time.fromDateString(`${YEAR}-01-01`), to = ICAL.Time.fromDateString(`${YEAR + 1}-01-01`);
  let n = 0;
  const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  const exceptions = events.filter((e) => e.isRecurrenceException());
  for (const ev of events) {
    if (ev.isRecurrenceException()) continue;
    for (const ex of exceptions.filter((x) => x.uid === ev.uid)) ev.relateException(ex);
    const it = ev.iterator();
    for (let t = it.next(); t; t = it.next()) {
      const d = ev.getOccurrenceDetails(t);
      const end = d.endDate.clone();
      if (d.startDate.compare(to) >= 0) break;
      if (end.compare(from) > 0) n++;
      if (!ev.isRecurring()) break;
    }
  }
  return n;
}

const wheel = `/wheel/${UNIT_TOKEN}/kommunikation?year=${YEAR}`;

// 1. The wheel draws one arc per occurrence of a known calendar.
{
  const res = await open(wheel);
  check(res.status() === 200, `wheel page ${res.status()}`);
  const arcs = await page.locator("svg.wheel [data-occurrence]").count(); // arcs, and ticks in bands
  const listed = await page.locator("#lista li a").count();
  const want = await expectedArcs();
  check(arcs === want, `wheel has ${arcs} arcs; ical.js finds ${want} occurrences in ${YEAR}`);
  check(listed === want, `list has ${listed} entries; want ${want}`);
  check(await page.locator("svg.wheel .today").count() === 1, "no marker for today");
  console.log(`wheel: ${arcs} occurrences drawn = ${want} by ical.js; ${listed} in the list`);
  await axe("wheel page");
}

// 2. A click on an arc opens its item.
{
  const arc = page.locator("svg.wheel a.arc:not(.arc-series)").first();
  const title = (await arc.getAttribute("aria-label")).split(",")[0];
  await arc.click();
  await page.waitForURL(/\/item\//);
  check((await page.locator("h1").textContent()).trim() === title, `clicked ${title}, got ${await page.locator("h1").textContent()}`);
  await axe("item page");
}

// 3. Keyboard alone: past the picture to the list in three Tab presses
// (the second skip link, Enter, then the list's first entry); and tab to
// an arc and open it with Enter.
{
  await open(wheel);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => document.activeElement?.getAttribute("href"));
  check(skip === "#lista", `the second Tab is on ${skip}, not the skip link to the list`);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  const inList = await page.evaluate(() => document.activeElement?.closest?.("#lista") !== null);
  check(inList, "three Tab presses and Enter do not reach the list");
  const ring = await page.evaluate(() => {
    const a = document.querySelector("svg.wheel a.arc");
    a.focus();
    const s = getComputedStyle(a.querySelector("path"));
    return [s.stroke, s.strokeWidth];
  });
  check(ring[0] === "rgb(0, 0, 0)" && parseFloat(ring[1]) >= 3, `a focused arc's ring is ${ring}: not black and 3 wide`);
  await open(wheel);
  let found = false;
  for (let i = 0; i < 80 && !found; i++) {
    await page.keyboard.press("Tab");
    found = await page.evaluate(() => document.activeElement?.closest?.("a.arc") !== null && document.activeElement?.closest?.("a.arc") !== undefined);
  }
  check(found, "no arc reached with Tab in 80 presses");
  if (found) {
    const label = await page.evaluate(() => document.activeElement.closest("a.arc").getAttribute("aria-label"));
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/item\//);
    check((await page.locator("h1").textContent()).trim() === label.split(",")[0], "Enter on a focused arc did not open its item");
    console.log(`keyboard: tabbed to "${label.split(",")[0]}" and opened it`);
  }
}

// 4. A follow-up marked done through the e-mailed link's form.
{
  const res = await open(new URL(DONE_LINK).pathname + new URL(DONE_LINK).search);
  check(res.status() === 200, `follow-up link ${res.status()}`);
  check(await page.locator(".status-overdue").count() === 1, "the follow-up does not show as overdue before");
  await axe("follow-up page");
  await page.locator("textarea#note").fill("Klart: 1 200 läsare, fler än förra året. Åäö fungerar.");
  await page.locator("button[type=submit]").click();
  await page.waitForLoadState();
  check(await page.locator(".status-done").count() === 1, "not shown as done after the form");
  check(await page.locator("form").count() === 0, "the form is still there");
  await axe("follow-up done page");
  const id = decodeURIComponent(new URL(DONE_LINK).pathname.replace("/followups/", ""));
  const unit = id.split("/")[0];
  const wheelOf = `/wheel/${ADMIN_TOKEN}/${unit}?year=${id.split("/").pop().slice(0, 4)}`;
  await open(wheelOf);
  const overdueMarks = await page.locator("svg.wheel a.deadline-overdue").evaluateAll((els) => els.map((e) => e.getAttribute("href")));
  const item = id.split("/")[1];
  check(!overdueMarks.some((h) => h.includes(`/item/${item}#`)), `${id} still marked overdue on the wheel`);
  check(await page.locator(`#lista li:has(a[href*="/item/${item}#${id.split("/").pop()}"]) .fu-done`).count() === 1, `${id} not listed as done`);
  const doneMarks = await page.locator(`svg.wheel a.deadline-done[href*="/item/${item}#"]`).count();
  check(doneMarks >= 1, `${id}: no done mark on the wheel`);
  console.log(`follow-up ${id}: marked done in the form; on the wheel and in the list as done, not overdue`);
}

// 5. The subscribe page's address returns the feed.
{
  const res = await open(`/t/${UNIT_TOKEN}`);
  check(res.status() === 200, `subscribe page ${res.status()}`);
  const url = await page.locator("input[readonly]").first().inputValue();
  const feed = await page.request.get(url.replace(/^https?:\/\/[^/]+/, BASE));
  check(feed.status() === 200 && (await feed.headers())["content-type"].startsWith("text/calendar") && (await feed.text()).startsWith("BEGIN:VCALENDAR"),
    `the subscribe address ${url} does not give the feed`);
  check(await page.locator(".copy-button").isVisible(), "no copy button with JavaScript on");
  check((await page.locator("a[href^='webcal://']").count()) > 0, "no webcal link");
  check((await page.locator("a[href*='addfromweb']").count()) > 0, "no Outlook on the web link");
  await page.locator(".copy-button").first().click();
  // The clipboard answers asynchronously: wait for the words (5 s at most).
  await page.locator(".copied", { hasText: "kopierad" }).first().waitFor({ timeout: 5000 }).catch(() => {});
  check((await page.locator(".copied").first().textContent()).includes("kopierad"), "copying says nothing");
  await axe("subscribe page");
}

// 5b. Legibility of the picture alone, glyph by glyph: for each wheel and
// year, the share of the year's distinct titles (from the list) on the
// picture (whole, or at least the first two words), the pairs of text
// elements whose glyphs overlap (each glyph a rotated box from the SVG
// text API, where it lies, textPath included), and the smallest title in
// points when the picture is printed A3 landscape (420 mm wide).
// With slide, the picture is the slide (?bild=1) in a 1920 × 1080 window:
// each text's size is measured in screen pixels, and a title counts only
// when it is there at 14 px or more.
async function legibility(unit, query, slide = false) {
  await open(`/wheel/${ADMIN_TOKEN}/${unit}?${query}`);
  const titles = [...new Set((await page.locator("#lista li > a").allTextContents()).map((s) => s.trim()))];
  if (slide) await page.setViewportSize({ width: 1920, height: 1080 });
  await open(`/wheel/${ADMIN_TOKEN}/${unit}.svg?${query}${slide ? "&bild=1" : ""}`);
  const m = await page.evaluate(([titles, slide]) => {
    const svg = document.documentElement;
    const texts = [...svg.querySelectorAll("text")];
    const quads = [], content = [], px = [];
    let minLabel = Infinity;
    texts.forEach((t, ei) => {
      const M = t.getCTM(), fs = parseFloat(getComputedStyle(t).fontSize);
      const S = t.getScreenCTM();
      px.push(fs * Math.hypot(S.a, S.b));
      for (let i = 0; i < t.getNumberOfChars(); i++) {
        let s, e, rot;
        try { s = t.getStartPositionOfChar(i); e = t.getEndPositionOfChar(i); rot = t.getRotationOfChar(i) * Math.PI / 180; } catch { continue; }
        if (Math.hypot(e.x - s.x, e.y - s.y) < 0.01) continue;
        const nx = Math.sin(rot), ny = -Math.cos(rot), asc = fs * 0.78, desc = fs * 0.2;
        quads.push([ei, [[s.x + nx * asc, s.y + ny * asc], [e.x + nx * asc, e.y + ny * asc], [e.x - nx * desc, e.y - ny * desc], [s.x - nx * desc, s.y - ny * desc]]
          .map(([x, y]) => { const p = new DOMPoint(x, y).matrixTransform(M); return [p.x, p.y]; })]);
      }
      if (t.classList.contains("label")) minLabel = Math.min(minLabel, parseFloat(t.getAttribute("font-size")));
      const spans = [...t.querySelectorAll("tspan")];
      content.push((spans.length ? spans.map((x) => x.textContent).join(" ") : t.textContent).replace(/\s+/g, " ").trim());
    });
    const separated = (a, b) => [a, b].some((poly) => poly.some(([x1, y1], i) => {
      const [x2, y2] = poly[(i + 1) % 4], ax = y2 - y1, ay = x1 - x2, len = Math.hypot(ax, ay) || 1;
      const pa = a.map(([x, y]) => (x * ax + y * ay) / len), pb = b.map(([x, y]) => (x * ax + y * ay) / len);
      return Math.max(...pa) <= Math.min(...pb) + 0.3 || Math.max(...pb) <= Math.min(...pa) + 0.3;
    }));
    const grid = new Map(), cell = 40;
    quads.forEach((q, qi) => {
      const xs = q[1].map((p) => p[0]), ys = q[1].map((p) => p[1]);
      for (let gx = Math.floor(Math.min(...xs) / cell); gx <= Math.floor(Math.max(...xs) / cell); gx++)
        for (let gy = Math.floor(Math.min(...ys) / cell); gy <= Math.floor(Math.max(...ys) / cell); gy++) {
          const k = gx + "," + gy;
          if (!grid.has(k)) grid.set(k, []);
          grid.get(k).push(qi);
        }
    });
    const pairs = new Set(), examples = [];
    for (const list of grid.values()) for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
      const a = quads[list[i]], b = quads[list[j]];
      const key = Math.min(a[0], b[0]) + "-" + Math.max(a[0], b[0]);
      if (a[0] === b[0] || pairs.has(key) || separated(a[1], b[1])) continue;
      pairs.add(key);
      if (examples.length < 3) examples.push(`"${content[a[0]].slice(0, 30)}" × "${content[b[0]].slice(0, 30)}"`);
    }
    const big = slide ? 14 : 0;
    const shown = titles.filter((title) => {
      const two = title.split(/\s+/).slice(0, 2).join(" ");
      return content.some((c, i) => (c.includes(title) || c.startsWith(two)) && px[i] >= big - 0.01);
    }).length;
    const labelPx = texts.map((t, i) => t.classList.contains("label") ? px[i] : Infinity);
    return { titles: titles.length, list: titles, shown, overlaps: pairs.size, examples, minPt: minLabel * 420 / svg.viewBox.baseVal.width * 72 / 25.4,
      minPx: Math.min(...labelPx), fewer: document.querySelector(".fewer")?.textContent ?? "" };
  }, [titles, slide]);
  if (slide) await page.setViewportSize({ width: 1400, height: 1000 });
  return m;
}
{
  const rows = [];
  const example = "unit=kommunikation,hr,ekonomi,kommunledning,vatten-avfall";
  const views = [];
  for (const unit of ["kommunikation", "hr", "ekonomi", "kommunledning", "vatten-avfall", "all", "tat"]) {
    for (const year of [2026, 2027, 2028]) views.push([unit, `year=${year}`]);
  }
  views.push(["kommunikation", "from=2026-09&months=3"], ["tat", "from=2027-04&months=3"], ["hr", "from=2027-10&months=1"],
    ["all", `view=programme&${example}`], ["kommunikation", "view=programme"]);
  for (const [unit, query] of views) {
    {
      const m = await legibility(unit, query);
      const share = m.titles ? m.shown / m.titles : 1;
      rows.push(`| ${unit} | ${query} | ${m.shown} of ${m.titles} (${Math.round(100 * share)} %) | ${m.overlaps} | ${m.titles ? m.minPt.toFixed(1) : "–"} |`);
      const year = query;
      check(share >= 0.9, `${unit} ${year}: ${m.shown} of ${m.titles} titles on the picture, under 90 %`);
      check(m.overlaps === 0, `${unit} ${year}: ${m.overlaps} pairs of texts overlap, e.g. ${m.examples.join(", ")}`);
      check(!m.titles || m.minPt >= 6, `${unit} ${year}: a title of ${m.minPt.toFixed(1)} pt at A3, under 6`);
    }
  }
  console.log("legibility (wheel | view | titles on the picture | overlapping texts | smallest title, pt at A3):\n" + rows.join("\n"));
}

// 5b'. The slide (?bild=1) of each example unit and of their combined
// wheel, measured the same way at 1920 × 1080: at least 90 % of a year's
// titles on it at 14 px or more, no overlaps, and the titles left to the
// list named with its address.
{
  const rows = [];
  const example = "unit=kommunikation,hr,ekonomi,kommunledning,vatten-avfall";
  for (const unit of ["kommunikation", "hr", "ekonomi", "kommunledning", "vatten-avfall", "all"]) {
    for (const year of [2026, 2027, 2028]) {
      const query = `year=${year}${unit === "all" ? "&" + example : ""}`;
      const m = await legibility(unit, query, true);
      const share = m.titles ? m.shown / m.titles : 1;
      rows.push(`| ${unit} | ${year} | ${m.shown} of ${m.titles} (${Math.round(100 * share)} %) | ${m.overlaps} | ${m.titles ? m.minPx.toFixed(1) : "–"} px |`);
      check(share >= 0.9, `slide ${unit} ${year}: ${m.shown} of ${m.titles} titles at 14 px or more, under 90 %`);
      check(m.overlaps === 0, `slide ${unit} ${year}: ${m.overlaps} pairs of texts overlap, e.g. ${m.examples.join(", ")}`);
      check(!m.titles || m.minPx >= 14 - 0.01, `slide ${unit} ${year}: a title of ${m.minPx.toFixed(1)} px`);
      check(m.shown === m.titles || /\+\d+ fler i listan.*\/wheel\//.test(m.fewer), `slide ${unit} ${year}: titles left out, and no "+N fler" with the list's address`);
      // The same slide as a PDF: its titles are text (pdftotext reads text
      // along an arc a glyph or a few at a time, in order).
      const pdf = await page.request.get(`${BASE}/wheel/${ADMIN_TOKEN}/${unit}.pdf?${query}&bild=1`);
      check(pdf.status() === 200 && pdf.headers()["content-type"] === "application/pdf", `slide ${unit} ${year}: the PDF answers ${pdf.status()}`);
      const dir = mkdtempSync(join(tmpdir(), "arshjul-pdf-"));
      writeFileSync(join(dir, "bild.pdf"), await pdf.body());
      const text = execFileSync("pdftotext", ["-raw", join(dir, "bild.pdf"), "-"]).toString().normalize("NFKC").replace(/\s+/g, ""); // NFKC: the font's ﬁ ligature is fi
      rmSync(dir, { recursive: true, force: true });
      const inPDF = m.list.filter((t) => text.includes(t.replace(/\s+/g, "")) || text.includes(t.split(/\s+/).slice(0, 2).join(""))).length;
      check(inPDF >= m.shown, `slide ${unit} ${year}: ${inPDF} titles as text in the PDF, ${m.shown} on the SVG`);
      rows[rows.length - 1] += ` ${inPDF} in the PDF |`;
    }
  }
  console.log("slide legibility at 1920 × 1080 (wheel | year | titles at ≥ 14 px | overlapping texts | smallest title | titles in the PDF):\n" + rows.join("\n"));
}

// 5c. Sign in by e-mail link and add an activity with the keyboard only:
// the link from the message that arrived at Mailpit, the form
// filled by typing and Tab, and the activity then on the wheel and, by
// ical.js, in the unit's feed.
{
  await open("/login");
  await axe("sign-in page");
  await page.locator("#email").focus();
  await page.keyboard.type("kommunikation@example.se");
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  check((await page.locator("h1").textContent()).includes("Titta i din e-post"), "the sign-in form did not answer");
  const link = (await mailFor("kommunikation@example.se", /\/login\/link\?t=([A-Za-z0-9_-]+)/))?.[1] ?? "";
  check(link !== "", "no sign-in link arrived at Mailpit");
  await open(`/login/link?t=${link}`);
  await axe("sign-in link page");
  await page.keyboard.press("Tab"); // the skip link
  await page.keyboard.press("Tab"); // the site's name
  await page.keyboard.press("Tab"); // the button
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/login$/);
  check((await page.locator("h1").textContent()).includes("inloggad"), "the button did not sign in");
  await open("/edit/kommunikation");
  await axe("editor page");
  await open("/edit/kommunikation/new");
  await axe("editor form");
  await page.locator("#title").focus();
  await page.keyboard.type("Tangentbordsfrukost för kommunikatörer");
  for (const [id, text] of [["#date", `${YEAR}-05-12`], ["#owner", "kommunikation@example.se"], ["#followup_after", "7"], ["#followup_how", "Antal deltagare"]]) {
    await page.locator(id).focus();
    await page.keyboard.type(text);
  }
  await page.locator("#focus").focus();
  await page.keyboard.press("ArrowDown"); // the first focus area
  await page.locator("#aud-0").focus();
  await page.keyboard.press("Space");
  await page.locator("button[value=save]").focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/edit\/kommunikation$/);
  check((await page.content()).includes("Tangentbordsfrukost för kommunikatörer"), "the saved activity is not in the editor's list");
  await open(`/wheel/${UNIT_TOKEN}/kommunikation?year=${YEAR}`);
  check((await page.locator("#lista").textContent()).includes("Tangentbordsfrukost för kommunikatörer"), "the saved activity is not on the wheel");
  const res = await page.request.get(`${BASE}/feeds/${UNIT_TOKEN}/kommunikation.ics`);
  const cal = new ICAL.Component(ICAL.parse(await res.text()));
  const ev = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v)).find((e) => e.summary === "Tangentbordsfrukost för kommunikatörer");
  check(ev && ev.startDate.toString() === `${YEAR}-05-12`, `ical.js finds the activity at ${ev?.startDate}`);
  console.log("editor: signed in by the e-mailed link and added an activity with the keyboard; on the wheel and in the feed");
}

// oidcSignIn signs in at the OpenID provider with the keyboard, from the
// sign-in page of someone not signed in.
async function oidcSignIn() {
  await page.locator("a", { hasText: "Logga in med ditt jobbkonto" }).focus();
  await page.keyboard.press("Enter");
  await page.locator("#username").waitFor();
  await page.locator("#username").focus();
  await page.keyboard.type("kommunikatoren");
  await page.keyboard.press("Tab");
  await page.keyboard.type("rätt lösenord");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/login$/);
  check((await page.locator("main").textContent()).includes("Kim Kommunikatör"), "not signed in with the OpenID provider by name");
}

// 5d. The whole story of a communicator, with the organisation's account:
// sign in at the OpenID provider, add a communication plan with two
// activities and a follow-up with the keyboard, see it on the wheel and
// (by ical.js) in the feed, get its reminder on the scheduled run, mark
// the follow-up done through the overdue run's e-mail, and read all of it
// in the activity's history with one's name. Every message is received
// through Mailpit.
{
  await open("/login");
  if (await page.locator("button", { hasText: "Logga ut" }).count()) {
    await page.locator("button", { hasText: "Logga ut" }).focus();
    await Promise.all([page.waitForURL(/\/login$/), page.keyboard.press("Enter")]);
    await page.locator("a", { hasText: "Logga in med ditt jobbkonto" }).waitFor();
  }
  await oidcSignIn();

  await open("/edit/kommunikation/new?kind=plan");
  await axe("plan form");
  const type = async (sel, text) => { await page.locator(sel).focus(); await page.keyboard.type(text); };
  const tick = async (sel) => { await page.locator(sel).focus(); await page.keyboard.press("Space"); };
  await type("#title", "Kvällsöppet på biblioteket");
  await type("#what", "Berätta att biblioteket har öppet på kvällarna.");
  await type("#why", "Fler ska hitta till biblioteket.");
  await tick("#aud-1"); // kommuninvånare
  await type("#know", "Att det är öppet till 21.");
  await type("#act0_title", "Affisch och webbnyhet");
  await type("#act0_date", "2027-03-18");
  await tick("#act0-ch-1"); // webben
  await type("#act1_title", "Pressmeddelande");
  await type("#act1_date", "2027-03-25");
  await tick("#act1-ch-4"); // press
  await type("#owner", "kommunikation@example.se");
  await page.locator("#focus").focus();
  await page.keyboard.press("ArrowDown");
  await type("#followup_after", "7");
  await type("#followup_how", "Antal besökare på kvällarna");
  await page.locator("button[value=save]").focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/edit\/kommunikation$/);
  check((await page.content()).includes("Kommunikationsplan: Kvällsöppet på biblioteket"), "the plan is not in the editor's list");
  await open(`/wheel/${UNIT_TOKEN}/kommunikation?from=2027-03&months=1`);
  const list = await page.locator("#lista").textContent();
  check(list.includes("Affisch och webbnyhet") && list.includes("Pressmeddelande"), "the plan's activities are not on the wheel");
  const res = await page.request.get(`${BASE}/feeds/${UNIT_TOKEN}/kommunikation.ics`);
  const evs = new ICAL.Component(ICAL.parse(await res.text())).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  const poster = evs.find((e) => e.summary === "Affisch och webbnyhet");
  check(poster && poster.startDate.toString() === "2027-03-18" && poster.description.includes("2. Varför: Fler ska hitta till biblioteket."), "ical.js does not find the activity with the plan's answers");
  check(evs.some((e) => e.summary === "Pressmeddelande"), "ical.js does not find the second activity");

  // The scheduled runs: the daemon restarted just before 07:00 two days
  // before the first activity, its scheduler sends the reminder at 07:00;
  // and before 08:00 on the Monday after the follow-up was due (a week
  // after the last activity), the overdue run sends the mark-done link.
  const at = (when) => execFileSync(DAEMON_AT, [when], { stdio: ["ignore", "inherit", "inherit"] });
  at("2027-03-16T06:59:57");
  const reminder = await mailFor("kommunikation@example.se", /Affisch och webbnyhet/);
  check(reminder?.date.startsWith("2027-03-16T07:00:"), `no reminder of the activity arrived at Mailpit from the 07:00 run two days before (${reminder?.date})`);
  at("2027-04-05T07:59:57");
  const overdue = await mailFor("kommunikation@example.se", /https?:\/\/\S*\/followups\/kommunikation\/kvallsoppet-pa-biblioteket[^?\s]*\?sig=[A-Za-z0-9._-]+/);
  check(overdue?.date.startsWith("2027-04-05T08:00:"), `no mark-done link for the activity's follow-up arrived from the 08:00 overdue run (${overdue?.date})`);
  if (overdue) {
    await page.goto(overdue[0]);
    await type("textarea", "120 besökare den första kvällen, 40 fler än en vanlig torsdag.");
    await page.locator("button[type=submit]").first().focus();
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  }
  await open(`/wheel/${UNIT_TOKEN}/kommunikation/item/kvallsoppet-pa-biblioteket.affisch-och-webbnyhet`);
  const history = await page.locator("#historik").textContent().catch(() => "");
  for (const want of ["Kim Kommunikatör (kommunikation@example.se)", "lades till i webben", "uppföljningen markerades klar (e-postlänk till kommunikation@example.se): 120 besökare"]) {
    check(history.includes(want), `the activity's history lacks "${want}": ${history.slice(0, 400)}`);
  }
  await axe("item page with its history");
  console.log("story: signed in with OpenID, a plan of two activities added with the keyboard, on the wheel and in the feed, reminded, its follow-up marked done from the e-mail, all in the history");
}

// 5e. The aktivitetsplan in Excel, both ways, through a spreadsheet
// engine that is not the service's (Debian's python3-openpyxl): download
// it in the browser, move one activity and add one in the workbook,
// upload it, see the preview, confirm; the feed (by ical.js) and the wheel
// then show exactly that change, and no other event's SEQUENCE moves.
{
  const events = async () => {
    const res = await page.request.get(`${BASE}/feeds/${UNIT_TOKEN}/kommunikation.ics`);
    const out = new Map();
    for (const v of new ICAL.Component(ICAL.parse(await res.text())).getAllSubcomponents("vevent")) {
      const e = new ICAL.Event(v);
      out.set(`${e.summary} | ${e.startDate.toString()}`, `${e.uid} ${v.getFirstPropertyValue("sequence")}`);
    }
    return out;
  };
  const before = await events();
  // The clock moved on three weeks since the sign-in: the session has
  // expired, and the editor signs in again.
  await open("/edit/kommunikation");
  check(page.url().endsWith("/login"), `a session three weeks old still holds: ${page.url()}`);
  await oidcSignIn();
  await open("/edit/kommunikation");
  await axe("editor page with the Excel section");
  const dir = mkdtempSync(join(tmpdir(), "arshjul-xlsx-"));
  const file = join(dir, "aktivitetsplan-kommunikation.xlsx");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a", { hasText: "Ladda ner aktivitetsplanen" }).click()]);
  await download.saveAs(file);
  const edited = join(dir, "aktivitetsplan juni.xlsx");
  execFileSync("/usr/bin/python3", ["-c", `
import datetime, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Aktivitetsplan"]
head = [c.value for c in ws[1]]
col = {h: i + 1 for i, h in enumerate(head)}
# The workbook as openpyxl sees it: the plan first, instructions second, a
# frozen header, widths, date cells, dropdowns from the hidden choices.
assert wb.sheetnames[:2] == ["Aktivitetsplan", "Instruktioner"], wb.sheetnames
assert ws.freeze_panes == "A2", ws.freeze_panes
assert head[:4] == ["id", "aktivitet", "start", "slut"], head
assert ws.column_dimensions["B"].width > 30, ws.column_dimensions["B"].width
assert all(ws.cell(r, col["start"]).is_date for r in range(2, ws.max_row + 1)), "a start that is not a date cell"
lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
assert any("Val!" in (f or "") for f in lists.values()) and len(lists) >= 3, lists
assert wb["Val"].sheet_state == "hidden", wb["Val"].sheet_state
assert "Kommuninvånare" in [c.value for c in wb["Val"]["A"]], "the audiences are not the dropdown's choices"
rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col["aktivitet"]).value == "Tangentbordsfrukost för kommunikatörer"]
assert len(rows) == 1, ("the activity's row", rows)
ws.cell(rows[0], col["start"]).value = datetime.datetime(2027, 5, 19)
ws.cell(rows[0], col["start"]).number_format = "yyyy-mm-dd"
n = ws.max_row + 1
for h, v in {"aktivitet": "Sommarhälsning på Visentnet", "start": datetime.datetime(2027, 6, 15), "ansvarig": "kommunikation@example.se",
             "målgrupper": "Medarbetare", "kanaler": "Intranätet Visentnet", "fokusområde": "Varumärke"}.items():
    ws.cell(n, col[h]).value = v
ws.cell(n, col["start"]).number_format = "yyyy-mm-dd"
wb.save(sys.argv[2])
`, file, edited], { stdio: ["ignore", "inherit", "inherit"] });
  await page.locator("#workbook").setInputFiles(edited);
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator("button", { hasText: "Ladda upp och förhandsgranska" }).click()]);
  await axe("upload preview");
  const preview = await page.locator("main").textContent();
  check(preview.includes("Läggs till (1)") && preview.includes("Sommarhälsning på Visentnet") && preview.includes("Ändras (1)") && !preview.includes("Tas bort"),
    `the preview is not the change: ${preview.slice(0, 600)}`);
  check(JSON.stringify([...(await events())]) === JSON.stringify([...before]), "the preview changed the feed");
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator("button", { hasText: "Spara ändringarna" }).click()]);
  check((await page.locator("main").textContent()).includes("Ändringarna är sparade"), "the confirmation did not store");
  await axe("upload stored");
  const after = await events();
  const gone = [...before.keys()].filter((k) => !after.has(k)), added = [...after.keys()].filter((k) => !before.has(k));
  // The moved activity's follow-up (a week after it) moves with it.
  check(JSON.stringify(gone.sort()) === JSON.stringify(["Tangentbordsfrukost för kommunikatörer | 2027-05-12", "Uppföljning: Tangentbordsfrukost för kommunikatörer | 2027-05-19"]), `left the feed: ${gone}`);
  check(JSON.stringify(added.sort()) === JSON.stringify(["Sommarhälsning på Visentnet | 2027-06-15", "Tangentbordsfrukost för kommunikatörer | 2027-05-19",
    "Uppföljning: Tangentbordsfrukost för kommunikatörer | 2027-05-26"]), `came into the feed: ${added}`);
  const moved = [...before].filter(([k, v]) => after.has(k) && after.get(k) !== v).map(([k]) => k);
  check(moved.length === 0, `other events' UID or SEQUENCE moved: ${moved.slice(0, 5)}`);
  await open(`/wheel/${UNIT_TOKEN}/kommunikation?from=2027-05&months=2`);
  const list = await page.locator("#lista").textContent();
  check(list.includes("Sommarhälsning på Visentnet") && list.includes("Tangentbordsfrukost för kommunikatörer"), "the wheel does not show the uploaded change");
  // Unchanged back: the workbook as downloaded now changes nothing.
  await open("/edit/kommunikation");
  const again = join(dir, "igen.xlsx");
  const [dl2] = await Promise.all([page.waitForEvent("download"), page.locator("a", { hasText: "Ladda ner aktivitetsplanen" }).click()]);
  await dl2.saveAs(again);
  await page.locator("#workbook").setInputFiles(again);
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.locator("button", { hasText: "Ladda upp och förhandsgranska" }).click()]);
  check((await page.locator("main").textContent()).includes("Arbetsboken ändrar ingenting"), "a workbook downloaded and uploaded unchanged changes something");
  check(JSON.stringify([...(await events())]) === JSON.stringify([...after]), "an unchanged upload changed the feed");
  rmSync(dir, { recursive: true, force: true });
  console.log(`excel: downloaded, one activity moved and one added by openpyxl, previewed, stored; ical.js finds exactly that change in the feed (${after.size} events, no other UID or SEQUENCE moved), the wheel too; unchanged back changes nothing`);
}

// 6. The programme report: its tables are tables to assistive technology,
// with headings on both axes, and on paper it is a document (no form, no
// links to choose).
{
  await open(`/admin/${ADMIN_TOKEN}/report`);
  await axe("report page");
  check(await page.getByRole("table").count() >= 3, "the report has fewer than three tables");
  for (const [role, name] of [["columnheader", "Målgrupp"], ["columnheader", "Varumärke"], ["columnheader", "Utan fokusområde"],
    ["rowheader", "Medarbetare"], ["rowheader", "Besökare"], ["columnheader", "Klara i tid"], ["rowheader", "Förtroendeskapande kommunikation och demokrati"]]) {
    check(await page.getByRole(role, { name, exact: false }).count() > 0, `report: no ${role} "${name}" in the accessibility tree`);
  }
  const caption = await page.getByRole("table").first().evaluate((t) => t.caption?.textContent || "");
  check(caption.startsWith("Aktiviteter per målgrupp och fokusområde"), `report: the first table's caption is "${caption}"`);
  await page.emulateMedia({ media: "print" });
  check(!(await page.locator("form.filters").isVisible()), "report: the filter form prints");
  check(!(await page.getByText("Ladda ner rapporten som CSV").isVisible()), "report: the CSV link prints");
  if (SCREENSHOTS) {
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 portrait at 96 dpi
    await page.screenshot({ path: join(SCREENSHOTS, "report-print.png"), fullPage: true });
    await page.setViewportSize({ width: 1400, height: 1000 });
  }
  await page.emulateMedia({ media: "screen" });
}

// 6b. The wheel page printed to PDF by Chromium, A4 and A3 landscape:
// page 1 holds the wheel (its months and titles) and its legend, the list
// begins on page 2.
{
  const dir = mkdtempSync(join(tmpdir(), "arshjul-print-"));
  await page.emulateMedia({ media: "print" }); // page.pdf prints as the media emulated
  for (const path of [wheel, `/wheel/${ADMIN_TOKEN}/all?year=${YEAR}`]) {
    await open(path);
    for (const format of ["A4", "A3"]) {
      const file = join(dir, `${format}.pdf`);
      await page.pdf({ path: file, format, landscape: true });
      // Chromium prints text along an arc a glyph at a time: read in
      // content order, without the spaces between.
      const text = (n) => execFileSync("pdftotext", ["-raw", "-f", String(n), "-l", String(n), file, "-"]).toString().replace(/\s+/g, "");
      const one = text(1), two = text(2);
      const label = `print ${format} ${path.replace(UNIT_TOKEN, "UNIT").replace(ADMIN_TOKEN, "ADMIN")}`;
      check(one.includes("januari") && one.includes("december") && one.includes("Ringarna"), `${label}: page 1 lacks the wheel or its legend`);
      check(one.includes("Redaktionsmöte"), `${label}: page 1 has no title on the wheel`);
      check(!one.includes("Månadförmånad") && two.includes("Månadförmånad"), `${label}: the list does not begin on page 2`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  await page.emulateMedia({ media: null });
  console.log("print: A4 and A3 landscape, page 1 the wheel with its legend, the list from page 2");
}

// 6c. The phone (390 px): the wheel page, and the public wheel, open on
// this month and the next before the picture; "Visa hela hjulet", reached
// with Tab and opened with Enter, shows the wheel filling the screen; axe
// finds nothing, closed or open.
{
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [wheel, "/wheel/public"]) {
    await open(path);
    const label = `phone ${path.replace(UNIT_TOKEN, "UNIT")}`;
    const agenda = page.locator("section.agenda");
    check(await agenda.isVisible(), `${label}: no agenda`);
    const [agendaTop, wheelTop] = await Promise.all([agenda.boundingBox(), page.locator("svg.wheel").boundingBox()]);
    check(agendaTop && wheelTop && agendaTop.y < wheelTop.y && agendaTop.y < 400, `${label}: the agenda is not first (${agendaTop?.y}, the wheel at ${wheelTop?.y})`);
    check(wheelTop && wheelTop.width <= 230, `${label}: the overview is ${wheelTop?.width} px wide, not small`);
    await axe(label);
    if (SCREENSHOTS && path === wheel) await page.screenshot({ path: join(SCREENSHOTS, "wheel-phone.png") });
    // The link takes the keyboard's focus (the agenda's entries come
    // before it, as many as the two months hold) and Enter follows it.
    await page.locator(".overview-open").focus();
    const focused = await page.evaluate(() => document.activeElement?.classList.contains("overview-open"));
    check(focused, `${label}: "Visa hela hjulet" takes no keyboard focus`);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash === "#hjulet", null, { timeout: 5000 }).catch(() => fail(`${label}: Enter on "Visa hela hjulet" does not open the wheel`));
    const box = await page.locator("#hjulet").boundingBox();
    const svgBox = await page.locator("#hjulet svg.wheel").boundingBox();
    const [vw, vh] = await page.evaluate(() => [document.documentElement.clientWidth, window.innerHeight]); // the width without a scroll bar
    check(box && box.x <= 1 && box.y <= 1 && box.width >= vw - 1 && box.height >= vh - 1 && svgBox.width >= 0.9 * vw,
      `${label}: the opened wheel does not fill the screen (${JSON.stringify(box)}, picture ${svgBox?.width} px)`);
    await axe(`${label} with the wheel open`);
    if (SCREENSHOTS && path === wheel) await page.screenshot({ path: join(SCREENSHOTS, "wheel-phone-open.png") });
    await page.locator(".overview-close a").click();
    check(await page.evaluate(() => location.hash) === "#agenda-rubrik", `${label}: "Stäng hjulet" does not close`);
  }
  await page.setViewportSize({ width: 1400, height: 1000 });
  console.log("phone: 390 px, the agenda first, the overview opens with the keyboard to fill the screen, axe 0");
}

// 7. axe on every other page, and the layout at phone width and 200 % zoom.
for (const path of ["/", `/t/${ADMIN_TOKEN}`, "/wheel/public", `/wheel/${ADMIN_TOKEN}/all?year=${YEAR}&holidays=1`,
  `/wheel/${UNIT_TOKEN}/kommunikation?year=${YEAR}&rings=plans&start=8`, `/admin/${ADMIN_TOKEN}/followups`,
  `/wheel/${ADMIN_TOKEN}/tat?year=${YEAR}`, `/wheel/${ADMIN_TOKEN}/all?year=${YEAR}&unit=hr,ekonomi`,
  `/wheel/${UNIT_TOKEN}/kommunikation?from=${YEAR}-04&months=3`, `/wheel/${ADMIN_TOKEN}/all?view=programme`, "/wheel/public?view=programme",
  "/followups/x/y/2026-01-01?sig=1.forged", "/nosuchpage", "/login", "/login/link?t=forged"]) {
  await open(path);
  await axe(path.replace(ADMIN_TOKEN, "ADMIN").replace(UNIT_TOKEN, "UNIT"));
}
for (const [w, label] of [[375, "phone"], [700, "200 % zoom of 1400 px"]]) {
  await page.setViewportSize({ width: w, height: 900 });
  for (const path of ["/", wheel, `/t/${UNIT_TOKEN}`, `/admin/${ADMIN_TOKEN}/followups`, `/admin/${ADMIN_TOKEN}/report?year=2027`,
    "/edit/kommunikation", "/edit/kommunikation/new", "/edit/kommunikation/new?kind=plan", "/history/kommunikation"]) {
    await open(path);
    await page.waitForLoadState("networkidle");
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const wide = over > 0 ? await page.evaluate(() => [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute("class")} ${Math.round(e.getBoundingClientRect().right)} ${(e.textContent || "").slice(0, 30)}`).slice(0, 8).join(", ")) : "";
    check(over <= 0, `${label}: ${path.replace(UNIT_TOKEN, "UNIT").replace(ADMIN_TOKEN, "ADMIN")} scrolls sideways by ${over}px (${wide})`);
  }
}
await page.setViewportSize({ width: 1400, height: 1000 });

// 8. Pictures of the example units' wheels, for the README.
if (SCREENSHOTS) {
  // The picture as it prints: A3 landscape is 1587 × 1123 CSS pixels.
  await page.setViewportSize({ width: 1587, height: 1123 });
  const example = "unit=kommunikation,hr,ekonomi,kommunledning,vatten-avfall"; // the combined wheel without the dense test unit
  for (const unit of ["kommunikation", "hr", "ekonomi", "kommunledning", "vatten-avfall", "all", "tat"]) {
    await open(`/wheel/${ADMIN_TOKEN}/${unit}.svg?year=2026&holidays=1${unit === "all" ? "&" + example : ""}`);
    await page.screenshot({ path: join(SCREENSHOTS, `wheel-${unit}.png`) });
  }
  await open(`/wheel/${ADMIN_TOKEN}/kommunikation.svg?from=2026-09&months=3&holidays=1`);
  await page.screenshot({ path: join(SCREENSHOTS, "wheel-kommunikation-quarter.png") });
  await open(`/wheel/${ADMIN_TOKEN}/all.svg?view=programme&${example}`);
  await page.screenshot({ path: join(SCREENSHOTS, "wheel-programme.png") });
  // The slide as Chromium shows it, and the PNG as the daemon draws it.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(`/wheel/${ADMIN_TOKEN}/all.svg?year=2026&bild=1&${example}`);
  await page.screenshot({ path: join(SCREENSHOTS, "wheel-slide.png") });
  const png = await page.request.get(`${BASE}/wheel/${ADMIN_TOKEN}/kommunikation.png?year=2026&format=bild`);
  writeFileSync(join(SCREENSHOTS, "wheel-kommunikation-bild.png"), await png.body());
  console.log(`screenshots written to ${SCREENSHOTS}`);
}

check(errors.length === 0, `browser errors: ${errors.join("; ")}`);
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
if (failures) {
  console.error(`${failures} browser checks failed`);
  process.exit(1);
}
console.log("browser tests: ok");
