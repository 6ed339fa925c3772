//! `governance demo-data`: the registry built from the published governance papers in
//! `shared/seeds` (see `api/demo/registry.json` and the `source` of each entry). Loading is
//! idempotent: entries are matched by their natural keys and only missing ones are written, each
//! by the use case a client would call (`crate::service`), as a principal the policy lets make it,
//! through the audited write (`Database::write`): the demo data passes every rule the API
//! enforces and appears in the audit chain and the change feed.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::access::{Principal, Role};
use openapi::registry::{
    AppointmentBasis, CorporationSoleKind, NewAppointment, NewCollaboration, NewCollaborationMember,
    NewCorporationSole, NewForce, NewOrganisation, NewPerson, NewPost, OrganisationKind,
};
use persistence::registry::*;
use persistence::{Change, Database, DbConnection, WriteContext};
use serde::Deserialize;

use crate::error::ApiError;
use crate::service;

mod agreements;
mod boards;
mod forward_plan;
mod interests;

const REGISTRY_JSON: &str = include_str!("../../../demo/registry.json");
const DELEGATIONS_JSON: &str = include_str!("../../../demo/delegations.json");

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
    kind: CorporationSoleKind,
    force: Option<String>,
    starts_on: NaiveDate,
}

#[derive(Deserialize)]
struct DemoOrganisation {
    slug: String,
    name: String,
    kind: OrganisationKind,
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
    basis: AppointmentBasis,
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

/// Who the demo data acts as: the platform's administrator for the shared registry, an
/// organisation's own administrator or secretary for its records, and a named office holder for
/// an act of a corporation sole (the policy lets no platform role act for one).
pub(crate) fn seed_principal(
    organisation_id: Option<&str>,
    roles: &[Role],
    person_id: Option<&str>,
) -> Result<Principal, ApiError> {
    Ok(Principal {
        subject: ACTOR.into(),
        organisation_id: organisation_id.map(parse_id).transpose()?,
        organisation_slug: None,
        roles: roles.to_vec(),
        person_id: person_id.map(parse_id).transpose()?,
    })
}

/// The audit actor of every demo change.
const ACTOR: &str = "demo-data";

pub(crate) struct Loader<'a> {
    pub(crate) db: &'a Database,
    report: LoadReport,
}

fn lookup<'m, V>(map: &'m HashMap<String, V>, key: &str, what: &str) -> Result<&'m V, ApiError> {
    map.get(key).ok_or_else(|| ApiError::Internal(format!("demo data names an unknown {what} {key:?}")))
}

impl Loader<'_> {
    /// Runs one use case as `principal` through the audited write (as a handler does), unless
    /// `existing` finds its result already stored; returns the id either way (the created
    /// resource's id, or the parent's for a use case that answers with its parent).
    pub(crate) fn ensure(
        &mut self,
        principal: &Principal,
        existing: impl FnOnce(&mut DbConnection) -> Result<Option<String>, ApiError>,
        use_case: impl FnOnce(&mut DbConnection, &Principal) -> Result<Change, ApiError>,
    ) -> Result<String, ApiError> {
        if let Some(id) = self.db.read(|conn| existing(conn))? {
            self.report.already_present += 1;
            return Ok(id);
        }
        let written = self.run(principal, use_case)?;
        Ok(written.resource_id)
    }

    /// [`Loader::ensure`] with a typed id: `existing` finds the record the use case answers with
    /// (the created one, or the parent for a use case that answers with its parent).
    pub(crate) fn ensure_typed<Id: From<uuid::Uuid>>(
        &mut self,
        principal: &Principal,
        existing: impl FnOnce(&mut DbConnection) -> Result<Option<Id>, ApiError>,
        use_case: impl FnOnce(&mut DbConnection, &Principal) -> Result<Change, ApiError>,
    ) -> Result<Id, ApiError> {
        if let Some(id) = self.db.read(|conn| existing(conn))? {
            self.report.already_present += 1;
            return Ok(id);
        }
        let written = self.run(principal, use_case)?;
        parse_id(&written.resource_id).map(Id::from)
    }

    /// Runs one use case as `principal` through the audited write.
    pub(crate) fn run(
        &mut self,
        principal: &Principal,
        use_case: impl FnOnce(&mut DbConnection, &Principal) -> Result<Change, ApiError>,
    ) -> Result<Change, ApiError> {
        let context = WriteContext {
            actor: principal.subject.clone(),
            organisation_id: principal.organisation_id.map(|id| id.to_string()),
            request_id: ACTOR.into(),
            idempotency: None,
        };
        let change = self.db.write(&context, |tx| use_case(tx, principal))?;
        self.report.written += 1;
        Ok(change)
    }
}

