// The intranet and Teams in Debian's Chromium (playwright-core):
// - the embedded wheel: a page on an allowed origin (EMBED_ALLOW, a port
//   of its own) frames /embed/ekonomi and shows it; the same page on
//   another origin (EMBED_DENY) is refused by the frame-ancestors CSP;
//   axe-core finds nothing on /embed/ekonomi at 800 × 600, and the
//   keyboard reaches its links;
// - the Teams cards the daemon posted to the stand-in webhook (CARDS, a
//   folder of the messages taken): each is the message Workflows takes,
//   valid against the Adaptive Card JSON schema (the one Microsoft ships
//   in the adaptivecards-designer package, checked with ajv), parsed by
//   the adaptivecards renderer without a warning and rendered with Teams'
//   light host config, legible (its titles and links in the rendered
//   card, its Markdown links made by markdown-it). SCREENSHOTS writes teams-card.png and embed.png there.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const Ajv = require("ajv");
const { adaptiveCardSchema } = require("adaptivecards-designer/lib/adaptive-card-schema.js");
const teamsHost = require("adaptivecards-designer/lib/hostConfigs/microsoft-teams-light.json");
const { BASE, EMBED_ALLOW, EMBED_DENY, CARDS, SCREENSHOTS } = process.env;

let failures = 0;
const fail = (msg) => { failures++; console.error("FAIL: " + msg); };
const check = (ok, msg) => { if (!ok) fail(msg); };

// The intranet's page, the same on both origins.
const intranet = (port) => new Promise((resolve) => {
  const s = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="sv"><title>Intranätet</title><h1>Intranätet</h1>
<iframe id="hjul" src="${BASE}/embed/ekonomi" title="Årshjul: Ekonomiavdelningen" width="800" height="600"></iframe>`);
  });
  s.listen(Number(port), "127.0.0.1", () => resolve(s));
});
const servers = [await intranet(EMBED_ALLOW), await intranet(EMBED_DENY)];

const launch = (bypassCSP) => chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "arshjul-chromium-")), {
  executablePath: "/usr/bin/chromium", headless: false,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"],
  viewport: { width: 1000, height: 800 }, bypassCSP, locale: "sv-SE",
});

// The frame as the intranet's readers get it: the CSP enforced.
const ctx = await launch(false);
const page = await ctx.newPage();
const consoleLines = [];
page.on("console", (m) => consoleLines.push(m.text()));
const frameText = async () => {
  const f = page.frames().find((fr) => fr !== page.mainFrame());
  if (!f) return { url: "", text: "" };
  try { return { url: f.url(), text: await f.evaluate(() => document.body?.innerText ?? "") }; }
  catch { return { url: f.url(), text: "" }; }
};
await page.goto(`http://127.0.0.1:${EMBED_ALLOW}/`);
await page.frameLocator("#hjul").locator("h2#kommande-rubrik").waitFor({ timeout: 10000 }).catch(() => {});
const allowed = await frameText();
check(allowed.text.includes("Kommande") && allowed.text.includes("Ekonomiavdelningen"), `the allowed origin does not show the wheel: ${allowed.url} ${allowed.text.slice(0, 200)}`);
if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, "embed.png"), clip: { x: 0, y: 0, width: 840, height: 720 } });
consoleLines.length = 0;
await page.goto(`http://127.0.0.1:${EMBED_DENY}/`);
await page.waitForTimeout(1500);
const denied = await frameText();
check(!denied.text.includes("Kommande"), `another origin shows the wheel: ${denied.text.slice(0, 200)}`);
const refused = consoleLines.some((l) => /frame-ancestors|Refused to frame/i.test(l));
check(refused || denied.url.startsWith("chrome-error:"), `no sign Chromium refused the frame on another origin (frame ${denied.url}; console ${consoleLines.join(" | ")})`);
console.log(`embed: allowed origin shows the wheel; another is refused (${refused ? "console: refused to frame" : denied.url})`);
await ctx.close();

