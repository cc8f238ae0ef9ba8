// Package calendar writes iCalendar feeds (RFC 5545) of recurring duties: what a
// person's "subscribe to my duties" link serves.
//
// Input: a Feed of plain Events, each with a duty's cadence (handbook.Cadence). Output:
// the bytes of an .ics file: CRLF line endings, lines folded at 75 octets without
// splitting a character, TEXT values escaped and stripped of control characters, and a
// recurrence rule (RRULE) per cadence starting at the first occurrence on or after the
// feed's anchor date. Free-text cadences have no rule and are left out.
//
// Feeds depend on the handbook alone, never on the clock: DTSTAMP is the anchor date.
// It knows nothing of pages or people; it writes no file and keeps no state.
package calendar
