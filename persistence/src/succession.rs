//! Storage for transfer orders, and the reads their impact report makes: what a predecessor
//! corporation sole is party to, made, received, owns and is represented on.

use diesel::prelude::*;
use domain::boards::ActionStatus;
use domain::delegations::DelegateKind;
use domain::succession::TransferStatus;

use crate::agreements::PartyRow;
use crate::boards::{ActionRow, BoardOwnerRow, MembershipRow};
use crate::delegations::{DelegationRow, SchemeRow};
pub use crate::ids::TransferOrderId;
use crate::ids::{CorporationSoleId, PersonId, PostId};
use crate::registry::PostRow;
use crate::repository::{page_of, paginate, row, versioned_repository, PageRequest};
use crate::schema::*;
use crate::{DbConnection, Page, StoreError};

type Date = chrono::NaiveDate;

row!(TransferOrderRow(TransferOrderId) => transfer_orders {
    citation: String, title: String, made_on: Date, in_force_on: Date, successor_id: CorporationSoleId,
    /// Comma-separated corporation sole ids, in the order's own order.
    predecessor_ids: String,
    #[diesel(serialize_as = String, deserialize_as = String)] status: TransferStatus,
    preview_digest: Option<String>, previewed_at: Option<chrono::NaiveDateTime>,
    executed_at: Option<chrono::NaiveDateTime>,
    /// The impact report the execution carried out, as JSON.
    executed_report: Option<String>,
    /// Whether the order created its successor rather than naming one already recorded.
    successor_created: bool,
});

versioned_repository!(transfer_order_store, transfer_orders, TransferOrderRow, TransferOrderId);

pub fn list_transfer_orders(conn: &mut DbConnection, page: &PageRequest) -> Result<Page<TransferOrderRow>, StoreError> {
    let mut query = transfer_orders::table.select(TransferOrderRow::as_select()).into_boxed();
    let rows = paginate!(query, transfer_orders, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// The parties of every agreement the corporation sole is (still) party to, in agreement and
/// position order (a subquery, so no list of ids is bound however many there are).
pub fn parties_of_agreements_with(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
) -> Result<Vec<PartyRow>, StoreError> {
    let mine = diesel::alias!(agreement_parties as mine);
    let with_party = mine
        .filter(mine.field(agreement_parties::corporation_sole_id).eq(corporation_sole_id))
        .filter(mine.field(agreement_parties::withdrawn_on).is_null())
        .select(mine.field(agreement_parties::agreement_id));
    Ok(agreement_parties::table
        .filter(agreement_parties::agreement_id.eq_any(with_party))
        .select(PartyRow::as_select())
        .order((agreement_parties::agreement_id.asc(), agreement_parties::position.asc()))
        .load(conn)?)
}

/// Delegations and consents made to the corporation sole itself (it is the delegate).
pub fn delegations_received(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
) -> Result<Vec<DelegationRow>, StoreError> {
    Ok(delegations::table
        .filter(delegations::delegate_kind.eq(DelegateKind::CorporationSole.as_str()))
        .filter(delegations::delegate_id.eq(corporation_sole_id))
        .select(DelegationRow::as_select())
        .order(delegations::id.asc())
        .load(conn)?)
}

/// The scheme versions of a corporation sole not yet replaced.
pub fn current_schemes(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
) -> Result<Vec<SchemeRow>, StoreError> {
    Ok(schemes::table
        .filter(schemes::corporation_sole_id.eq(corporation_sole_id))
        .filter(schemes::superseded_on.is_null())
        .select(SchemeRow::as_select())
        .order(schemes::id.asc())
        .load(conn)?)
}

/// The boards a corporation sole owns (with the other owners' rows left out).
pub fn boards_owned(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
) -> Result<Vec<BoardOwnerRow>, StoreError> {
    Ok(board_owners::table
        .filter(board_owners::corporation_sole_id.eq(corporation_sole_id))
        .select(BoardOwnerRow::as_select())
        .order(board_owners::id.asc())
        .load(conn)?)
}

/// Memberships representing a corporation sole that run on or past `day`.
pub fn memberships_representing(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
    day: Date,
) -> Result<Vec<MembershipRow>, StoreError> {
    Ok(board_memberships::table
        .filter(board_memberships::corporation_sole_id.eq(corporation_sole_id))
        .filter(board_memberships::ends_on.is_null().or(board_memberships::ends_on.ge(day)))
        .select(MembershipRow::as_select())
        .order(board_memberships::id.asc())
        .load(conn)?)
}

/// Open actions owned by any of `posts`.
pub fn open_actions_of_posts(conn: &mut DbConnection, posts: &[PostId]) -> Result<Vec<ActionRow>, StoreError> {
    let owned = action_owners::table.filter(action_owners::post_id.eq_any(posts)).select(action_owners::action_id);
    Ok(board_actions::table
        .filter(board_actions::id.eq_any(owned))
        .filter(board_actions::status.eq(ActionStatus::Open.as_str()))
        .select(ActionRow::as_select())
        .order(board_actions::id.asc())
        .load(conn)?)
}

/// The posts of every organisation serving a corporation sole.
pub fn posts_serving(
    conn: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
) -> Result<Vec<PostRow>, StoreError> {
    let serving = organisations::table
        .filter(organisations::corporation_sole_id.eq(corporation_sole_id))
        .select(organisations::id);
    Ok(posts::table.filter(posts::organisation_id.eq_any(serving)).select(PostRow::as_select()).load(conn)?)
}

/// Memberships held by one person that run on or past `day`.
pub fn memberships_of_person(
    conn: &mut DbConnection,
    person_id: PersonId,
    day: Date,
) -> Result<Vec<MembershipRow>, StoreError> {
    Ok(board_memberships::table
        .filter(board_memberships::person_id.eq(person_id))
        .filter(board_memberships::ends_on.is_null().or(board_memberships::ends_on.ge(day)))
        .select(MembershipRow::as_select())
        .order(board_memberships::id.asc())
        .load(conn)?)
}
