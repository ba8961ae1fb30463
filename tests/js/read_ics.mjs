// Reads an iCalendar text from stdin with ical.js (the library Thunderbird's calendar is
// built on) and prints what a calendar program would see, as JSON:
//   {"method": "PUBLISH", "name": "...", "events": [{uid, summary, location, status,
//     start: {local: "YYYY-MM-DDTHH:MM", zone: "Europe/Prague", utc: "...Z"}, end: {...},
//     url, conferences: [{uri, label, features}]}]}
// Every VTIMEZONE of the file is registered with ICAL.TimezoneService first, so that the
// times are converted with the zone rules the file carries, not the machine's zone.
import ICAL from "ical.js";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

const pad = (n, width = 2) => String(n).padStart(width, "0");

function moment(time) {
  return {
    local: `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}T${pad(time.hour)}:${pad(time.minute)}`,
    zone: time.zone ? time.zone.tzid : null,
    utc: time.toJSDate().toISOString(),
  };
}

const text = await readStdin();
const calendar = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    location: event.location,
    status: component.getFirstPropertyValue("status"),
    sequence: event.sequence,
    start: moment(event.startDate),
    end: moment(event.endDate),
    url: component.getFirstPropertyValue("url"),
    // RFC 7986 CONFERENCE: the online link of a hybrid or online meeting.
    conferences: component.getAllProperties("conference").map((property) => ({
      uri: property.getFirstValue(),
      label: property.getParameter("label") ?? null,
      features: [].concat(property.getParameter("feature") ?? []),
    })),
  };
});
process.stdout.write(
  JSON.stringify({
    method: calendar.getFirstPropertyValue("method"),
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    events,
  }),
);
