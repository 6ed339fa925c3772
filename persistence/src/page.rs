//! Keyset pagination: an opaque cursor holding the last id served; never OFFSET.

/// A page of rows and the cursor for the next one.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<Cursor>,
}

/// The position after which the next page starts (the last id of the previous page).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor(pub String);

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows: the extra row only proves there is more.
    pub fn from_overfetch(mut rows: Vec<T>, limit: usize, key: impl Fn(&T) -> String) -> Page<T> {
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_cursor = if more { rows.last().map(|row| Cursor(key(row))) } else { None };
        Page { items: rows, next_cursor }
    }

    /// One page of rows already in memory (a list computed as at a day, not filtered in SQL): the
    /// rows after the cursor in key order, as a keyset page would give them.
    pub fn of_computed(mut rows: Vec<T>, after: Option<&Cursor>, limit: usize, key: impl Fn(&T) -> String) -> Page<T> {
        rows.sort_by_key(|row| key(row));
        if let Some(Cursor(after)) = after {
            rows.retain(|row| key(row).as_str() > after.as_str());
        }
        Page::from_overfetch(rows, limit, key)
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), next_cursor: self.next_cursor }
    }
}
