//! `governance demo-data`: the registry built from the published governance papers in
//! `shared/seeds` (see `api/demo/registry.json` and the `source` of each entry). Loading is
//! idempotent: entries are matched by their natural keys and only missing ones are written, each
//! through the audited write path and the same registry rules the API enforces.

use std::collections::HashMap;

use chrono::NaiveDate;
use persistence::registry::*;
use persistence::{Change, Database, DbConnection, WriteContext};
use serde::Deserialize;

use crate::error::ApiError;
use crate::service::appointments::check_appointment_rules;

mod boards;

const REGISTRY_JSON: &str = include_str!("../demo/registry.json");
const DELEGATIONS_JSON: &str = include_str!("../demo/delegations.json");

/// The day every corporation sole of the 2011 Act came into being.
const PCC_ERA: &str = "2012-11-22";

#[derive(Deserialize)]
struct Registry {
    forces: Vec<DemoForce>,
    corporations_sole: Vec<DemoCorporationSole>,
    organisations: Vec<DemoOrganisation>,
    people: Vec<DemoPerson>,
    posts: Vec<DemoPost>,
    appointments: Vec<DemoAppointment>,
    collaborations: Vec<DemoCollaboration>,
}

#[derive(Deserialize)]
struct DemoForce {
    slug: String,
    name: String,
    police_area: String,
}

#[derive(Deserialize)]
struct DemoCorporationSole {
    slug: String,
    name: String,
    kind: String,
    force: Option<String>,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct DemoOrganisation {
    slug: String,
    name: String,
    kind: String,
    corporation_sole: Option<String>,
    force: Option<String>,
}

#[derive(Deserialize)]
struct DemoPerson {
    key: String,
    full_name: String,
}

#[derive(Deserialize)]
struct DemoPost {
    key: String,
    organisation: String,
    title: String,
    statutory_roles: Vec<domain::registry::StatutoryRole>,
    single_holder: bool,
    public: bool,
}

#[derive(Deserialize)]
struct DemoAppointment {
    person: String,
    post: Option<String>,
    corporation_sole: Option<String>,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    basis: String,
}

#[derive(Deserialize)]
struct DemoCollaboration {
    slug: String,
    name: String,
    description: String,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    members: Vec<DemoMember>,
}

#[derive(Deserialize)]
struct DemoMember {
    corporation_sole: String,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
}

/// How many entries a load wrote (zero on a second run).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LoadReport {
    pub written: usize,
    pub already_present: usize,
}

struct Loader<'a> {
    db: &'a Database,
    context: WriteContext,
    report: LoadReport,
}

fn change(resource_type: &'static str, id: &str, body: String) -> Change {
    Change {
        action: "create",
        resource_type,
        resource_id: id.to_string(),
        version: Some(1),
        status: 201,
        body,
        etag: None,
        location: None,
        related: Vec::new(),
    }
}

fn lookup<'m>(map: &'m HashMap<String, String>, key: &str, what: &str) -> Result<&'m String, ApiError> {
    map.get(key).ok_or_else(|| ApiError::Internal(format!("demo data names an unknown {what} {key:?}")))
}