// The frame's own page at the frame's size: axe and the keyboard.
const ctx2 = await launch(true); // only so that axe-core can be injected
const p2 = await ctx2.newPage();
await p2.setViewportSize({ width: 800, height: 600 });
await p2.goto(`${BASE}/embed/ekonomi`);
check(await p2.evaluate(() => document.documentElement.scrollWidth <= 800), "/embed/ekonomi scrolls sideways at 800 px");
await p2.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
const result = await p2.evaluate(async () => await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
for (const v of result.violations) fail(`/embed/ekonomi: axe ${v.id} (${v.impact}): ${v.help}; e.g. ${v.nodes[0]?.target.join(" ")}`);
const reached = new Set();
for (let i = 0; i < 80; i++) {
  await p2.keyboard.press("Tab");
  reached.add(await p2.evaluate(() => document.activeElement?.textContent?.trim() ?? ""));
}
check(reached.has("Hoppa förbi bilden till listan") && reached.has("Hela årshjulet"), `the keyboard does not reach the skip link and "Hela årshjulet": ${[...reached].slice(0, 10).join(" | ")}`);
const links = await p2.$$eval(".embed-list a[href]", (as) => as.length);
check(links >= 2, `the list has ${links} links`);
console.log(`embed: axe ${result.violations.length} violations at 800 × 600; ${reached.size} elements by Tab; ${links} links in the list`);

// The Teams cards.
const { id, ...rest } = adaptiveCardSchema; // draft-06 writes "id"; ajv 8 reads "$id"
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json"));
const validate = ajv.compile({ $id: id, ...rest });
// The morning's run, made up at the daemon's start, posts at least one.
let files = [];
for (let i = 0; i < 100 && files.length === 0; i++) {
  files = readdirSync(CARDS).filter((f) => f.endsWith(".json")).sort();
  if (files.length === 0) await new Promise((r) => setTimeout(r, 200));
}
check(files.length > 0, "the daemon posted no card to the webhook");
await p2.setViewportSize({ width: 560, height: 900 });
await p2.goto("about:blank");
await p2.setContent(`<!doctype html><html lang="sv"><head><title>Kort</title><style>body{margin:0;padding:16px;background:#f5f5f5;font-family:"Segoe UI",system-ui,sans-serif}#card{background:#fff;border-radius:6px;box-shadow:0 1px 3px #0003;max-width:520px}</style></head><body><div id="card"></div></body></html>`);
await p2.addScriptTag({ path: require.resolve("adaptivecards/dist/adaptivecards.min.js") });
// Teams renders a TextBlock's Markdown; the renderer leaves that to its
// host, here markdown-it as the adaptivecards documentation suggests.
await p2.addScriptTag({ path: join(dirname(require.resolve("markdown-it")), "browser/markdown-it.umd.min.js") });
let shot = false;
for (const f of files) {
  const msg = JSON.parse(readFileSync(join(CARDS, f), "utf8"));
  const att = msg.attachments?.[0];
  check(msg.type === "message" && msg.attachments?.length === 1 && att.contentType === "application/vnd.microsoft.card.adaptive",
    `${f}: not the message a Workflows webhook takes`);
  const card = att?.content ?? {};
  check(Number(card.version) >= 1.4, `${f}: version ${card.version}, want 1.4 or later`);
  if (!validate(card)) fail(`${f}: not valid against the Adaptive Card schema: ${ajv.errorsText(validate.errors)}`);
  const out = await p2.evaluate(([card, host]) => {
    const AC = window.AdaptiveCards;
    const md = window.markdownit();
    AC.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = md.render(text); result.didProcess = true; };
    const ac = new AC.AdaptiveCard();
    ac.hostConfig = new AC.HostConfig(host);
    const ctx = new AC.SerializationContext();
    ac.parse(card, ctx);
    const problems = ctx.eventCount ? [...Array(ctx.eventCount).keys()].map((i) => ctx.getEventAt(i).message) : [];
    const el = ac.render();
    const box = document.getElementById("card");
    box.replaceChildren(el);
    const links = [...el.querySelectorAll("a")].map((a) => a.textContent);
    return { problems, text: el.innerText, links, height: el.getBoundingClientRect().height };
  }, [card, teamsHost]);
  check(out.problems.length === 0, `${f}: the renderer warns: ${out.problems.join("; ")}`);
  // A title's Markdown is escaped in the card; the reader sees it plain.
  const titles = (card.body ?? []).filter((e) => e.type === "Container").map((c) => c.items?.[0]?.text.replace(/\\(.)/g, "$1"));
  for (const t of titles) check(out.text.includes(t), `${f}: "${t}" not in the rendered card`);
  check(out.text.includes("Årshjulet:") && out.height > 100, `${f}: the card renders ${out.height}px: ${out.text.slice(0, 120)}`);
  if (out.text.includes("Uppföljningar som är försenade")) check(out.links.includes("Markera som klar"), `${f}: no "Markera som klar" link`);
  if (SCREENSHOTS && !shot && out.links.includes("Markera som klar")) {
    await p2.locator("#card").screenshot({ path: join(SCREENSHOTS, "teams-card.png") });
    shot = true;
  }
}
console.log(`teams: ${files.length} cards valid against the schema and rendered by adaptivecards with Teams' host config`);
await ctx2.close();
for (const s of servers) s.close();
if (failures) { console.error(`teams.mjs: ${failures} failed`); process.exit(1); }
console.log("teams.mjs: ok");
