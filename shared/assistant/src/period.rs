//! The periods English questions name ("last month", "this year", "in October", "the last 30
//! days"), as inclusive date ranges relative to today.

use time::{Date, Duration, Month as CalendarMonth};

use ferrofin_platform::month::Month;

/// A named range of days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
    /// How the question named it.
    pub label: String,
}

const MONTHS: [(&str, CalendarMonth); 12] = [
    ("january", CalendarMonth::January),
    ("february", CalendarMonth::February),
    ("march", CalendarMonth::March),
    ("april", CalendarMonth::April),
    ("may", CalendarMonth::May),
    ("june", CalendarMonth::June),
    ("july", CalendarMonth::July),
    ("august", CalendarMonth::August),
    ("september", CalendarMonth::September),
    ("october", CalendarMonth::October),
    ("november", CalendarMonth::November),
    ("december", CalendarMonth::December),
];

fn period(from: Date, to: Date, label: &str) -> Period {
    Period {
        from,
        to,
        label: label.to_owned(),
    }
}

fn whole_month(month: Month, label: &str) -> Period {
    period(month.first_day(), month.last_day(), label)
}

/// The whole of `year`, up to `today` at most.
fn year(year: i32, today: Date, label: &str) -> Period {
    let month = |m| Month::of(Date::from_calendar_date(year, m, 1).unwrap_or(today));
    let (from, to) = (
        month(CalendarMonth::January).first_day(),
        month(CalendarMonth::December).last_day(),
    );
    period(from, to.min(today.max(from)), label)
}

/// This calendar month.
pub fn this_month(today: Date) -> Period {
    whole_month(Month::of(today), "this month")
}

/// This year so far.
pub fn this_year(today: Date) -> Period {
    year(today.year(), today, "this year")
}

/// The period `text` (lower case) names, if any.
pub fn find(text: &str, today: Date) -> Option<Period> {
    let current = Month::of(today);
    if text.contains("last month") || text.contains("previous month") {
        return Some(whole_month(current.previous(), "last month"));
    }
    if text.contains("this month") || text.contains("so far this month") {
        return Some(this_month(today));
    }
    if text.contains("last year") || text.contains("previous year") {
        return Some(year(today.year() - 1, today, "last year"));
    }
    if text.contains("this year") || text.contains("year to date") || text.contains("ytd") {
        return Some(this_year(today));
    }
    if text.contains("today") {
        return Some(period(today, today, "today"));
    }
    if text.contains("yesterday") {
        let day = today - Duration::days(1);
        return Some(period(day, day, "yesterday"));
    }
    if let Some(days) = last_days(text) {
        return Some(period(
            today - Duration::days(days - 1),
            today,
            &format!("the last {days} days"),
        ));
    }
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
    MONTHS.iter().find_map(|(name, month)| {
        words.contains(name).then(|| {
            let in_year = if *month <= today.month() {
                today.year()
            } else {
                today.year() - 1
            };
            let first = Date::from_calendar_date(in_year, *month, 1).unwrap_or(today);
            whole_month(Month::of(first), name)
        })
    })
}

/// `N` of "last N days" / "past N days".
fn last_days(text: &str) -> Option<i64> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(3).find_map(|w| {
        let days = w[2].trim_end_matches(|c: char| !c.is_alphanumeric());
        ((w[0] == "last" || w[0] == "past") && (days == "days" || days == "day"))
            .then(|| w[1].parse::<i64>().ok())
            .flatten()
            .filter(|n| (1..=3660).contains(n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    #[test]
    fn named_periods_are_whole_months_or_years() {
        let last = find("how much did i spend last month", TODAY).expect("period");
        assert_eq!(
            (last.from, last.to),
            (date!(2026 - 10 - 01), date!(2026 - 10 - 31))
        );
        let year = find("top 5 merchants this year", TODAY).expect("period");
        assert_eq!((year.from, year.to), (date!(2026 - 01 - 01), TODAY));
        let previous = find("what did i earn last year", TODAY).expect("period");
        assert_eq!(
            (previous.from, previous.to),
            (date!(2025 - 01 - 01), date!(2025 - 12 - 31))
        );
        let december = find("spending in december", TODAY).expect("period");
        assert_eq!(december.from, date!(2025 - 12 - 01));
        let days = find("the last 30 days", TODAY).expect("period");
        assert_eq!((days.from, days.to), (date!(2026 - 10 - 23), TODAY));
        assert_eq!(find("what is my net worth", TODAY), None);
    }
}
