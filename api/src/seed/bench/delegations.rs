//! Schemes of delegation and consent for every corporation sole, delegations and consents in them
//! (R-DL-01..04 kept by construction: no reserved functions, consents for force staff, schemes of
//! the grantor cited with a paragraph, sub-delegations within their parents), and the three-link
//! chain the benchmark's authority checks walk, built through the API's own
//! [`prepare_delegation`](crate::service::delegations::prepare_delegation) so the service's rules
//! vouch for it.

use chrono::{Days, NaiveDate};
use domain::delegations::{DelegateKind, DelegationKind, ReferralCondition};
use openapi::delegations::{AuthorityCheckRequest, Currency, NewDelegation, NewScheme, PartyRef, SourceInstrument};
use persistence::delegations::{DelegationId, DelegationRow, SchemeId};
use persistence::ids::CorporationSoleId;
use persistence::DbConnection;

use super::registry::{Force, Registry};
use super::{date, Gen};
use crate::error::ApiError;
use crate::service::delegations::{delegation_row, scheme_row};

/// Functions of the catalogue (migration 000004) that no statute reserves.
const DELEGABLE: [&str; 10] = [
    "approve_revenue_spend",
    "approve_capital_spend",
    "use_approved_investment",
    "award_contract",
    "dispose_of_property",
    "approve_collaboration_agreement",
    "sign_collaboration_agreement",
    "approve_board_decision",
    "appoint_staff",
    "sign_record_of_decision",
];
/// The function of the authority-check chain.
const CHAIN_FUNCTION: &str = "use_approved_investment";
/// The post at the end of the chain (in the bench force); no other delegation names it.
const CHAIN_LEAF_POST: &str = "Director of Finance";
const POUND: i64 = 100;

/// The authority check the benchmark asks, answered `allowed` through three links.
pub struct Chain {
    pub request: AuthorityCheckRequest,
    pub links: Vec<DelegationId>,
}

/// One grantor: a corporation sole with its schemes.
struct Grantor<'a> {
    force: &'a Force,
    policing_body: bool,
    delegation_scheme: SchemeId,
    consent_scheme: Option<SchemeId>,
    /// The last delegation that allows sub-delegation, for the next one to sit under.
    open_parent: Option<DelegationRow>,
}

fn scheme(gen: &mut Gen, office: CorporationSoleId, kind: DelegationKind, title: &str, reference: String) -> SchemeId {
    let new = NewScheme {
        corporation_sole_id: office.uuid(),
        kind,
        title: title.into(),
        scheme_version: "2021.1".into(),
        adopted_on: adopted_on(),
        adopted_by_reference: reference,
        document_uri: None,
        document_digest: None,
        supersedes_scheme_id: None,
        carry_over: Vec::new(),
    };
    let id = gen.typed_id();
    gen.batch.schemes.push(scheme_row(id, gen.stamp, &new));
    id
}

fn adopted_on() -> NaiveDate {
    date(2021, 6, 1)
}

/// Writes `count` delegations and consents (the chain's three included) and returns the chain.
pub fn generate(gen: &mut Gen, conn: &mut DbConnection, registry: &Registry, count: usize) -> Result<Chain, ApiError> {
    let mut grantors = Vec::new();
    for (n, force) in registry.forces.iter().enumerate() {
        let body = force.policing_body.id;
        let delegation_scheme =
            scheme(gen, body, DelegationKind::Delegation, "Scheme of Delegation", format!("PCC/D/2021/{:03}", n + 1));
        let consent_scheme =
            scheme(gen, body, DelegationKind::Consent, "Scheme of Consent", format!("PCC/D/2021/{:03}C", n + 1));
        grantors.push(Grantor {
            force,
            policing_body: true,
            delegation_scheme,
            consent_scheme: Some(consent_scheme),
            open_parent: None,
        });
        let chief_scheme = scheme(
            gen,
            force.chief.id,
            DelegationKind::Delegation,
            "Chief Constable's Scheme of Delegation",
            format!("CC/SOD/2021/{:03}", n + 1),
        );
        grantors.push(Grantor {
            force,
            policing_body: false,
            delegation_scheme: chief_scheme,
            consent_scheme: None,
            open_parent: None,
        });
    }
    gen.flush(conn)?;
    let generic = count.saturating_sub(3);
    for n in 0..generic {
        let round = n / grantors.len();
        let index = n % grantors.len();
        let grantor = &mut grantors[index];
        let row = match (round % 10, grantor.open_parent.take()) {
            (9, Some(parent)) => sub_delegation(gen, grantor, &parent),
            (phase, _) => {
                let row = delegation(gen, grantor, phase == 8);
                if row.sub_delegation_allowed {
                    grantor.open_parent = Some(row.clone());
                }
                row
            }
        };
        gen.batch.delegations.push(row);
        gen.maybe_flush(conn)?;
    }
    gen.flush(conn)?;
    chain(gen, conn, registry)
}

