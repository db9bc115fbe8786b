//! Values of typed formats in parameters: `url::value_text` writes each as the text its JSON
//! has in a body, for every library the generator maps a format to (with the features the
//! generated crates give them), so that a parameter and a body say the same thing.

use client_runtime::time_format::Formatted;
use client_runtime::url::value_text;

#[test]
fn date_times_are_rfc_3339_in_parameters_as_in_bodies() {
    let chrono_at: chrono::DateTime<chrono::Utc> = "2024-05-01T10:00:00.250Z".parse().unwrap();
    assert_eq!(
        value_text("at", &chrono_at).unwrap(),
        "2024-05-01T10:00:00.250Z"
    );
    assert_eq!(
        serde_json::to_value(chrono_at).unwrap(),
        "2024-05-01T10:00:00.250Z"
    );
    let time_at = time::OffsetDateTime::parse(
        "2024-05-01T10:00:00.25Z",
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!(
        value_text("at", &Formatted(&time_at)).unwrap(),
        "2024-05-01T10:00:00.25Z"
    );
}

#[test]
fn dates_and_uuids_are_their_plain_text() {
    let day = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    assert_eq!(value_text("day", &day).unwrap(), "2024-02-29");
    let day = time::Date::from_calendar_date(2024, time::Month::February, 29).unwrap();
    assert_eq!(value_text("day", &Formatted(&day)).unwrap(), "2024-02-29");
    let id = uuid::Uuid::parse_str("123E4567-E89B-12D3-A456-426614174000").unwrap();
    assert_eq!(
        value_text("id", &id).unwrap(),
        "123e4567-e89b-12d3-a456-426614174000"
    );
}

/// A date-time RFC 3339 cannot write is an error before anything is sent, naming the
/// parameter.
#[test]
fn a_value_without_text_is_an_error() {
    let far = time::Date::from_calendar_date(12_000, time::Month::January, 1);
    // Without time's `large-dates`, such a year cannot even be made; a negative one can.
    assert!(far.is_err());
    let before = time::Date::from_calendar_date(-1, time::Month::January, 1)
        .unwrap()
        .midnight()
        .assume_utc();
    let error = value_text("since", &Formatted(&before)).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("cannot write `since` as text: "),
        "{error}"
    );
}
