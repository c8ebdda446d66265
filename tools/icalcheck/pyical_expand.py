#!/usr/bin/python3
"""Expand every event of an iCalendar file with Python's icalendar and
recurring_ical_events (the parser of many Python calendar tools, Home
Assistant's among them): a third reader, independent of ical.js and libical.

Usage: pyical_expand.py FILE.ics FROM TO   (FROM/TO: YYYYMMDD, UTC)
Prints one JSON object a line per instance, as libical_expand.py does.
Exits 1 on anything the parser refuses.
"""
import json
import sys
from datetime import date, datetime, timezone

import icalendar
import recurring_ical_events


def fmt(v):
    if isinstance(v, datetime):
        if v.tzinfo is None:
            raise ValueError("floating time")
        return "T:" + v.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return "D:" + v.strftime("%Y%m%d")


def main():
    path, lo, hi = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(path, "rb") as f:
        # A file may hold several VCALENDARs one after the other.
        cals = icalendar.Calendar.from_ical(f.read(), multiple=True)
    start = date(int(lo[:4]), int(lo[4:6]), int(lo[6:]))
    end = date(int(hi[:4]), int(hi[4:6]), int(hi[6:]))
    events = [ev for cal in cals for ev in recurring_ical_events.of(cal).between(start, end)]
    for ev in events:
        s = ev.decoded("DTSTART")
        if "DTEND" in ev:
            e = ev.decoded("DTEND")
        elif "DURATION" in ev:
            e = s + ev.decoded("DURATION")
        else:
            e = s
        print(json.dumps({"uid": str(ev.get("UID")), "summary": str(ev.get("SUMMARY")),
                          "start": fmt(s), "end": fmt(e)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as err:  # a parse error is the finding: say it and fail
        print("python icalendar: %s: %s" % (type(err).__name__, err), file=sys.stderr)
        sys.exit(1)