/// Force posts a grantor may name (never the chain's leaf post of the bench force).
fn force_posts(force: &Force) -> Vec<&super::registry::Post> {
    force.force_posts.iter().filter(|p| !(force.slug == super::BENCH_FORCE && p.title == CHAIN_LEAF_POST)).collect()
}

fn delegation(gen: &mut Gen, grantor: &Grantor<'_>, allow_sub_delegation: bool) -> DelegationRow {
    let force = grantor.force;
    let (kind, delegate_kind, delegate_id, scheme) = if grantor.policing_body && gen.rng.chance(0.5) {
        let post = gen.rng.pick(&force.opcc_posts);
        (DelegationKind::Delegation, DelegateKind::Post, post.id.uuid(), grantor.delegation_scheme)
    } else if grantor.policing_body {
        // A policing body always has a scheme of consent.
        let scheme = grantor.consent_scheme.unwrap_or(grantor.delegation_scheme);
        if gen.rng.chance(0.3) {
            (DelegationKind::Consent, DelegateKind::CorporationSole, force.chief.id.uuid(), scheme)
        } else {
            let post = *gen.rng.pick(&force_posts(force));
            (DelegationKind::Consent, DelegateKind::Post, post.id.uuid(), scheme)
        }
    } else {
        let post = *gen.rng.pick(&force_posts(force));
        (DelegationKind::Delegation, DelegateKind::Post, post.id.uuid(), grantor.delegation_scheme)
    };
    let mut functions: Vec<&str> = Vec::new();
    for _ in 0..1 + gen.rng.below(3) {
        let function = *gen.rng.pick(&DELEGABLE);
        if !functions.contains(&function) {
            functions.push(function);
        }
    }
    let (limit_per_act, limit_total) = if gen.rng.chance(0.7) {
        let per_act = *gen.rng.pick(&[50_000, 100_000, 250_000, 500_000, 1_000_000]) * POUND;
        (Some(per_act), Some(per_act * (4 + gen.rng.below(7)) as i64))
    } else {
        (None, None)
    };
    let referral = !allow_sub_delegation && gen.rng.chance(0.2);
    let valid_from = gen.rng.day_between(adopted_on(), date(2025, 7, 1));
    let valid_to = (!allow_sub_delegation && gen.rng.chance(0.1))
        .then(|| valid_from + Days::new(365 + gen.rng.below(1_100) as u64));
    let revoked_on = (!allow_sub_delegation && gen.rng.chance(0.05))
        .then(|| valid_from + Days::new(200 + gen.rng.below(300) as u64));
    let paragraph = format!("{}.{}", 2 + gen.rng.below(8), 1 + gen.rng.below(12));
    let grantor_office = if grantor.policing_body { force.policing_body.id } else { force.chief.id };
    let new = NewDelegation {
        kind,
        corporation_sole_id: grantor_office.uuid(),
        parent_delegation_id: None,
        delegate: PartyRef { kind: delegate_kind, id: delegate_id },
        functions: functions.into_iter().map(Into::into).collect(),
        limit_per_act_pence: limit_per_act,
        limit_total_pence: limit_total,
        currency: Currency::Gbp,
        referral_conditions: if referral { REFERRALS.to_vec() } else { Vec::new() },
        refer_to: Vec::new(),
        valid_from,
        valid_to,
        source: SourceInstrument {
            scheme_id: Some(scheme.uuid()),
            reference: None,
            paragraph: Some(paragraph),
            collaboration_id: None,
        },
        sub_delegation_allowed: allow_sub_delegation,
        illustrative: false,
    };
    let mut row = delegation_row(gen.typed_id(), gen.stamp, &new);
    // Revoked later by a record of decision, as `revoke_delegation` would record it.
    row.revoked_on = revoked_on;
    row.revocation_reason = revoked_on.map(|_| "revoked by a later record of decision".into());
    row
}

