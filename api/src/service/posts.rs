//! Posts: the policy's view of a post.

use chrono::NaiveDate;
use domain::access::{list_scope, Action, Principal, Resource, ResourceKind};
use domain::registry::{check_post_roles, join_roles};
use domain::rules::check_text;
use openapi::registry::{NewPost, Post, PostList, PostUpdate};
use persistence::ids::{OrganisationId, PostId};
use persistence::registry::{organisation_store, post_store, PageRequest, PostFilter, PostRow};
use persistence::{registry as store, Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::appointments::check_appointment_rules;
use crate::service::{allow, end_period, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Post;

/// The policy's view of a post: owned by its organisation, public or internal.
pub fn resource(row: &PostRow) -> Result<Resource, ApiError> {
    Ok(Resource { kind: KIND, owner: Some(row.organisation_id.uuid()), parties: Vec::new(), public: row.public })
}

pub fn create_post(tx: &mut DbConnection, principal: &Principal, new: NewPost) -> Result<Change, ApiError> {
    let organisation_id = OrganisationId::from(new.organisation_id);
    organisation_store::find(tx, organisation_id)?
        .ok_or_else(|| ApiError::unknown_reference("/organisation_id", "organisation"))?;
    allow(
        principal,
        Action::Create,
        &Resource { kind: KIND, owner: Some(new.organisation_id), parties: Vec::new(), public: new.public },
    )?;
    refuse_if_any([check_text(&new.title, "/title", 200), check_post_roles(&new.statutory_roles)])?;
    let now = persistence::audit::now();
    let row = PostRow {
        id: PostId::generate(),
        organisation_id,
        title: new.title,
        statutory_roles: join_roles(&new.statutory_roles),
        single_holder: new.single_holder,
        public: new.public,
        starts_on: new.starts_on,
        ends_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    post_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/posts/{}", row.id);
    versioned_change("create", KIND, row.id, row.version, &convert::post(row)?, Some(location))
}

pub fn update_post(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: PostUpdate,
) -> Result<Change, ApiError> {
    let id = PostId::from(id);
    let mut row = post_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &resource(&row)?)?;
    if let Some(title) = patch.title {
        refuse_if_any([check_text(&title, "/title", 200)])?;
        row.title = title;
    }
    if let Some(roles) = &patch.statutory_roles {
        refuse_if_any([check_post_roles(roles)])?;
        row.statutory_roles = join_roles(roles);
    }
    if let Some(single) = patch.single_holder {
        row.single_holder = single;
    }
    if let Some(public) = patch.public {
        row.public = public;
    }
    save(tx, &mut row, expected, post_store::update_versioned)?;
    // New roles or a new single-holder flag must still hold for everyone appointed to the post.
    if patch.statutory_roles.is_some() || patch.single_holder == Some(true) {
        for appointment in store::appointments_to(tx, Some(row.id), None)? {
            check_appointment_rules(tx, &appointment)?;
        }
    }
    versioned_change("update", KIND, row.id, row.version, &convert::post(row)?, None)
}

pub fn list_posts(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: PostFilter,
) -> Result<PostList, ApiError> {
    let scope = list_scope(principal, KIND)?;
    let page = store::list_posts(conn, scope, &filter, &page)?;
    Ok(PostList {
        items: page.items.into_iter().map(convert::post).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_post(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Post, ApiError> {
    let id = PostId::from(id);
    let row = post_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Read, &resource(&row)?)?;
    convert::post(row)
}

pub fn end_post(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    ends_on: NaiveDate,
) -> Result<Change, ApiError> {
    let id = PostId::from(id);
    let mut row = post_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::End, &resource(&row)?)?;
    end_period(Some(row.starts_on), ends_on)?;
    row.ends_on = Some(ends_on);
    save(tx, &mut row, expected, post_store::update_versioned)?;
    versioned_change("end", KIND, row.id, row.version, &convert::post(row)?, None)
}
