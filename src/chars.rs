//! Character classes that the checks of values, the export and the error messages share: a base
//! module (it imports nothing of the crate), so the error type need not import the domain.

/// Control characters (C0, DEL, C1: CR, LF and tab included) and the Unicode line and paragraph
/// separators: none of them belongs in a one-line value, and they would break the lines of a CSV
/// row, an iCalendar property or a message.
pub fn is_line_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Bidi embeddings, overrides and isolates: they reorder the text that follows them, so a value
/// can display as something else than it holds (U+202E turns `abc` into `cba`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no visible place: the Unicode format characters (Cf: zero-width spaces
/// and joiners, direction marks and controls, word joiners, BOM, soft hyphen…) and the other
/// default-ignorable ones (variation selectors, Hangul fillers, combining grapheme joiner). None
/// has a place in an identifier someone reads off a label.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}