/// When a delegation is referred back: novel, contentious or repercussive matters.
const REFERRALS: [ReferralCondition; 3] =
    [ReferralCondition::Novel, ReferralCondition::Contentious, ReferralCondition::Repercussive];

/// A sub-delegation within `parent`: same grantor and kind, one of its functions, half its
/// limits, starting a month after it, to another post of the same organisation kind.
fn sub_delegation(gen: &mut Gen, grantor: &Grantor<'_>, parent: &DelegationRow) -> DelegationRow {
    let force = grantor.force;
    let post = if parent.kind == DelegationKind::Delegation && grantor.policing_body {
        gen.rng.pick(&force.opcc_posts).id
    } else {
        gen.rng.pick(&force_posts(force)).id
    };
    let function = parent.functions.split(',').next().unwrap_or(CHAIN_FUNCTION).to_string();
    let new = NewDelegation {
        kind: parent.kind,
        corporation_sole_id: parent.corporation_sole_id.uuid(),
        parent_delegation_id: Some(parent.id.uuid()),
        delegate: PartyRef { kind: DelegateKind::Post, id: post.uuid() },
        functions: vec![function],
        limit_per_act_pence: parent.limit_per_act_pence.map(|l| l / 2),
        limit_total_pence: parent.limit_total_pence.map(|l| l / 2),
        currency: Currency::Gbp,
        referral_conditions: if parent.referral_conditions.is_empty() { Vec::new() } else { REFERRALS.to_vec() },
        refer_to: Vec::new(),
        valid_from: parent.valid_from + Days::new(30),
        valid_to: parent.valid_to,
        source: SourceInstrument {
            scheme_id: parent.source_scheme_id.map(uuid::Uuid::from),
            reference: parent.source_reference.clone(),
            paragraph: parent.source_paragraph.as_ref().map(|p| format!("{p}.1")),
            collaboration_id: None,
        },
        sub_delegation_allowed: false,
        illustrative: parent.illustrative,
    };
    delegation_row(gen.typed_id(), gen.stamp, &new)
}

