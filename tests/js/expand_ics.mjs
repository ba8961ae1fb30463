// Expands recurring events with ical.js (the library Thunderbird's calendar is built on),
// in one process for many files: a JSON array of .ics texts on stdin, a JSON array on
// stdout with, for each text, the occurrences a calendar program shows, in start order:
//   {uid, recurrence_id_utc, start_utc, end_utc, summary, status}
// (instants as "...Z" as toISOString() writes them; recurrence_id_utc is the instant the
// rule gives the occurrence, or an orphan instance's own RECURRENCE-ID, else null).
//
// As in read_many.mjs, the file's VTIMEZONEs are registered with ICAL.TimezoneService
// (reset between texts). VEVENTs are grouped by UID: a master with RRULE/RDATE becomes an
// ICAL.Event whose exceptions are exactly the RECURRENCE-ID components of its own UID
// (ical.js would otherwise relate every RECURRENCE-ID component of the calendar, whatever
// its UID), and its iterator (which honours EXDATE) gives the occurrences, each with
// getOccurrenceDetails (overrides applied). A RECURRENCE-ID component whose master is not
// in the file (an update of one occurrence sent alone) and a non-recurring event are shown
// as themselves. Expansion stops at MAX_OCCURRENCES per master or after the year UNTIL_YEAR.
import ICAL from "ical.js";

const MAX_OCCURRENCES = 500;
const UNTIL_YEAR = 2100;

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

const utc = (time) => (time ? time.toJSDate().toISOString() : null);

function entry(uid, recurrenceId, start, end, component) {
  return {
    uid,
    recurrence_id_utc: utc(recurrenceId),
    start_utc: utc(start),
    end_utc: utc(end),
    summary: component.getFirstPropertyValue("summary"),
    status: component.getFirstPropertyValue("status"),
  };
}

function expand(text) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const byUid = new Map();
  for (const component of calendar.getAllSubcomponents("vevent")) {
    const uid = component.getFirstPropertyValue("uid");
    if (!byUid.has(uid)) byUid.set(uid, { masters: [], instances: [] });
    const group = byUid.get(uid);
    (component.hasProperty("recurrence-id") ? group.instances : group.masters).push(component);
  }
  const occurrences = [];
  for (const [uid, { masters, instances }] of byUid) {
    const recurring = masters.filter((c) => c.hasProperty("rrule") || c.hasProperty("rdate"));
    if (recurring.length > 1) throw new Error(`${uid}: ${recurring.length} recurring masters`);
    for (const master of masters) {
      if (recurring.includes(master)) continue;
      const event = new ICAL.Event(master, { exceptions: [] });
      occurrences.push(entry(uid, null, event.startDate, event.endDate, master));
    }
    if (recurring.length === 0) {
      // Instances without their master: what a client applies to the object it has.
      for (const instance of instances) {
        const event = new ICAL.Event(instance, { exceptions: [] });
        occurrences.push(entry(uid, event.recurrenceId, event.startDate, event.endDate, instance));
      }
      continue;
    }
    const event = new ICAL.Event(recurring[0], { strictExceptions: true, exceptions: [] });
    for (const instance of instances) event.relateException(instance);
    const iterator = event.iterator();
    let next;
    let count = 0;
    while ((next = iterator.next()) && count < MAX_OCCURRENCES && next.year <= UNTIL_YEAR) {
      const details = event.getOccurrenceDetails(next);
      occurrences.push(
        entry(uid, next, details.startDate, details.endDate, details.item.component),
      );
      count += 1;
    }
  }
  occurrences.sort((a, b) => (a.start_utc < b.start_utc ? -1 : a.start_utc > b.start_utc ? 1 : 0));
  return occurrences;
}

const texts = JSON.parse(await readStdin());
process.stdout.write(JSON.stringify(texts.map(expand)));
