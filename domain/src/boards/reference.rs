//! Reference schemes of records of decision, configurable per issuing body: literal text with
//! `{YYYY}` or `{YY}` for the year and one sequence token `{N}`, `{NN}`, `{NNN}`... whose width is
//! the zero padding. "PCC/D/{YYYY}/{NN}" gives PCC/D/2017/05; "CPCC {YYYY}-{NNN}" gives CPCC 2015-025.

use crate::RuleViolation;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Year4,
    Year2,
    Sequence(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceScheme {
    parts: Vec<Part>,
}

fn invalid(message: &str) -> RuleViolation {
    RuleViolation::new("reference_scheme.invalid", "/pattern", message)
}

impl ReferenceScheme {
    /// Parses a pattern; it needs exactly one sequence token and at most one year token.
    pub fn parse(pattern: &str) -> Result<ReferenceScheme, RuleViolation> {
        let mut parts = Vec::new();
        let mut rest = pattern;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let end = rest.find('}').ok_or_else(|| invalid("a token opened with { is not closed"))?;
                    let token = &rest[1..end];
                    parts.push(match token {
                        "YYYY" => Part::Year4,
                        "YY" => Part::Year2,
                        n if !n.is_empty() && n.len() <= 6 && n.bytes().all(|b| b == b'N') => Part::Sequence(n.len()),
                        _ => return Err(invalid("tokens are {YYYY}, {YY} and {N}, {NN}, {NNN}...")),
                    });
                    rest = &rest[end + 1..];
                }
                Some(start) => {
                    if rest[..start].contains('}') {
                        return Err(invalid("a } without its {"));
                    }
                    parts.push(Part::Literal(rest[..start].to_string()));
                    rest = &rest[start..];
                }
                None => {
                    if rest.contains('}') {
                        return Err(invalid("a } without its {"));
                    }
                    parts.push(Part::Literal(rest.to_string()));
                    rest = "";
                }
            }
        }
        let sequences = parts.iter().filter(|p| matches!(p, Part::Sequence(_))).count();
        let years = parts.iter().filter(|p| matches!(p, Part::Year4 | Part::Year2)).count();
        if sequences != 1 || years > 1 {
            return Err(invalid("a scheme has exactly one sequence token and at most one year token"));
        }
        if pattern.chars().count() > 60 {
            return Err(invalid("a scheme is at most 60 characters"));
        }
        Ok(ReferenceScheme { parts })
    }

    /// The year (if the scheme has one) and sequence number of a reference that follows the scheme.
    pub fn read(&self, reference: &str) -> Option<(Option<i32>, u32)> {
        let mut rest = reference;
        let (mut year, mut sequence) = (None, None);
        for part in &self.parts {
            match part {
                Part::Literal(text) => rest = rest.strip_prefix(text.as_str())?,
                Part::Year4 | Part::Year2 => {
                    let width = if *part == Part::Year4 { 4 } else { 2 };
                    let digits = rest.get(..width).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
                    let value: i32 = digits.parse().ok()?;
                    year = Some(if width == 2 { 2000 + value } else { value });
                    rest = &rest[width..];
                }
                Part::Sequence(width) => {
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    if digits.len() < *width {
                        return None;
                    }
                    sequence = Some(digits.parse().ok()?);
                    rest = &rest[digits.len()..];
                }
            }
        }
        rest.is_empty().then_some((year, sequence?))
    }

    /// The reference with this year and sequence number.
    pub fn format(&self, year: i32, sequence: u32) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Literal(text) => text.clone(),
                Part::Year4 => format!("{year:04}"),
                Part::Year2 => format!("{:02}", year.rem_euclid(100)),
                Part::Sequence(width) => format!("{sequence:0width$}"),
            })
            .collect()
    }

    /// The next reference in `year`, after every existing reference of the scheme in that year.
    pub fn next(&self, year: i32, existing: &[String]) -> String {
        let has_year = self.parts.iter().any(|p| matches!(p, Part::Year4 | Part::Year2));
        let last = existing
            .iter()
            .filter_map(|r| self.read(r))
            .filter(|(y, _)| !has_year || *y == Some(year))
            .map(|(_, n)| n)
            .max()
            .unwrap_or(0);
        self.format(year, last.saturating_add(1))
    }
}