/// Ids by demo key (slug or key), as the loader made or found them.
type Ids = HashMap<String, String>;

/// Loads the demo registry into `db`; safe to run again.
pub fn load(db: &Database) -> Result<LoadReport, ApiError> {
    let registry: Registry =
        serde_json::from_str(REGISTRY_JSON).map_err(|e| ApiError::Internal(format!("demo registry: {e}")))?;
    let mut loader = Loader { db, report: LoadReport::default() };
    // The platform organisation does not exist until it is loaded: its administrator acts without one.
    let founder = seed_principal(None, &[Role::SystemAdmin], None)?;
    let forces = load_forces(&mut loader, &founder, &registry)?;
    let offices = load_offices(&mut loader, &founder, &registry, &forces)?;
    let (organisations, serving) = load_organisations(&mut loader, &founder, &registry, &forces, &offices)?;
    let platform_id = lookup(&organisations, "governance-service", "organisation")?.clone();
    let platform = seed_principal(Some(&platform_id), &[Role::SystemAdmin], None)?;
    let people = load_people(&mut loader, &registry, &organisations, &serving, &platform_id)?;
    let posts = load_posts(&mut loader, &registry, &organisations)?;
    load_appointments(&mut loader, &platform, &registry, (&people, &posts, &offices))?;
    let collaborations = load_collaborations(&mut loader, &platform, &registry, &offices)?;
    let agreement_keys = agreements::Keys {
        forces: &forces,
        offices: &offices,
        organisations: &organisations,
        collaborations: &collaborations,
    };
    agreements::load(&mut loader, &agreement_keys)?;
    load_delegations(&mut loader, (&offices, &posts, &collaborations))?;
    let keys = boards::Keys {
        people: &people,
        offices: &offices,
        organisations: &organisations,
        collaborations: &collaborations,
    };
    boards::load(&mut loader, &keys)?;
    interests::load(&mut loader, &keys)?;
    Ok(loader.report)
}

fn load_forces(loader: &mut Loader, founder: &Principal, registry: &Registry) -> Result<Ids, ApiError> {
    let mut forces = HashMap::new();
    for force in &registry.forces {
        let new =
            NewForce { slug: force.slug.clone(), name: force.name.clone(), police_area: force.police_area.clone() };
        let id = loader.ensure(
            founder,
            |c| Ok(find_force_by_slug(c, &force.slug)?.map(|r| r.id.to_string())),
            |tx, principal| service::forces::create_force(tx, principal, new),
        )?;
        forces.insert(force.slug.clone(), id);
    }

    Ok(forces)
}

fn load_offices(loader: &mut Loader, founder: &Principal, registry: &Registry, forces: &Ids) -> Result<Ids, ApiError> {
    let mut offices = HashMap::new();
    for office in &registry.corporations_sole {
        let force_id =
            office.force.as_deref().map(|f| lookup(forces, f, "force").and_then(|id| parse_id(id))).transpose()?;
        let new = NewCorporationSole {
            slug: office.slug.clone(),
            name: office.name.clone(),
            kind: office.kind,
            force_id,
            starts_on: office.starts_on,
        };
        let id = loader.ensure(
            founder,
            |c| Ok(find_corporation_sole_by_slug(c, &office.slug)?.map(|r| r.id.to_string())),
            |tx, principal| service::corporations_sole::create_corporation_sole(tx, principal, new),
        )?;
        offices.insert(office.slug.clone(), id);
    }

    Ok(offices)
}

/// The organisations, and which organisation serves each corporation sole (by its slug).
fn load_organisations(
    loader: &mut Loader,
    founder: &Principal,
    registry: &Registry,
    forces: &Ids,
    offices: &Ids,
) -> Result<(Ids, Ids), ApiError> {
    let mut organisations = HashMap::new();
    let mut serving = HashMap::new();
    for org in &registry.organisations {
        let corporation_sole_id = org
            .corporation_sole
            .as_deref()
            .map(|s| lookup(offices, s, "corporation sole").and_then(|id| parse_id(id)))
            .transpose()?;
        let force_id =
            org.force.as_deref().map(|f| lookup(forces, f, "force").and_then(|id| parse_id(id))).transpose()?;
        let new = NewOrganisation {
            slug: org.slug.clone(),
            name: org.name.clone(),
            kind: org.kind,
            corporation_sole_id,
            force_id,
        };
        let id = loader.ensure(
            founder,
            |c| Ok(find_organisation_by_slug(c, &org.slug)?.map(|r| r.id.to_string())),
            |tx, principal| service::organisations::create_organisation(tx, principal, new),
        )?;
        if let Some(cs) = &org.corporation_sole {
            serving.insert(cs.clone(), id.clone());
        }
        organisations.insert(org.slug.clone(), id);
    }
    Ok((organisations, serving))
}

