#!/usr/bin/python3
"""Expand every event of an iCalendar file with libical (Evolution's parser).

Usage: libical_expand.py FILE.ics FROM TO   (FROM/TO: YYYYMMDD, UTC)
Prints one JSON object a line per instance: uid, summary, start, end, where
start/end are "D:YYYYMMDD" for all-day events and "T:YYYYMMDDTHHMMSSZ" (UTC)
otherwise. Exits 1 on anything libical could not parse cleanly.
"""
import json
import sys
from datetime import datetime, timezone

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I  # noqa: E402


def errors_in(comp, out):
    p = comp.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while p is not None:
        out.append(p.as_ical_string().strip())
        p = comp.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    c = comp.get_first_component(I.ComponentKind.ANY_COMPONENT)
    while c is not None:
        errors_in(c, out)
        c = comp.get_next_component(I.ComponentKind.ANY_COMPONENT)


def fmt(t, all_day):
    dt = datetime.fromtimestamp(t, tz=timezone.utc)
    if all_day:
        return "D:" + dt.strftime("%Y%m%d")
    return "T:" + dt.strftime("%Y%m%dT%H%M%SZ")


def main():
    path, lo, hi = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    cal = I.Component.new_from_string(text)
    if cal is None or cal.isa() != I.ComponentKind.VCALENDAR_COMPONENT:
        print("libical: not a VCALENDAR", file=sys.stderr)
        return 1
    errs = []
    errors_in(cal, errs)
    if errs:
        print("libical: " + "; ".join(errs), file=sys.stderr)
        return 1
    start = I.Time.new_from_string(lo)
    end = I.Time.new_from_string(hi)
    events = []
    ev = cal.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
    while ev is not None:
        events.append(ev)
        ev = cal.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
    # A moved or renamed instance (RECURRENCE-ID) replaces its series'
    # instance: skip that one when expanding the series.
    overridden = set()
    for ev in events:
        prop = ev.get_first_property(I.PropertyKind.RECURRENCEID_PROPERTY)
        if prop is None:
            continue
        rid = prop.get_recurrenceid()
        par = prop.get_first_parameter(I.ParameterKind.TZID_PARAMETER)
        zone = cal.get_timezone(par.get_tzid()) if par is not None else I.Timezone.get_utc_timezone()
        overridden.add((ev.get_uid(), rid.as_timet_with_zone(zone)))
    for ev in events:
        dtstart = ev.get_dtstart()
        all_day = dtstart.is_date()
        if not all_day and dtstart.is_floating() if hasattr(dtstart, "is_floating") else False:
            print("libical: floating time in " + ev.get_uid(), file=sys.stderr)
            return 1
        uid, summary = ev.get_uid(), ev.get_summary()

        is_override = (ev.get_recurrenceid() is not None and not ev.get_recurrenceid().is_null_time())

        def cb(comp, span, _data, uid=uid, summary=summary, all_day=all_day, is_override=is_override):
            if not is_override and (uid, span.get_start()) in overridden:
                return
            print(json.dumps({"uid": uid, "summary": summary,
                              "start": fmt(span.get_start(), all_day),
                              "end": fmt(span.get_end(), all_day)}, ensure_ascii=False))

        ev.foreach_recurrence(start, end, cb, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