/// A reference must follow its issuing body's scheme, when the body has one.
pub fn check_reference(scheme: &ReferenceScheme, pattern: &str, reference: &str) -> Vec<RuleViolation> {
    if scheme.read(reference).is_some() {
        Vec::new()
    } else {
        vec![RuleViolation::new(
            "reference.scheme",
            "/reference",
            format!("the issuing body's references follow {pattern:?}"),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(p: &str) -> ReferenceScheme {
        ReferenceScheme::parse(p).expect("test scheme")
    }

    #[test]
    fn the_seed_schemes_read_and_format_their_references() {
        let pcc = scheme("PCC/D/{YYYY}/{NN}");
        assert_eq!(pcc.read("PCC/D/2017/05"), Some((Some(2017), 5)));
        assert_eq!(pcc.format(2017, 5), "PCC/D/2017/05");
        assert_eq!(pcc.read("PCC/D/2017/5"), None);
        assert_eq!(pcc.read("Decision 2015/30"), None);
        let cambs = scheme("CPCC {YYYY}-{NNN}");
        assert_eq!(cambs.read("CPCC 2015-025"), Some((Some(2015), 25)));
        assert_eq!(cambs.format(2015, 26), "CPCC 2015-026");
        assert_eq!(scheme("Decision {YYYY}/{NN}").read("Decision 2015/30"), Some((Some(2015), 30)));
    }

    #[test]
    fn a_two_digit_year_reads_as_this_century() {
        let short = scheme("PCC/{YY}/{NNN}");
        assert_eq!(short.read("PCC/17/005"), Some((Some(2017), 5)));
        assert_eq!(short.read("PCC/05/120"), Some((Some(2005), 120)));
        assert_eq!(short.format(2017, 5), "PCC/17/005");
        assert_eq!(short.next(2017, &["PCC/17/005".to_string(), "PCC/16/009".to_string()]), "PCC/17/006");
    }

    #[test]
    fn a_scheme_is_at_most_sixty_characters() {
        let sixty = format!("{}{{NN}}", "P".repeat(56));
        assert_eq!(sixty.chars().count(), 60);
        assert!(ReferenceScheme::parse(&sixty).is_ok());
        let refused = ReferenceScheme::parse(&format!("P{sixty}")).expect_err("61 characters");
        assert_eq!(
            (refused.rule, refused.pointer.as_str(), refused.message.as_str()),
            ("reference_scheme.invalid", "/pattern", "a scheme is at most 60 characters")
        );
    }

    #[test]
    fn the_next_reference_follows_the_last_of_its_year() {
        let pcc = scheme("PCC/D/{YYYY}/{NN}");
        let existing = vec!["PCC/D/2017/05".to_string(), "PCC/D/2016/11".to_string(), "other".to_string()];
        assert_eq!(pcc.next(2017, &existing), "PCC/D/2017/06");
        assert_eq!(pcc.next(2018, &existing), "PCC/D/2018/01");
        assert_eq!(scheme("AGG-{NNN}").next(2018, &["AGG-007".to_string()]), "AGG-008");
    }

    #[test]
    fn malformed_schemes_are_refused() {
        for bad in ["PCC/{YYYY}", "{NN}{N}", "PCC/{X}", "PCC/{NN", "PCC}/{NN}", "{YY}{YYYY}-{N}"] {
            assert!(ReferenceScheme::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(check_reference(&scheme("P/{NN}"), "P/{NN}", "Q/01")[0].rule, "reference.scheme");
        assert!(check_reference(&scheme("P/{NN}"), "P/{NN}", "P/01").is_empty());
    }
}