fn load_people(
    loader: &mut Loader,
    registry: &Registry,
    organisations: &Ids,
    serving: &Ids,
    platform_id: &str,
) -> Result<Ids, ApiError> {
    // A person is managed by the organisation of their first post (or the office's organisation):
    // that organisation's administrator records them.
    let post_organisation: HashMap<&str, &str> =
        registry.posts.iter().map(|p| (p.key.as_str(), p.organisation.as_str())).collect();
    let mut people = HashMap::new();
    for person in &registry.people {
        let first = registry.appointments.iter().find(|a| a.person == person.key);
        let managing = match first {
            Some(DemoAppointment { post: Some(post), .. }) => {
                let org = post_organisation.get(post.as_str()).copied().unwrap_or("governance-service");
                lookup(organisations, org, "organisation")?.clone()
            }
            Some(DemoAppointment { corporation_sole: Some(cs), .. }) => {
                serving.get(cs).cloned().unwrap_or_else(|| platform_id.to_string())
            }
            _ => platform_id.to_string(),
        };
        let administrator = seed_principal(Some(&managing), &[Role::OrgAdmin], None)?;
        let new = NewPerson { full_name: person.full_name.clone() };
        let id = loader.ensure(
            &administrator,
            |c| Ok(find_person_by_name(c, &person.full_name)?.map(|r| r.id.to_string())),
            |tx, principal| service::people::create_person(tx, principal, new),
        )?;
        people.insert(person.key.clone(), id);
    }

    Ok(people)
}

fn load_posts(loader: &mut Loader, registry: &Registry, organisations: &Ids) -> Result<Ids, ApiError> {
    let pcc_era = NaiveDate::parse_from_str(PCC_ERA, "%Y-%m-%d").map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut posts = HashMap::new();
    for post in &registry.posts {
        let organisation_id = lookup(organisations, &post.organisation, "organisation")?.clone();
        let starts_on = registry
            .appointments
            .iter()
            .filter(|a| a.post.as_deref() == Some(post.key.as_str()))
            .map(|a| a.starts_on)
            .min()
            .map_or(pcc_era, |first| first.min(pcc_era));
        let administrator = seed_principal(Some(&organisation_id), &[Role::OrgAdmin], None)?;
        let organisation_uuid = parse_id(&organisation_id)?;
        let new = NewPost {
            organisation_id: organisation_uuid,
            title: post.title.clone(),
            statutory_roles: post.statutory_roles.clone(),
            single_holder: post.single_holder,
            public: post.public,
            starts_on,
        };
        let id = loader.ensure(
            &administrator,
            |c| Ok(find_post_by_title(c, organisation_uuid.into(), &post.title)?.map(|r| r.id.to_string())),
            |tx, principal| service::posts::create_post(tx, principal, new),
        )?;
        posts.insert(post.key.clone(), id);
    }

    Ok(posts)
}

fn load_appointments(
    loader: &mut Loader,
    platform: &Principal,
    registry: &Registry,
    (people, posts, offices): (&Ids, &Ids, &Ids),
) -> Result<(), ApiError> {
    for appointment in &registry.appointments {
        let person_id = lookup(people, &appointment.person, "person")?.clone();
        let post_id = appointment.post.as_deref().map(|p| lookup(posts, p, "post").cloned()).transpose()?;
        let corporation_sole_id = appointment
            .corporation_sole
            .as_deref()
            .map(|s| lookup(offices, s, "corporation sole").cloned())
            .transpose()?;
        let new = NewAppointment {
            person_id: parse_id(&person_id)?,
            post_id: post_id.as_deref().map(parse_id).transpose()?,
            corporation_sole_id: corporation_sole_id.as_deref().map(parse_id).transpose()?,
            basis: appointment.basis,
            starts_on: appointment.starts_on,
            ends_on: appointment.ends_on,
        };
        let (person_uuid, post_key, office_key) =
            (new.person_id, new.post_id.map(Into::into), new.corporation_sole_id.map(Into::into));
        loader.ensure(
            platform,
            |c| {
                Ok(appointments_to(c, post_key, office_key)?
                    .into_iter()
                    .find(|a| a.person_id == person_uuid && a.starts_on == appointment.starts_on)
                    .map(|a| a.id.to_string()))
            },
            |tx, principal| service::appointments::create_appointment(tx, principal, new),
        )?;
    }

    Ok(())
}

