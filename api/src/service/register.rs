//! The public register (issue 18): what a policing body must publish under the Specified
//! Information Order that the service holds, the same for every caller. Executed agreements are
//! listed whether or not their text is published: the public learns that an agreement exists, with
//! its title, parties and dates, while its text stays with the parties until published (R-CA-14).

use openapi::register::{AgreementRegister, RegisteredAgreement};
use persistence::agreements::{executed_register, RegisterEntry};
use persistence::ids::CorporationSoleId;
use persistence::registry::PageRequest;
use persistence::DbConnection;

use crate::error::ApiError;
use crate::extract::encode_cursor;

/// Executed agreements, optionally those a corporation sole is party to, a page at a time.
pub fn agreement_register(
    conn: &mut DbConnection,
    party: Option<CorporationSoleId>,
    page: PageRequest,
) -> Result<AgreementRegister, ApiError> {
    let page = executed_register(conn, party, &page)?;
    Ok(AgreementRegister {
        items: page.items.into_iter().map(entry).collect(),
        next_cursor: encode_cursor(page.next_cursor),
    })
}

fn entry(e: RegisterEntry) -> RegisteredAgreement {
    let a = e.agreement;
    RegisteredAgreement {
        id: a.id.uuid(),
        reference: a.reference,
        title: a.title,
        status: a.status.as_str().to_string(),
        parties: e.parties,
        executed_on: e.executed_on,
        in_force_from: a.in_force_from,
        terminated_on: a.terminated_on,
        published: a.published,
        published_url: e.published_url,
        href: a.published.then(|| format!("{}/collaboration-agreements/{}", crate::service::LOCATION_PREFIX, a.id)),
    }
}