/// The bench policing body's consent to its chief constable (PCC/D/2025/04 para 4), the chief's
/// sub-consent to the Deputy Chief Constable, and theirs to the Director of Finance, each
/// checked by the API's rules before it is stored.
fn chain(gen: &mut Gen, conn: &mut DbConnection, registry: &Registry) -> Result<Chain, ApiError> {
    let force = registry.bench();
    let scheme = consent_scheme_of(conn, force)?;
    let post = |title: &str| {
        force
            .force_posts
            .iter()
            .find(|p| p.title == title)
            .ok_or_else(|| ApiError::Internal(format!("the bench force has no post {title}")))
    };
    let (deputy, leaf) = (post("Deputy Chief Constable")?, post(CHAIN_LEAF_POST)?);
    let steps = [
        Step {
            delegate: PartyRef { kind: DelegateKind::CorporationSole, id: force.chief.id.uuid() },
            functions: vec![CHAIN_FUNCTION, "award_contract"],
            limits_in_pounds: (4_000_000, 4_000_000),
            valid_from: date(2025, 4, 1),
            paragraph: "4",
            sub_delegation_allowed: true,
        },
        Step {
            delegate: PartyRef { kind: DelegateKind::Post, id: deputy.id.uuid() },
            functions: vec![CHAIN_FUNCTION],
            limits_in_pounds: (1_000_000, 4_000_000),
            valid_from: date(2025, 4, 1),
            paragraph: "4.1",
            sub_delegation_allowed: true,
        },
        Step {
            delegate: PartyRef { kind: DelegateKind::Post, id: leaf.id.uuid() },
            functions: vec![CHAIN_FUNCTION],
            limits_in_pounds: (250_000, 1_000_000),
            valid_from: date(2025, 5, 1),
            paragraph: "4.1.2",
            sub_delegation_allowed: false,
        },
    ];
    let mut links: Vec<DelegationId> = Vec::new();
    for step in steps {
        let new = step.delegation(force, scheme.id, links.last().copied());
        let mut row = crate::service::delegations::prepare_delegation(conn, new).map_err(|e| match e {
            ApiError::Rules(violations) => ApiError::Internal(format!("the bench chain breaks {violations:?}")),
            other => other,
        })?;
        row.id = gen.typed_id();
        row.created_at = gen.stamp;
        row.updated_at = gen.stamp;
        links.push(row.id);
        gen.batch.delegations.push(row);
        gen.flush(conn)?;
    }
    let request = AuthorityCheckRequest {
        actor: PartyRef { kind: DelegateKind::Person, id: leaf.holder.uuid() },
        function: CHAIN_FUNCTION.into(),
        corporation_sole_id: force.policing_body.id.uuid(),
        amount_pence: Some(100_000 * POUND),
        currency: Currency::Gbp,
        already_committed_pence: None,
        on: date(2026, 6, 1),
        flags: Vec::new(),
        record: false,
    };
    Ok(Chain { request, links })
}

/// The bench policing body's scheme of consent, as stored.
fn consent_scheme_of(conn: &mut DbConnection, force: &Force) -> Result<persistence::delegations::SchemeRow, ApiError> {
    persistence::delegations::list_schemes(
        conn,
        &persistence::delegations::SchemeFilter { corporation_sole_id: Some(force.policing_body.id), as_of: None },
        &persistence::registry::PageRequest { after: None, limit: 10 },
    )?
    .items
    .into_iter()
    .find(|s| s.kind == DelegationKind::Consent)
    .ok_or_else(|| ApiError::Internal("the bench policing body has no scheme of consent".into()))
}

/// One consent of the chain: to whom, for what, within which limits (per act, in total), from when,
/// under which paragraph of the scheme, and whether it may be passed on.
struct Step {
    delegate: PartyRef,
    functions: Vec<&'static str>,
    limits_in_pounds: (i64, i64),
    valid_from: NaiveDate,
    paragraph: &'static str,
    sub_delegation_allowed: bool,
}

impl Step {
    /// The request that records this step under `parent` (referred back when novel, contentious or
    /// repercussive).
    fn delegation(self, force: &Force, scheme: SchemeId, parent: Option<DelegationId>) -> NewDelegation {
        NewDelegation {
            kind: DelegationKind::Consent,
            corporation_sole_id: force.policing_body.id.uuid(),
            parent_delegation_id: parent.map(|id| id.uuid()),
            delegate: self.delegate,
            functions: self.functions.into_iter().map(Into::into).collect(),
            limit_per_act_pence: Some(self.limits_in_pounds.0 * POUND),
            limit_total_pence: Some(self.limits_in_pounds.1 * POUND),
            currency: Currency::Gbp,
            referral_conditions: REFERRALS.to_vec(),
            refer_to: Vec::new(),
            valid_from: self.valid_from,
            valid_to: None,
            source: SourceInstrument {
                scheme_id: Some(scheme.uuid()),
                reference: None,
                paragraph: Some(self.paragraph.into()),
                collaboration_id: None,
            },
            sub_delegation_allowed: self.sub_delegation_allowed,
            illustrative: false,
        }
    }
}
