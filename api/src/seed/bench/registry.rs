//! The registry of the bench data: the 43 territorial forces of England and Wales, each with its
//! policing body and chief officer (corporations sole), the organisations serving them
//! (`<force>-opcc`, `<force>-force`), statutory and senior posts, and the people holding the
//! offices and posts. Names of forces and offices are real; people are invented.
//!
//! Approximation: every corporation sole starts on 22 November 2012 with its present kind (e.g. the
//! Mayor of Greater Manchester), rather than with its history of kinds.

use domain::registry::{join_roles, AppointmentBasis, CorporationSoleKind as Kind, OrganisationKind, StatutoryRole};
use persistence::ids::{CorporationSoleId, ForceId, OrganisationId, PersonId, PostId};
use persistence::registry::{AppointmentRow, CorporationSoleRow, ForceRow, OrganisationRow, PersonRow, PostRow};
use persistence::{DbConnection, StoreError};

use super::{date, Gen, BENCH_FORCE};

/// (slug, force name, police area, policing body kind, policing body name).
type ForceEntry = (&'static str, &'static str, &'static str, Kind, &'static str);

#[rustfmt::skip]
const FORCES: [ForceEntry; 43] = [
    ("avon-and-somerset", "Avon and Somerset Constabulary", "Avon and Somerset", Kind::Pcc, "Police and Crime Commissioner for Avon and Somerset"),
    ("bedfordshire", "Bedfordshire Police", "Bedfordshire", Kind::Pcc, "Police and Crime Commissioner for Bedfordshire"),
    ("cambridgeshire", "Cambridgeshire Constabulary", "Cambridgeshire", Kind::Pcc, "Police and Crime Commissioner for Cambridgeshire"),
    ("cheshire", "Cheshire Constabulary", "Cheshire", Kind::Pcc, "Police and Crime Commissioner for Cheshire"),
    ("city-of-london", "City of London Police", "City of London", Kind::CommonCouncil, "Common Council of the City of London (as police authority)"),
    ("cleveland", "Cleveland Police", "Cleveland", Kind::Pcc, "Police and Crime Commissioner for Cleveland"),
    ("cumbria", "Cumbria Constabulary", "Cumbria", Kind::Pfcc, "Police, Fire and Crime Commissioner for Cumbria"),
    ("derbyshire", "Derbyshire Constabulary", "Derbyshire", Kind::Pcc, "Police and Crime Commissioner for Derbyshire"),
    ("devon-and-cornwall", "Devon and Cornwall Police", "Devon and Cornwall", Kind::Pcc, "Police and Crime Commissioner for Devon, Cornwall and the Isles of Scilly"),
    ("dorset", "Dorset Police", "Dorset", Kind::Pcc, "Police and Crime Commissioner for Dorset"),
    ("durham", "Durham Constabulary", "Durham", Kind::Pcc, "Police and Crime Commissioner for Durham"),
    ("dyfed-powys", "Dyfed-Powys Police", "Dyfed-Powys", Kind::Pcc, "Police and Crime Commissioner for Dyfed-Powys"),
    ("essex", "Essex Police", "Essex", Kind::Pfcc, "Police, Fire and Crime Commissioner for Essex"),
    ("gloucestershire", "Gloucestershire Constabulary", "Gloucestershire", Kind::Pcc, "Police and Crime Commissioner for Gloucestershire"),
    ("greater-manchester", "Greater Manchester Police", "Greater Manchester", Kind::Mayor, "Mayor of Greater Manchester"),
    ("gwent", "Gwent Police", "Gwent", Kind::Pcc, "Police and Crime Commissioner for Gwent"),
    ("hampshire", "Hampshire and Isle of Wight Constabulary", "Hampshire", Kind::Pcc, "Police and Crime Commissioner for Hampshire and the Isle of Wight"),
    ("hertfordshire", "Hertfordshire Constabulary", "Hertfordshire", Kind::Pcc, "Police and Crime Commissioner for Hertfordshire"),
    ("humberside", "Humberside Police", "Humberside", Kind::Pcc, "Police and Crime Commissioner for Humberside"),
    ("kent", "Kent Police", "Kent", Kind::Pcc, "Police and Crime Commissioner for Kent"),
    ("lancashire", "Lancashire Constabulary", "Lancashire", Kind::Pcc, "Police and Crime Commissioner for Lancashire"),
    ("leicestershire", "Leicestershire Police", "Leicestershire", Kind::Pcc, "Police and Crime Commissioner for Leicestershire"),
    ("lincolnshire", "Lincolnshire Police", "Lincolnshire", Kind::Pcc, "Police and Crime Commissioner for Lincolnshire"),
    ("merseyside", "Merseyside Police", "Merseyside", Kind::Pcc, "Police and Crime Commissioner for Merseyside"),
    ("metropolitan", "Metropolitan Police Service", "Metropolitan Police District", Kind::Mopac, "Mayor's Office for Policing and Crime"),
    ("norfolk", "Norfolk Constabulary", "Norfolk", Kind::Pcc, "Police and Crime Commissioner for Norfolk"),
    ("north-wales", "North Wales Police", "North Wales", Kind::Pcc, "Police and Crime Commissioner for North Wales"),
    ("north-yorkshire", "North Yorkshire Police", "North Yorkshire", Kind::Mayor, "Mayor of York and North Yorkshire"),
    ("northamptonshire", "Northamptonshire Police", "Northamptonshire", Kind::Pfcc, "Police, Fire and Crime Commissioner for Northamptonshire"),
    ("northumbria", "Northumbria Police", "Northumbria", Kind::Pcc, "Police and Crime Commissioner for Northumbria"),
    ("nottinghamshire", "Nottinghamshire Police", "Nottinghamshire", Kind::Pcc, "Police and Crime Commissioner for Nottinghamshire"),
    ("south-wales", "South Wales Police", "South Wales", Kind::Pcc, "Police and Crime Commissioner for South Wales"),
    ("south-yorkshire", "South Yorkshire Police", "South Yorkshire", Kind::Mayor, "Mayor of South Yorkshire"),
    ("staffordshire", "Staffordshire Police", "Staffordshire", Kind::Pfcc, "Police, Fire and Crime Commissioner for Staffordshire"),
    ("suffolk", "Suffolk Constabulary", "Suffolk", Kind::Pcc, "Police and Crime Commissioner for Suffolk"),
    ("surrey", "Surrey Police", "Surrey", Kind::Pcc, "Police and Crime Commissioner for Surrey"),
    ("sussex", "Sussex Police", "Sussex", Kind::Pcc, "Police and Crime Commissioner for Sussex"),
    ("thames-valley", "Thames Valley Police", "Thames Valley", Kind::Pcc, "Police and Crime Commissioner for Thames Valley"),
    ("warwickshire", "Warwickshire Police", "Warwickshire", Kind::Pcc, "Police and Crime Commissioner for Warwickshire"),
    ("west-mercia", "West Mercia Police", "West Mercia", Kind::Pcc, "Police and Crime Commissioner for West Mercia"),
    ("west-midlands", "West Midlands Police", "West Midlands", Kind::Pcc, "Police and Crime Commissioner for the West Midlands"),
    ("west-yorkshire", "West Yorkshire Police", "West Yorkshire", Kind::Mayor, "Mayor of West Yorkshire"),
    ("wiltshire", "Wiltshire Police", "Wiltshire", Kind::Pcc, "Police and Crime Commissioner for Wiltshire"),
];

