//! HTTP dates (RFC 9110 section 5.6.7), as a `Retry-After` header may carry one.

/// Seconds since the Unix epoch of an HTTP date in any of the three forms a recipient must
/// accept: `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), `Sunday, 06-Nov-94 08:49:37 GMT`
/// (RFC 850; a two-digit year below 70 is in the 2000s) and `Sun Nov  6 08:49:37 1994`
/// (asctime). The weekday is not checked against the date. `None` for anything else.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let (year, month, day, time) = match text.split_once(',') {
        Some((_weekday, rest)) => {
            let fields: Vec<&str> = rest.split_whitespace().collect();
            match fields.as_slice() {
                [day, month, year, time, "GMT"] if year.len() == 4 => {
                    (number(year)?, month_number(month)?, number(day)?, *time)
                }
                [date, time, "GMT"] => {
                    let mut parts = date.split('-');
                    let day = number(parts.next()?)?;
                    let month = month_number(parts.next()?)?;
                    let short_year = parts.next().filter(|y| y.len() == 2)?;
                    if parts.next().is_some() {
                        return None;
                    }
                    let short_year = number(short_year)?;
                    let year = if short_year < 70 {
                        2000 + short_year
                    } else {
                        1900 + short_year
                    };
                    (year, month, day, *time)
                }
                _ => return None,
            }
        }
        None => match text.split_whitespace().collect::<Vec<_>>().as_slice() {
            [_weekday, month, day, time, year] if year.len() == 4 => {
                (number(year)?, month_number(month)?, number(day)?, *time)
            }
            _ => return None,
        },
    };
    let mut clock = time.split(':');
    let (hour, minute, second) = (
        number(clock.next()?)?,
        number(clock.next()?)?,
        number(clock.next()?)?,
    );
    if clock.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_since_epoch(year, month, day);
    Some(days * 86_400 + i64::from(hour * 3600 + minute * 60 + second))
}

/// A number of at most four ASCII digits (every field of an HTTP date is).
fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// 1 for `Jan` to 12 for `Dec` (case-sensitive, as the grammar says).
fn month_number(text: &str) -> Option<u32> {
    let index = MONTHS.iter().position(|name| *name == text)?;
    u32::try_from(index + 1).ok()
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date (negative before it).
fn days_since_epoch(year: u32, month: u32, day: u32) -> i64 {
    // Days from 0001-01-01 to January 1st of `year`, in the proleptic Gregorian calendar.
    let days_before_year = |year: u32| {
        let past = i64::from(year) - 1;
        past * 365 + past / 4 - past / 100 + past / 400
    };
    let days_before_month: u32 = (1..month).map(|m| days_in_month(year, m)).sum();
    days_before_year(year) - days_before_year(1970) + i64::from(days_before_month + day - 1)
}

#[cfg(test)]
mod tests {
    use super::parse_http_date;

    /// The example date of RFC 9110, in seconds since the epoch.
    const EXAMPLE: i64 = 784_111_777;

    #[test]
    fn reads_all_three_forms() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(EXAMPLE)
        );
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(EXAMPLE)
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(EXAMPLE));
        assert_eq!(
            parse_http_date("  Sun, 06 Nov 1994 08:49:37 GMT "),
            Some(EXAMPLE)
        );
    }

    #[test]
    fn counts_days_across_leap_years() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date("Wed, 31 Dec 1969 23:59:59 GMT"), Some(-1));
        assert_eq!(
            parse_http_date("Sat, 29 Feb 2020 12:00:00 GMT"),
            Some(1_582_977_600)
        );
        assert_eq!(
            parse_http_date("Wed, 01 Mar 2000 00:00:00 GMT"),
            Some(951_868_800)
        );
        assert_eq!(
            parse_http_date("Fri, 01 Jan 2100 00:00:00 GMT"),
            Some(4_102_444_800)
        );
        assert_eq!(
            parse_http_date("Monday, 01-Jan-35 00:00:00 GMT"),
            Some(2_051_222_400)
        );
    }

    #[test]
    fn refuses_what_is_no_date() {
        for text in [
            "",
            "120",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Fri, 30 Feb 2021 00:00:00 GMT",
            "Tue, 31 Apr 2021 00:00:00 GMT",
            "Mon, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 99999 08:49:37 GMT",
            "Sun, 06 Nov +994 08:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sunday, 06-Nov-94-1 08:49:37 GMT",
            "Sun Nov  6 08:49:37:00 1994",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
        ] {
            assert_eq!(parse_http_date(text), None, "{text:?}");
        }
    }
}
