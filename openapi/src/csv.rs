//! CSV as this service writes it (RFC 4180, CRLF line ends), for the reports and exports a
//! governance team opens in a spreadsheet: one place for the escaping, so every CSV the service
//! answers is quoted alike and never carries a formula.

use std::borrow::Cow;

/// One cell: quoted when it holds a comma, a quote or a line break (quotes doubled), and prefixed
/// with `'` when a spreadsheet would read it as a formula (it starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return), so a value someone typed cannot run as one when the file is opened.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let text: Cow<'_, str> = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    };
    if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        text
    }
}

/// Appends `cells` as one row (cells escaped with [`csv_cell`], CRLF at the end).
pub fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(cell));
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::{csv_cell, push_row};

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-2, x"), "\"'-2, x\"");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn rows_end_in_crlf() {
        let mut out = String::new();
        push_row(&mut out, ["a", "b,c", ""]);
        assert_eq!(out, "a,\"b,c\",\r\n");
    }
}