#[rustfmt::skip]
const GIVEN: [&str; 32] = [
    "Alison", "Andrew", "Amara", "Ben", "Catherine", "Daniel", "Deborah", "Emma", "Farah", "Gareth", "Hannah", "Ian",
    "Imran", "Jane", "Jonathan", "Karen", "Lewis", "Marcus", "Nadia", "Owen", "Priya", "Rachel", "Rhys", "Sarah",
    "Simon", "Sophie", "Stuart", "Tariq", "Helen", "Victoria", "William", "Yvonne",
];
#[rustfmt::skip]
const FAMILY: [&str; 32] = [
    "Ahmed", "Baker", "Bennett", "Chapman", "Clarke", "Davies", "Edwards", "Evans", "Fletcher", "Green", "Hall",
    "Harris", "Hughes", "Jackson", "Jones", "Khan", "Lewis", "Morgan", "Murphy", "Owen", "Patel", "Price", "Roberts",
    "Shaw", "Singh", "Taylor", "Thomas", "Turner", "Walker", "Ward", "Williams", "Wright",
];

/// OPCC posts: title and statutory roles (R-OR-01 combinations the demo also uses).
const OPCC_POSTS: [(&str, &[StatutoryRole]); 3] = [
    ("Chief Executive", &[StatutoryRole::ChiefExecutive, StatutoryRole::MonitoringOfficer]),
    ("Treasurer", &[StatutoryRole::ChiefFinanceOfficer]),
    ("Head of Commissioning and Partnerships", &[]),
];
/// Force posts (no statutory roles of the 2011 Act).
pub const FORCE_POSTS: [&str; 4] =
    ["Deputy Chief Constable", "Assistant Chief Constable", "Director of Finance", "Head of Procurement"];

