// Reads many iCalendar texts with ical.js (the library Thunderbird's calendar is built on)
// in one process: a JSON array of .ics texts on stdin, a JSON array on stdout with, for
// each text, its events as {uid, start, end}: the UTC instants ("...Z") ical.js gives the
// event's DTSTART and DTEND, and `zone`: the TZID of the VTIMEZONE from the file that
// ical.js used (null when it fell back to floating time or UTC).
// As in read_ics.mjs, every VTIMEZONE of a text is registered with ICAL.TimezoneService
// before its events are read; the service is reset between texts, so no text sees the
// zones of another.
import ICAL from "ical.js";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function moment(time) {
  const zone = time.zone && time.zone.component ? time.zone.tzid : null;
  return { utc: time.toJSDate().toISOString(), zone };
}

function read(text) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  return calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const start = moment(event.startDate);
    return { uid: event.uid, start: start.utc, end: moment(event.endDate).utc, zone: start.zone };
  });
}

const texts = JSON.parse(await readStdin());
process.stdout.write(JSON.stringify(texts.map(read)));
