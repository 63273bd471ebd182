package complaint

import (
	"time"
)

// Date is a day on a library's calendar, written "2026-03-20". SLA deadlines
// are days, not instants: "within three working days" ends with the third
// working day, whatever the hour.
type Date string

const dateLayout = "2006-01-02"

// DateOf is the day t falls on in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	return Date(t.In(loc).Format(dateLayout))
}

// ParseDate reads "2026-03-20"; ok is false for anything else.
func ParseDate(s string) (Date, bool) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return "", false
	}
	return Date(t.Format(dateLayout)), true
}

// Time is the day at midnight UTC, for formatting and weekday arithmetic
// (UTC has no daylight saving to skip or repeat a day).
func (d Date) Time() time.Time {
	t, _ := time.Parse(dateLayout, string(d))
	return t
}

func (d Date) String() string { return string(d) }

// Year is the year of the day.
func (d Date) Year() int { return d.Time().Year() }

// next is the following calendar day.
func (d Date) next() Date { return Date(d.Time().AddDate(0, 0, 1).Format(dateLayout)) }

// Calendar is one library's working-day calendar: its time zone and its days
// off (national holidays and cuti bersama plus its own), by date.
type Calendar struct {
	Location *time.Location
	Holidays map[Date]string // date → name
}

// IsWorkingDay reports whether d is neither a weekend nor a day off.
func (c Calendar) IsWorkingDay(d Date) bool {
	switch d.Time().Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, off := c.Holidays[d]
	return !off
}

// AddWorkingDays returns the n-th working day after the day start falls on
// in the calendar's zone. The day of start itself never counts, whatever the
// hour: a report filed at 08:00 on a Monday and one filed at 23:00 on a
// Sunday both have Tuesday as their first day. So a complaint filed on a
// Friday before a Monday holiday has Tuesday as day 1 and Thursday as day 3.
// n = 0 returns start's own day.
func AddWorkingDays(start time.Time, n int, cal Calendar) Date {
	loc := cal.Location
	if loc == nil {
		loc = time.UTC
	}
	d := DateOf(start, loc)
	for i := 0; i < n; {
		d = d.next()
		if cal.IsWorkingDay(d) {
			i++
		}
	}
	return d
}

// WorkingDaysLate counts the working days after due up to and including
// today: 0 when today is on or before due.
func WorkingDaysLate(due, today Date, cal Calendar) int {
	n := 0
	for d := due.next(); d <= today; d = d.next() {
		if cal.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// calendarSpan is how far ahead holidays are loaded for one computation: ten
// working days never stretch over more than this, even across Lebaran.
const calendarSpan = 120 // days
