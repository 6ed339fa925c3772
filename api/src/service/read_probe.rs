//! Whether a principal may read each of many records in turn (a page of search results, of the
//! change feed), decided by the same rule each record's read applies (its `*_resource`), with the
//! boards and meetings the records belong to loaded once for all of them instead of once per record:
//! a page of search results is mostly one board's decisions, minutes and agenda items.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use domain::access::{authorize, Action, Principal, Resource};
use persistence::boards::{
    agenda_item_store, decision_store, meeting_store, minutes_store, record_store, AgendaItemRow, BoardId, DecisionRow,
    MeetingId, MinutesRow,
};
use persistence::DbConnection;
use uuid::Uuid;

use crate::error::ApiError;
use crate::service::boards::BoardScope;
use crate::service::{decisions, events, meetings, minutes, records_of_decision};

pub struct ReadProbe<'p> {
    principal: &'p Principal,
    boards: HashMap<BoardId, BoardScope>,
    meeting_boards: HashMap<MeetingId, BoardId>,
    /// Answers learnt for many records at once ([`ReadProbe::learn`]), by kind and id.
    known: HashMap<(String, String), bool>,
    /// Rows of a board's records read for many records at once ([`ReadProbe::prefetch`]), each
    /// taken when its record is asked about.
    decisions: HashMap<Uuid, DecisionRow>,
    minutes: HashMap<Uuid, MinutesRow>,
    agenda_items: HashMap<Uuid, AgendaItemRow>,
}