fn load_collaborations(
    loader: &mut Loader,
    platform: &Principal,
    registry: &Registry,
    offices: &Ids,
) -> Result<Ids, ApiError> {
    let db = loader.db;
    let mut collaborations = HashMap::new();
    for collaboration in &registry.collaborations {
        let new = NewCollaboration {
            slug: collaboration.slug.clone(),
            name: collaboration.name.clone(),
            description: collaboration.description.clone(),
            starts_on: collaboration.starts_on,
        };
        let collaboration_id = loader.ensure(
            platform,
            |c| Ok(find_collaboration_by_slug(c, &collaboration.slug)?.map(|r| r.id.to_string())),
            |tx, principal| service::collaborations::create_collaboration(tx, principal, new),
        )?;
        collaborations.insert(collaboration.slug.clone(), collaboration_id.clone());
        let collaboration_uuid = parse_id(&collaboration_id)?;
        for member in &collaboration.members {
            let office = lookup(offices, &member.corporation_sole, "corporation sole")?.clone();
            let office_uuid = parse_id(&office)?;
            let new = NewCollaborationMember { corporation_sole_id: office_uuid, starts_on: member.starts_on };
            let find_member = |c: &mut DbConnection| {
                Ok::<_, ApiError>(
                    collaboration_members_of(c, collaboration_uuid.into(), None)?
                        .into_iter()
                        .find(|m| m.corporation_sole_id == office_uuid && m.starts_on == member.starts_on),
                )
            };
            loader.ensure(
                platform,
                |c| Ok(find_member(c)?.map(|m| m.id.to_string())),
                |tx, principal| {
                    service::collaborations::add_collaboration_member(tx, principal, collaboration_uuid, new)
                },
            )?;
            if let Some(ends_on) = member.ends_on {
                let stored =
                    db.read(|c| find_member(c))?.ok_or_else(|| ApiError::Internal("demo member vanished".into()))?;
                if stored.ends_on.is_none() {
                    let member_id = stored.id.uuid();
                    loader.run(platform, |tx, principal| {
                        let expected = version_of_collaboration(tx, collaboration_uuid.into())?;
                        service::collaborations::end_collaboration_member(
                            tx,
                            principal,
                            collaboration_uuid,
                            member_id,
                            expected,
                            ends_on,
                        )
                    })?;
                }
            }
        }
        if let Some(ends_on) = collaboration.ends_on {
            let ended = db
                .read(|c| Ok::<_, ApiError>(collaboration_store::find(c, collaboration_uuid.into())?))?
                .and_then(|r| r.ends_on);
            if ended.is_none() {
                loader.run(platform, |tx, principal| {
                    let expected = version_of_collaboration(tx, collaboration_uuid.into())?;
                    service::collaborations::end_collaboration(tx, principal, collaboration_uuid, expected, ends_on)
                })?;
            }
        }
    }
    Ok(collaborations)
}

/// The stored version of a collaboration (the If-Match a client would send).
fn version_of_collaboration(conn: &mut DbConnection, id: persistence::ids::CollaborationId) -> Result<i64, ApiError> {
    Ok(collaboration_store::find(conn, id)?.ok_or(ApiError::NotFound)?.version)
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
    /// The collaboration the instrument served (D1 served the WM&W alliance).
    collaboration: Option<String>,
    illustrative: bool,
}

fn parse_id(text: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(text).map_err(|e| ApiError::Internal(format!("demo id {text:?}: {e}")))
}

/// The demo schemes, delegations and consents (`api/demo/delegations.json`), each made by the
/// use case a client would call (the same R-DL rules), as the org_admin of the organisation serving
/// the corporation sole that makes it: no platform role acts for one.
fn load_delegations(
    loader: &mut Loader<'_>,
    (offices, posts, collaborations): (&Ids, &Ids, &Ids),
) -> Result<(), ApiError> {
    use persistence::delegations::find_delegation_like;

    let data: Delegations =
        serde_json::from_str(DELEGATIONS_JSON).map_err(|e| ApiError::Internal(format!("demo delegations: {e}")))?;
    let schemes = load_schemes(loader, &data.schemes, offices)?;
    for delegation in &data.delegations {
        let keys = DelegationKeys { offices, posts, collaborations, schemes: &schemes };
        let new = delegation_request(delegation, &keys)?;
        let (office, valid_from) = (new.corporation_sole_id, delegation.valid_from);
        let (kind, id) = (new.delegate.kind.as_str(), new.delegate.id.to_string());
        let functions = delegation.functions.join(",");
        let administrator = office_administrator(loader, office)?;
        loader.ensure(
            &administrator,
            |c| {
                Ok(find_delegation_like(c, office.into(), (kind, &id), &functions, valid_from)?
                    .map(|r| r.id.to_string()))
            },
            |tx, principal| service::delegations::create_delegation(tx, principal, new),
        )?;
    }
    Ok(())
}