/// A corporation sole and the person holding it.
#[derive(Debug, Clone)]
pub struct Office {
    pub id: CorporationSoleId,
    pub kind: Kind,
    pub name: String,
    pub holder: PersonId,
    pub holder_name: String,
}

/// A post and the person holding it.
#[derive(Debug, Clone)]
pub struct Post {
    pub id: PostId,
    pub title: &'static str,
    pub holder: PersonId,
}

#[derive(Debug, Clone)]
pub struct Force {
    pub id: ForceId,
    pub slug: &'static str,
    pub name: &'static str,
    pub area: &'static str,
    pub policing_body: Office,
    pub chief: Office,
    pub opcc: OrganisationId,
    pub force_org: OrganisationId,
    pub opcc_posts: Vec<Post>,
    pub force_posts: Vec<Post>,
}

pub struct Registry {
    pub forces: Vec<Force>,
    /// Index of the bench force (West Mercia).
    pub bench: usize,
}

impl Registry {
    pub fn bench(&self) -> &Force {
        &self.forces[self.bench]
    }
}

/// The day every corporation sole of the 2011 Act came into being.
pub fn pcc_era() -> chrono::NaiveDate {
    date(2012, 11, 22)
}

fn person(gen: &mut Gen, organisation: OrganisationId) -> (PersonId, String) {
    let name = format!("{} {}", gen.rng.pick(&GIVEN), gen.rng.pick(&FAMILY));
    let id = gen.typed_id();
    gen.batch.people.push(PersonRow {
        id,
        full_name: name.clone(),
        managing_organisation_id: organisation,
        version: 1,
        created_at: gen.stamp,
        updated_at: gen.stamp,
    });
    (id, name)
}

fn appoint(gen: &mut Gen, person: PersonId, post: Option<PostId>, office: Option<CorporationSoleId>) {
    let id = gen.typed_id();
    gen.batch.appointments.push(AppointmentRow {
        id,
        person_id: person,
        post_id: post,
        corporation_sole_id: office,
        basis: AppointmentBasis::Substantive,
        starts_on: pcc_era(),
        ends_on: None,
        version: 1,
        created_at: gen.stamp,
        updated_at: gen.stamp,
    });
}

fn office_row(
    gen: &Gen,
    id: CorporationSoleId,
    slug: String,
    name: &str,
    kind: Kind,
    force: ForceId,
) -> CorporationSoleRow {
    CorporationSoleRow {
        id,
        slug,
        name: name.to_string(),
        kind,
        force_id: Some(force),
        starts_on: pcc_era(),
        ends_on: None,
        version: 1,
        created_at: gen.stamp,
        updated_at: gen.stamp,
    }
}

fn organisation_row(
    gen: &Gen,
    id: OrganisationId,
    slug: String,
    name: String,
    kind: OrganisationKind,
) -> OrganisationRow {
    OrganisationRow {
        id,
        slug,
        name,
        kind,
        corporation_sole_id: None,
        force_id: None,
        ends_on: None,
        version: 1,
        created_at: gen.stamp,
        updated_at: gen.stamp,
    }
}

fn post(gen: &mut Gen, organisation: OrganisationId, title: &'static str, roles: &[StatutoryRole]) -> Post {
    let id = gen.typed_id();
    gen.batch.posts.push(PostRow {
        id,
        organisation_id: organisation,
        title: title.into(),
        statutory_roles: join_roles(roles),
        single_holder: true,
        public: true,
        starts_on: pcc_era(),
        ends_on: None,
        version: 1,
        created_at: gen.stamp,
        updated_at: gen.stamp,
    });
    let (holder, _) = person(gen, organisation);
    appoint(gen, holder, Some(id), None);
    Post { id, title, holder }
}

