// Expand every event of an iCalendar file with Mozilla's ical.js (the
// parser of Thunderbird). Usage: node icaljs_expand.mjs FILE.ics FROM TO
// (FROM/TO as YYYYMMDD, UTC). Prints one JSON object a line per instance,
// in the same form as libical_expand.py. Exits 1 on a parse problem.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, from, to] = process.argv.slice(2);
const text = readFileSync(file, "utf8");
const lo = ICAL.Time.fromDateTimeString(`${from.slice(0, 4)}-${from.slice(4, 6)}-${from.slice(6, 8)}T00:00:00Z`);
const hi = ICAL.Time.fromDateTimeString(`${to.slice(0, 4)}-${to.slice(4, 6)}-${to.slice(6, 8)}T00:00:00Z`);

// ICAL.parse gives one jCal for one VCALENDAR, a list of them for several
// one after the other; every one is read.
const parsed = ICAL.parse(text);
const cals = (typeof parsed[0] === "string" ? [parsed] : parsed).map((j) => new ICAL.Component(j));
for (const tz of cals.flatMap((c) => c.getAllSubcomponents("vtimezone"))) {
  ICAL.TimezoneService.register(tz);
}

const pad = (n, w = 2) => String(n).padStart(w, "0");
function fmt(t, allDay) {
  if (allDay) return `D:${pad(t.year, 4)}${pad(t.month)}${pad(t.day)}`;
  if (t.zone === ICAL.Timezone.localTimezone) throw new Error("floating time " + t.toString());
  const u = t.convertToZone(ICAL.Timezone.utcTimezone);
  return `T:${pad(u.year, 4)}${pad(u.month)}${pad(u.day)}T${pad(u.hour)}${pad(u.minute)}${pad(u.second)}Z`;
}

// Moved or renamed instances (RECURRENCE-ID) belong to their series: relate
// them to the master so that its iterator yields them in place.
const events = cals.flatMap((c) => c.getAllSubcomponents("vevent")).map((c) => new ICAL.Event(c));
const masters = new Map(events.filter((e) => !e.isRecurrenceException()).map((e) => [e.uid, e]));
for (const e of events) {
  if (e.isRecurrenceException() && masters.has(e.uid)) masters.get(e.uid).relateException(e);
}

let out = "";
for (const ev of events) {
  if (ev.isRecurrenceException() && masters.has(ev.uid)) continue;
  const allDay = ev.startDate.isDate;
  const emit = (start, end, item = ev) => {
    out += JSON.stringify({ uid: item.uid, summary: item.summary, start: fmt(start, allDay), end: fmt(end, allDay) }) + "\n";
  };
  if (!ev.isRecurring()) {
    if (ev.endDate.compare(lo) > 0 && ev.startDate.compare(hi) < 0) emit(ev.startDate, ev.endDate);
    continue;
  }
  const it = ev.iterator();
  for (let next = it.next(); next; next = it.next()) {
    if (next.compare(hi) >= 0) break;
    const d = ev.getOccurrenceDetails(next);
    if (d.endDate.compare(lo) > 0) emit(d.startDate, d.endDate, d.item);
  }
}
process.stdout.write(out);