/// The demo schemes of delegation and consent, made by `create_scheme`; their ids by key.
fn load_schemes(loader: &mut Loader<'_>, schemes: &[DemoScheme], offices: &Ids) -> Result<Ids, ApiError> {
    use openapi::delegations::NewScheme;
    use persistence::delegations::find_scheme_version;

    let mut ids = HashMap::new();
    for scheme in schemes {
        let office = parse_id(lookup(offices, &scheme.corporation_sole, "corporation sole")?)?;
        let new = NewScheme {
            corporation_sole_id: office,
            kind: scheme.kind,
            title: scheme.title.clone(),
            scheme_version: scheme.scheme_version.clone(),
            adopted_on: scheme.adopted_on,
            adopted_by_reference: scheme.adopted_by_reference.clone(),
            document_uri: None,
            document_digest: None,
            supersedes_scheme_id: None,
            carry_over: Vec::new(),
        };
        let administrator = office_administrator(loader, office)?;
        let id = loader.ensure(
            &administrator,
            |c| {
                Ok(find_scheme_version(c, office.into(), &scheme.title, &scheme.scheme_version)?
                    .map(|r| r.id.to_string()))
            },
            |tx, principal| service::delegations::create_scheme(tx, principal, new),
        )?;
        ids.insert(scheme.key.clone(), id);
    }
    Ok(ids)
}

/// The org_admin of the organisation serving a corporation sole, who records its schemes and
/// delegations.
fn office_administrator(loader: &Loader<'_>, office: uuid::Uuid) -> Result<Principal, ApiError> {
    let serving = loader.db.read(|c| persistence::registry::organisations_serving(c, office.into()))?;
    let organisation = serving
        .first()
        .ok_or_else(|| ApiError::Internal(format!("demo: no organisation serves the corporation sole {office}")))?;
    seed_principal(Some(&organisation.to_string()), &[Role::OrgAdmin], None)
}

/// The registry's and the schemes' ids a demo delegation names by key.
struct DelegationKeys<'a> {
    offices: &'a Ids,
    posts: &'a Ids,
    collaborations: &'a Ids,
    schemes: &'a Ids,
}

/// The request a client would send for one demo delegation or consent.
fn delegation_request(
    delegation: &DemoDelegation,
    keys: &DelegationKeys<'_>,
) -> Result<openapi::delegations::NewDelegation, ApiError> {
    use openapi::delegations::{NewDelegation, PartyRef, SourceInstrument};

    let office = parse_id(lookup(keys.offices, &delegation.corporation_sole, "corporation sole")?)?;
    let delegate = match (&delegation.delegate_corporation_sole, &delegation.delegate_post) {
        (Some(cs), None) => PartyRef {
            kind: domain::delegations::DelegateKind::CorporationSole,
            id: parse_id(lookup(keys.offices, cs, "corporation sole")?)?,
        },
        (None, Some(post)) => {
            PartyRef { kind: domain::delegations::DelegateKind::Post, id: parse_id(lookup(keys.posts, post, "post")?)? }
        }
        _ => return Err(ApiError::Internal("a demo delegation names one delegate".into())),
    };
    let refer_to = delegation
        .refer_to
        .iter()
        .map(|slug| parse_id(lookup(keys.offices, slug, "corporation sole")?))
        .collect::<Result<Vec<_>, _>>()?;
    let by_key = |map: &Ids, key: Option<&str>, what: &str| {
        key.map(|k| lookup(map, k, what).and_then(|id| parse_id(id))).transpose()
    };
    Ok(NewDelegation {
        kind: delegation.kind,
        corporation_sole_id: office,
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
            scheme_id: by_key(keys.schemes, delegation.scheme.as_deref(), "scheme")?,
            reference: delegation.reference.clone(),
            paragraph: delegation.paragraph.clone(),
            collaboration_id: by_key(keys.collaborations, delegation.collaboration.as_deref(), "collaboration")?,
        },
        sub_delegation_allowed: false,
        illustrative: delegation.illustrative,
    })
}

/// Whether the database holds no registry yet (for `serve --demo`).
pub fn is_empty(db: &Database) -> Result<bool, ApiError> {
    db.read(|conn| {
        let page = list_forces(conn, &ForceFilter::default(), &PageRequest { after: None, limit: 1 })?;
        Ok(page.items.is_empty())
    })
}