impl<'p> ReadProbe<'p> {
    pub fn new(principal: &'p Principal) -> ReadProbe<'p> {
        ReadProbe {
            principal,
            boards: HashMap::new(),
            meeting_boards: HashMap::new(),
            known: HashMap::new(),
            decisions: HashMap::new(),
            minutes: HashMap::new(),
            agenda_items: HashMap::new(),
        }
    }

    /// Reads the rows of the decisions, minutes and agenda items among `records`, their meetings'
    /// boards and the boards' scopes, a statement per kind (a page of search results, twenty records,
    /// would otherwise cost a statement or two each); [`ReadProbe::may_read`] then decides each as
    /// before. Rows read are this probe's only.
    pub fn prefetch<'r>(
        &mut self,
        conn: &mut DbConnection,
        records: impl Iterator<Item = (&'r str, &'r str)>,
    ) -> Result<(), ApiError> {
        let (mut decisions, mut minutes, mut items) = (Vec::new(), Vec::new(), Vec::new());
        for (kind, id) in records {
            let Ok(id) = id.parse::<Uuid>() else { continue };
            match kind {
                "decision" if !self.decisions.contains_key(&id) => decisions.push(id.into()),
                "minutes" if !self.minutes.contains_key(&id) => minutes.push(id.into()),
                "agenda_item" if !self.agenda_items.contains_key(&id) => items.push(id.into()),
                _ => {}
            }
        }
        let mut meetings = Vec::new();
        let mut boards = Vec::new();
        for row in decision_store::find_many(conn, &decisions)? {
            boards.push(row.board_id);
            self.decisions.insert(row.id.uuid(), row);
        }
        for row in minutes_store::find_many(conn, &minutes)? {
            meetings.push(row.meeting_id);
            self.minutes.insert(row.id.uuid(), row);
        }
        for row in agenda_item_store::find_many(conn, &items)? {
            meetings.push(row.meeting_id);
            self.agenda_items.insert(row.id.uuid(), row);
        }
        meetings.retain(|m| !self.meeting_boards.contains_key(m));
        meetings.sort_unstable();
        meetings.dedup();
        for meeting in meeting_store::find_many(conn, &meetings)? {
            boards.push(meeting.board_id);
            self.meeting_boards.insert(meeting.id, meeting.board_id);
        }
        boards.sort_unstable();
        boards.dedup();
        for board in boards {
            // A board not there leaves its records unseen, as asking one at a time does.
            match self.board(conn, board) {
                Ok(_) | Err(ApiError::NotFound) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(())
    }

    /// Whether the principal may read the record of this kind (as the audit log names kinds) and id,
    /// as it stands now: the answer its read gives ([`events::may_see_record`] for the kinds not kept
    /// on a board's meetings).
    pub fn may_read(&mut self, conn: &mut DbConnection, kind: &str, id: &str) -> Result<bool, ApiError> {
        if let Some(known) = self.known.get(&(kind.to_string(), id.to_string())) {
            return Ok(*known);
        }
        match self.resource(conn, kind, id) {
            Ok(Some(resource)) => Ok(authorize(self.principal, Action::Read, &resource).is_ok()),
            Ok(None) => events::may_see_record(conn, self.principal, kind, id),
            // A record (or its meeting) not there is one nobody reads.
            Err(ApiError::NotFound) => Ok(false),
            Err(other) => Err(other),
        }
    }

    /// Asks about many records at once, a statement per kind seen as its list shows it (agreements,
    /// posts, appointments, boards), so that [`ReadProbe::may_read`] answers them without a statement
    /// each. Answers are for this probe's requests only: they are not kept beyond it.
    pub fn learn<'r>(
        &mut self,
        conn: &mut DbConnection,
        records: impl Iterator<Item = (&'r str, &'r str)>,
    ) -> Result<(), ApiError> {
        let mut by_kind: HashMap<&str, Vec<String>> = HashMap::new();
        for (kind, id) in records {
            by_kind.entry(kind).or_default().push(id.to_string());
        }
        for (kind, ids) in by_kind {
            let Some(visible) = events::visible_among(conn, self.principal, kind, &ids)? else { continue };
            let visible: std::collections::HashSet<String> = visible.into_iter().collect();
            for id in ids {
                let seen = visible.contains(&id);
                self.known.insert((kind.to_string(), id), seen);
            }
        }
        Ok(())
    }

    /// The policy's view of a record kept on a board's meetings, or of a record of decision; `None`
    /// for the other kinds.
    fn resource(&mut self, conn: &mut DbConnection, kind: &str, id: &str) -> Result<Option<Resource>, ApiError> {
        if kind == "record_of_decision" {
            let id = id.parse::<Uuid>().map_err(|_| ApiError::NotFound)?;
            let row = record_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?;
            return Ok(Some(records_of_decision::resource(conn, &row)?));
        }
        if !matches!(kind, "decision" | "minutes" | "agenda_item" | "meeting") {
            return Ok(None);
        }
        let id = id.parse::<Uuid>().map_err(|_| ApiError::NotFound)?;
        let resource = match kind {
            "decision" => {
                let row = match self.decisions.remove(&id) {
                    Some(row) => row,
                    None => decision_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?,
                };
                decisions::decision_resource(&row, self.board(conn, row.board_id)?)
            }
            "minutes" => {
                let row = match self.minutes.remove(&id) {
                    Some(row) => row,
                    None => minutes_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?,
                };
                minutes::minutes_resource(&row, self.meeting_board(conn, row.meeting_id)?)
            }
            "agenda_item" => {
                let item = match self.agenda_items.remove(&id) {
                    Some(item) => item,
                    None => agenda_item_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?,
                };
                meetings::meeting_resource(self.meeting_board(conn, item.meeting_id)?)
            }
            _ => meetings::meeting_resource(self.meeting_board(conn, id.into())?),
        };
        Ok(Some(resource))
    }

    fn board(&mut self, conn: &mut DbConnection, id: BoardId) -> Result<&BoardScope, ApiError> {
        match self.boards.entry(id) {
            Entry::Occupied(known) => Ok(known.into_mut()),
            Entry::Vacant(unknown) => Ok(unknown.insert(BoardScope::load(conn, id)?)),
        }
    }

    fn meeting_board(&mut self, conn: &mut DbConnection, id: MeetingId) -> Result<&BoardScope, ApiError> {
        let board_id = match self.meeting_boards.get(&id) {
            Some(board_id) => *board_id,
            None => {
                let meeting = meeting_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
                self.meeting_boards.insert(id, meeting.board_id);
                meeting.board_id
            }
        };
        self.board(conn, board_id)
    }
}