impl Loader<'_> {
    /// Writes one entry unless `existing` finds it; returns its id either way.
    pub(crate) fn ensure<R: serde::Serialize>(
        &mut self,
        resource_type: &'static str,
        existing: impl FnOnce(&mut DbConnection) -> Result<Option<String>, ApiError>,
        build: impl FnOnce(&mut DbConnection) -> Result<(String, R), ApiError>,
        insert: impl FnOnce(&mut DbConnection, &R) -> Result<(), ApiError>,
    ) -> Result<String, ApiError> {
        let found = self.db.read(|conn| existing(conn))?;
        if let Some(id) = found {
            self.report.already_present += 1;
            return Ok(id);
        }
        let written = self.db.write(&self.context, |tx| {
            let (id, row) = build(tx)?;
            insert(tx, &row)?;
            let body = serde_json::to_string(&row).map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok::<_, ApiError>(change(resource_type, &id, body))
        })?;
        self.report.written += 1;
        Ok(written.resource_id)
    }
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Loads the demo registry into `db`; safe to run again.
pub fn load(db: &Database) -> Result<LoadReport, ApiError> {
    let registry: Registry =
        serde_json::from_str(REGISTRY_JSON).map_err(|e| ApiError::Internal(format!("demo registry: {e}")))?;
    let mut loader = Loader {
        db,
        context: WriteContext {
            actor: "demo-data".into(),
            organisation_id: None,
            request_id: "demo-data".into(),
            idempotency: None,
        },
        report: LoadReport::default(),
    };
    let now = persistence::audit::now();
    let pcc_era = NaiveDate::parse_from_str(PCC_ERA, "%Y-%m-%d").map_err(|e| ApiError::Internal(e.to_string()))?;

    let mut forces = HashMap::new();
    for force in &registry.forces {
        let id = loader.ensure(
            "force",
            |c| Ok(find_force_by_slug(c, &force.slug)?.map(|r| r.id)),
            |_| {
                let row = ForceRow {
                    id: new_id(),
                    slug: force.slug.clone(),
                    name: force.name.clone(),
                    police_area: force.police_area.clone(),
                    ends_on: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                Ok((row.id.clone(), row))
            },
            |c, row| Ok(force_store::insert(c, row)?),
        )?;
        forces.insert(force.slug.clone(), id);
    }

    let mut offices = HashMap::new();
    for office in &registry.corporations_sole {
        let force_id = office.force.as_deref().map(|f| lookup(&forces, f, "force").cloned()).transpose()?;
        let id = loader.ensure(
            "corporation_sole",
            |c| Ok(find_corporation_sole_by_slug(c, &office.slug)?.map(|r| r.id)),
            |_| {
                let row = CorporationSoleRow {
                    id: new_id(),
                    slug: office.slug.clone(),
                    name: office.name.clone(),
                    kind: office.kind.clone(),
                    force_id,
                    starts_on: office.starts_on,
                    ends_on: office.ends_on,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                Ok((row.id.clone(), row))
            },
            |c, row| Ok(corporation_sole_store::insert(c, row)?),
        )?;
        offices.insert(office.slug.clone(), id);
    }

    let mut organisations = HashMap::new();
    let mut serving = HashMap::new();
    for org in &registry.organisations {
        let corporation_sole_id =
            org.corporation_sole.as_deref().map(|s| lookup(&offices, s, "corporation sole").cloned()).transpose()?;
        let force_id = org.force.as_deref().map(|f| lookup(&forces, f, "force").cloned()).transpose()?;
        let id = loader.ensure(
            "organisation",
            |c| Ok(find_organisation_by_slug(c, &org.slug)?.map(|r| r.id)),
            |_| {
                let row = OrganisationRow {
                    id: new_id(),
                    slug: org.slug.clone(),
                    name: org.name.clone(),
                    kind: org.kind.clone(),
                    corporation_sole_id: corporation_sole_id.clone(),
                    force_id,
                    ends_on: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                Ok((row.id.clone(), row))
            },
            |c, row| Ok(organisation_store::insert(c, row)?),
        )?;
        if let Some(cs) = &org.corporation_sole {
            serving.insert(cs.clone(), id.clone());
        }
        organisations.insert(org.slug.clone(), id);
    }
    let platform = lookup(&organisations, "governance-service", "organisation")?.clone();

    // A person is managed by the organisation of their first post (or the office's organisation).
    let post_organisation: HashMap<&str, &str> =
        registry.posts.iter().map(|p| (p.key.as_str(), p.organisation.as_str())).collect();
    let mut people = HashMap::new();
    for person in &registry.people {
        let first = registry.appointments.iter().find(|a| a.person == person.key);
        let managing = match first {
            Some(DemoAppointment { post: Some(post), .. }) => {
                let org = post_organisation.get(post.as_str()).copied().unwrap_or("governance-service");
                lookup(&organisations, org, "organisation")?.clone()
            }
            Some(DemoAppointment { corporation_sole: Some(cs), .. }) => {
                serving.get(cs).cloned().unwrap_or_else(|| platform.clone())
            }
            _ => platform.clone(),
        };
        let id = loader.ensure(
            "person",
            |c| Ok(find_person_by_name(c, &person.full_name)?.map(|r| r.id)),
            |_| {
                let row = PersonRow {
                    id: new_id(),
                    full_name: person.full_name.clone(),
                    managing_organisation_id: managing,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                Ok((row.id.clone(), row))
            },
            |c, row| Ok(person_store::insert(c, row)?),
        )?;
        people.insert(person.key.clone(), id);
    }

    let mut posts = HashMap::new();
    for post in &registry.posts {
        let organisation_id = lookup(&organisations, &post.organisation, "organisation")?.clone();
        let starts_on = registry
            .appointments
            .iter()
            .filter(|a| a.post.as_deref() == Some(post.key.as_str()))
            .map(|a| a.starts_on)
            .min()
            .map_or(pcc_era, |first| first.min(pcc_era));
        let org_for_lookup = organisation_id.clone();
        let id = loader.ensure(
            "post",
            |c| Ok(find_post_by_title(c, &org_for_lookup, &post.title)?.map(|r| r.id)),
            |_| {
                domain::registry::check_post_roles(&post.statutory_roles)
                    .is_empty()
                    .then_some(())
                    .ok_or_else(|| ApiError::Internal(format!("demo post {} breaks R-OR-01", post.key)))?;
                let row = PostRow {
                    id: new_id(),
                    organisation_id,
                    title: post.title.clone(),
                    statutory_roles: domain::registry::join_roles(&post.statutory_roles),
                    single_holder: post.single_holder,
                    public: post.public,
                    starts_on,
                    ends_on: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                Ok((row.id.clone(), row))
            },
            |c, row| Ok(post_store::insert(c, row)?),
        )?;
        posts.insert(post.key.clone(), id);
    }

    for appointment in &registry.appointments {
        let person_id = lookup(&people, &appointment.person, "person")?.clone();
        let post_id = appointment.post.as_deref().map(|p| lookup(&posts, p, "post").cloned()).transpose()?;
        let corporation_sole_id = appointment
            .corporation_sole
            .as_deref()
            .map(|s| lookup(&offices, s, "corporation sole").cloned())
            .transpose()?;
        let (check_person, check_post, check_office) =
            (person_id.clone(), post_id.clone(), corporation_sole_id.clone());
        loader.ensure(
            "appointment",
            |c| {
                Ok(appointments_to(c, check_post.as_deref(), check_office.as_deref())?
                    .into_iter()
                    .find(|a| a.person_id == check_person && a.starts_on == appointment.starts_on)
                    .map(|a| a.id))
            },
            |c| {
                let row = AppointmentRow {
                    id: new_id(),
                    person_id,
                    post_id,
                    corporation_sole_id,
                    basis: appointment.basis.clone(),
                    starts_on: appointment.starts_on,
                    ends_on: appointment.ends_on,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                check_appointment_rules(c, &row)?;
                Ok((row.id.clone(), row))
            },
            |c, row| Ok(appointment_store::insert(c, row)?),
        )?;
    }

    let mut collaborations = HashMap::new();
    for collaboration in &registry.collaborations {
        let collaboration_id = loader.ensure(
            "collaboration",
            |c| Ok(find_collaboration_by_slug(c, &collaboration.slug)?.map(|r| r.id)),
            |_| {
                let row = CollaborationRow {
                    id: new_id(),
                    slug: collaboration.slug.clone(),
                    name: collaboration.name.clone(),
                    description: collaboration.description.clone(),
                    starts_on: collaboration.starts_on,
                    ends_on: collaboration.ends_on,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                Ok((row.id.clone(), row))
            },
            |c, row| Ok(collaboration_store::insert(c, row)?),
        )?;
        collaborations.insert(collaboration.slug.clone(), collaboration_id.clone());
        for member in &collaboration.members {
            let office = lookup(&offices, &member.corporation_sole, "corporation sole")?.clone();
            let (check_collaboration, check_office) = (collaboration_id.clone(), office.clone());
            loader.ensure(
                "collaboration_member",
                |c| {
                    Ok(collaboration_members_of(c, &check_collaboration, None)?
                        .into_iter()
                        .find(|m| m.corporation_sole_id == check_office && m.starts_on == member.starts_on)
                        .map(|m| m.id))
                },
                |_| {
                    let row = CollaborationMemberRow {
                        id: new_id(),
                        collaboration_id: collaboration_id.clone(),
                        corporation_sole_id: office,
                        starts_on: member.starts_on,
                        ends_on: member.ends_on,
                        version: 1,
                        created_at: now,
                        updated_at: now,
                    };
                    Ok((row.id.clone(), row))
                },
                |c, row| Ok(collaboration_member_store::insert(c, row)?),
            )?;
        }
    }
    let (written, present) = crate::demo_agreements::load(db, &loader.context)?;
    loader.report.written += written;
    loader.report.already_present += present;
    load_delegations(&mut loader, &offices, &posts)?;
    let keys = boards::Keys {
        people: &people,
        offices: &offices,
        organisations: &organisations,
        collaborations: &collaborations,
    };
    boards::load(&mut loader, &keys)?;
    Ok(loader.report)
}

#[derive(Deserialize)]
struct Delegations {
    schemes: Vec<DemoScheme>,
    delegations: Vec<DemoDelegation>,
}

#[derive(Deserialize)]
struct DemoScheme {
    key: String,
    corporation_sole: String,
    kind: domain::delegations::DelegationKind,
    title: String,
    scheme_version: String,
    adopted_on: NaiveDate,
    adopted_by_reference: String,
}

#[derive(Deserialize)]
struct DemoDelegation {
    kind: domain::delegations::DelegationKind,
    corporation_sole: String,
    delegate_corporation_sole: Option<String>,
    delegate_post: Option<String>,
    functions: Vec<String>,
    limit_per_act_pence: Option<i64>,
    limit_total_pence: Option<i64>,
    #[serde(default)]
    referral_conditions: Vec<domain::delegations::ReferralCondition>,
    #[serde(default)]
    refer_to: Vec<String>,
    valid_from: NaiveDate,
    scheme: Option<String>,
    reference: Option<String>,
    paragraph: Option<String>,
    illustrative: bool,
}

fn parse_id(text: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(text).map_err(|e| ApiError::Internal(format!("demo id {text:?}: {e}")))
}

/// The demo schemes, delegations and consents (`api/demo/delegations.json`), each checked by the
/// same R-DL rules as the API and written through the audited path.
fn load_delegations(
    loader: &mut Loader<'_>,
    offices: &HashMap<String, String>,
    posts: &HashMap<String, String>,
) -> Result<(), ApiError> {
    use openapi::delegations::{NewDelegation, PartyRef, SourceInstrument};
    use persistence::delegations::{
        delegation_store, find_delegation_like, find_scheme_version, scheme_store, SchemeRow,
    };

    let data: Delegations =
        serde_json::from_str(DELEGATIONS_JSON).map_err(|e| ApiError::Internal(format!("demo delegations: {e}")))?;
    let now = persistence::audit::now();
    let mut schemes = HashMap::new();
    for scheme in &data.schemes {
        let office = lookup(offices, &scheme.corporation_sole, "corporation sole")?.clone();
        let id = loader.ensure(
            "scheme",
            |c| Ok(find_scheme_version(c, &office, &scheme.title, &scheme.scheme_version)?.map(|r| r.id)),
            |_| {
                let row = SchemeRow {
                    id: new_id(),
                    corporation_sole_id: office.clone(),
                    kind: scheme.kind.as_str().to_string(),
                    title: scheme.title.clone(),
                    scheme_version: scheme.scheme_version.clone(),
                    adopted_on: scheme.adopted_on,
                    adopted_by_reference: scheme.adopted_by_reference.clone(),
                    document_uri: None,
                    document_digest: None,
                    supersedes_scheme_id: None,
                    superseded_on: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                Ok((row.id.clone(), row))
            },
            |c, row| Ok(scheme_store::insert(c, row)?),
        )?;
        schemes.insert(scheme.key.clone(), id);
    }
    for delegation in &data.delegations {
        let office = lookup(offices, &delegation.corporation_sole, "corporation sole")?.clone();
        let delegate = match (&delegation.delegate_corporation_sole, &delegation.delegate_post) {
            (Some(cs), None) => PartyRef {
                kind: domain::delegations::DelegateKind::CorporationSole,
                id: parse_id(lookup(offices, cs, "corporation sole")?)?,
            },
            (None, Some(post)) => {
                PartyRef { kind: domain::delegations::DelegateKind::Post, id: parse_id(lookup(posts, post, "post")?)? }
            }
            _ => return Err(ApiError::Internal("a demo delegation names one delegate".into())),
        };
        let refer_to = delegation
            .refer_to
            .iter()
            .map(|slug| parse_id(lookup(offices, slug, "corporation sole")?))
            .collect::<Result<Vec<_>, _>>()?;
        let scheme_id = delegation
            .scheme
            .as_deref()
            .map(|k| lookup(&schemes, k, "scheme").and_then(|id| parse_id(id)))
            .transpose()?;
        let new = NewDelegation {
            kind: delegation.kind,
            corporation_sole_id: parse_id(&office)?,
            parent_delegation_id: None,
            delegate,
            functions: delegation.functions.clone(),
            limit_per_act_pence: delegation.limit_per_act_pence,
            limit_total_pence: delegation.limit_total_pence,
            currency: openapi::delegations::Currency::Gbp,
            referral_conditions: delegation.referral_conditions.clone(),
            refer_to,
            valid_from: delegation.valid_from,
            valid_to: None,
            source: SourceInstrument {
                scheme_id,
                reference: delegation.reference.clone(),
                paragraph: delegation.paragraph.clone(),
            },
            sub_delegation_allowed: false,
            illustrative: delegation.illustrative,
        };
        let (kind, id) = (delegate.kind.as_str(), delegate.id.to_string());
        let functions = delegation.functions.join(",");
        loader.ensure(
            "delegation",
            |c| Ok(find_delegation_like(c, &office, (kind, &id), &functions, delegation.valid_from)?.map(|r| r.id)),
            |c| {
                let row = crate::service::delegations::prepare_delegation(c, new)?;
                Ok((row.id.clone(), row))
            },
            |c, row| Ok(delegation_store::insert(c, row)?),
        )?;
    }
    Ok(())
}

/// Whether the database holds no registry yet (for `serve --demo`).
pub fn is_empty(db: &Database) -> Result<bool, ApiError> {
    db.read(|conn| {
        let page = list_forces(conn, &ForceFilter::default(), &PageRequest { after: None, limit: 1 })?;
        Ok(page.items.is_empty())
    })
}
