//! The agreement lifecycle: which events may happen in which state. An illegal one is a 409.

use super::AgreementStatus;

/// What can happen to an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementEvent {
    EditDraft,
    Approve,
    Sign,
    Commence,
    Review,
    Vary,
    Withdraw,
    Terminate,
    Publish,
    AttachDocument,
}

impl AgreementEvent {
    pub fn describe(self) -> &'static str {
        match self {
            Self::EditDraft => "change the draft",
            Self::Approve => "record an approval",
            Self::Sign => "record a signature",
            Self::Commence => "bring the agreement into force",
            Self::Review => "record a review",
            Self::Vary => "vary the agreement",
            Self::Withdraw => "record a party's withdrawal",
            Self::Terminate => "terminate the agreement",
            Self::Publish => "record publication",
            Self::AttachDocument => "attach a document version",
        }
    }
}

/// Whether `event` may happen in `status`; `Err` explains the conflict.
pub fn permits(status: AgreementStatus, event: AgreementEvent) -> Result<(), String> {
    use AgreementEvent as E;
    use AgreementStatus as S;
    let allowed = match event {
        E::EditDraft => matches!(status, S::Draft),
        E::AttachDocument => !matches!(status, S::Terminated | S::Expired),
        E::Approve => matches!(status, S::Draft),
        E::Sign => matches!(status, S::Approved),
        E::Commence => matches!(status, S::Signed),
        E::Review | E::Vary | E::Withdraw => matches!(status, S::InForce),
        E::Terminate => matches!(status, S::Signed | S::InForce),
        E::Publish => matches!(status, S::Signed | S::InForce | S::Terminated | S::Expired),
    };
    if allowed {
        Ok(())
    } else {
        Err(format!("cannot {} while the agreement is {}", event.describe(), status))
    }
}

/// The status after approvals or signatures are recorded: approved once every party approved,
/// signed once every party signed.
pub fn status_after_recording(status: AgreementStatus, all_approved: bool, all_signed: bool) -> AgreementStatus {
    match status {
        AgreementStatus::Draft if all_approved => AgreementStatus::Approved,
        AgreementStatus::Approved if all_signed => AgreementStatus::Signed,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_a_draft_is_refused_and_signing_an_approved_agreement_is_allowed() {
        assert!(permits(AgreementStatus::Draft, AgreementEvent::Sign).is_err());
        assert!(permits(AgreementStatus::Approved, AgreementEvent::Sign).is_ok());
    }

    #[test]
    fn terminated_agreements_cannot_be_varied_but_can_be_published() {
        assert!(permits(AgreementStatus::Terminated, AgreementEvent::Vary).is_err());
        assert!(permits(AgreementStatus::Terminated, AgreementEvent::Publish).is_ok());
        assert!(permits(AgreementStatus::InForce, AgreementEvent::Vary).is_ok());
    }

    #[test]
    fn recording_moves_draft_to_approved_to_signed() {
        assert_eq!(status_after_recording(AgreementStatus::Draft, false, false), AgreementStatus::Draft);
        assert_eq!(status_after_recording(AgreementStatus::Draft, true, false), AgreementStatus::Approved);
        assert_eq!(status_after_recording(AgreementStatus::Approved, true, true), AgreementStatus::Signed);
    }
}