/// Writes the registry (and the platform's own organisation, `governance-service`).
pub fn generate(gen: &mut Gen, conn: &mut DbConnection) -> Result<Registry, StoreError> {
    let platform = gen.typed_id();
    let row = organisation_row(
        gen,
        platform,
        "governance-service".into(),
        "Collaboration Governance Service".into(),
        OrganisationKind::External,
    );
    gen.batch.organisations.push(row);
    let mut forces = Vec::new();
    for entry in FORCES {
        forces.push(generate_force(gen, &entry));
    }
    gen.flush(conn)?;
    let bench = forces.iter().position(|f| f.slug == BENCH_FORCE).unwrap_or_default();
    Ok(Registry { forces, bench })
}

/// One force of the table: its row, its two corporations sole with their holders, its OPCC and
/// force organisations, and their posts.
fn generate_force(gen: &mut Gen, entry: &ForceEntry) -> Force {
    let &(slug, name, area, body_kind, body_name) = entry;
    let force_id: ForceId = gen.typed_id();
    gen.batch.forces.push(ForceRow {
        id: force_id,
        slug: slug.into(),
        name: name.into(),
        police_area: area.into(),
        ends_on: None,
        version: 1,
        created_at: gen.stamp,
        updated_at: gen.stamp,
    });
    let (body_id, chief_id): (CorporationSoleId, CorporationSoleId) = (gen.typed_id(), gen.typed_id());
    let (chief_kind, chief_name, chief_slug) = chief_officer(slug, name);
    let body = office_row(
        gen,
        body_id,
        format!("{slug}-{}", body_kind.as_str().replace('_', "-")),
        body_name,
        body_kind,
        force_id,
    );
    let chief = office_row(gen, chief_id, format!("{slug}-{chief_slug}"), &chief_name, chief_kind, force_id);
    gen.batch.corporations_sole.extend([body, chief]);
    let (opcc, force_org): (OrganisationId, OrganisationId) = (gen.typed_id(), gen.typed_id());
    let office_of = office_name(body_kind, body_name);
    let mut opcc_row = organisation_row(gen, opcc, format!("{slug}-opcc"), office_of, OrganisationKind::Opcc);
    opcc_row.corporation_sole_id = Some(body_id);
    opcc_row.force_id = Some(force_id);
    let mut force_row = organisation_row(gen, force_org, format!("{slug}-force"), name.into(), OrganisationKind::Force);
    force_row.corporation_sole_id = Some(chief_id);
    force_row.force_id = Some(force_id);
    gen.batch.organisations.extend([opcc_row, force_row]);
    let (body_holder, body_holder_name) = person(gen, opcc);
    appoint(gen, body_holder, None, Some(body_id));
    let (chief_holder, chief_holder_name) = person(gen, force_org);
    appoint(gen, chief_holder, None, Some(chief_id));
    let opcc_posts = OPCC_POSTS.iter().map(|(title, roles)| post(gen, opcc, title, roles)).collect();
    let force_posts = FORCE_POSTS.iter().map(|title| post(gen, force_org, title, &[])).collect();
    Force {
        id: force_id,
        slug,
        name,
        area,
        policing_body: Office {
            id: body_id,
            kind: body_kind,
            name: body_name.into(),
            holder: body_holder,
            holder_name: body_holder_name,
        },
        chief: Office {
            id: chief_id,
            kind: chief_kind,
            name: chief_name,
            holder: chief_holder,
            holder_name: chief_holder_name,
        },
        opcc,
        force_org,
        opcc_posts,
        force_posts,
    }
}

/// The chief officer's kind, name and slug suffix: the two London commissioners, or a chief constable.
fn chief_officer(slug: &str, name: &str) -> (Kind, String, &'static str) {
    match slug {
        "metropolitan" => {
            (Kind::CommissionerOfPolice, "Commissioner of Police of the Metropolis".to_string(), "commissioner")
        }
        "city-of-london" => {
            (Kind::CommissionerOfPolice, "Commissioner of Police for the City of London".to_string(), "commissioner")
        }
        _ => (Kind::ChiefConstable, format!("Chief Constable of {name}"), "chief-constable"),
    }
}

/// The name of the office serving a policing body.
fn office_name(body_kind: Kind, body_name: &str) -> String {
    match body_kind {
        Kind::Mopac => "Mayor's Office for Policing and Crime".to_string(),
        Kind::CommonCouncil => "City of London Corporation Police Authority Team".to_string(),
        Kind::Mayor => format!("Policing and Crime Team of the {body_name}"),
        _ => format!("Office of the {body_name}"),
    }
}
