//! The short notices a customer may read when something they tried cannot
//! be done or what they typed needs another look. The domain names the
//! notice; the words come from the live `customer_notice` template, which
//! ops edit like every other customer message.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerNotice {
    /// A message or update on a closed case.
    CaseClosed,
    /// Confirming or reopening a case that is closed already.
    AlreadyClosed,
    /// Confirming or reopening before we marked the case solved.
    NothingToConfirm,
    /// The raise form without a severity.
    ChooseSeverity,
    /// A severity other than S1 to S4.
    UnknownSeverity,
    /// A link request without a reference we could read.
    UnknownReference,
    /// Answering for someone copied in who no longer waits for an answer.
    FollowerGone,
    /// An empty message.
    EmptyMessage,
}

impl CustomerNotice {
    pub const ALL: [CustomerNotice; 8] = [
        CustomerNotice::CaseClosed,
        CustomerNotice::AlreadyClosed,
        CustomerNotice::NothingToConfirm,
        CustomerNotice::ChooseSeverity,
        CustomerNotice::UnknownSeverity,
        CustomerNotice::UnknownReference,
        CustomerNotice::FollowerGone,
        CustomerNotice::EmptyMessage,
    ];

    /// The code templates choose their words by.
    pub fn code(self) -> &'static str {
        match self {
            CustomerNotice::CaseClosed => "case_closed",
            CustomerNotice::AlreadyClosed => "already_closed",
            CustomerNotice::NothingToConfirm => "nothing_to_confirm",
            CustomerNotice::ChooseSeverity => "choose_severity",
            CustomerNotice::UnknownSeverity => "unknown_severity",
            CustomerNotice::UnknownReference => "unknown_reference",
            CustomerNotice::FollowerGone => "follower_gone",
            CustomerNotice::EmptyMessage => "empty_message",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_reads_back_from_its_code() {
        for notice in CustomerNotice::ALL {
            assert_eq!(CustomerNotice::parse(notice.code()), Some(notice));
        }
        assert_eq!(CustomerNotice::parse("Please write your message."), None);
    }
}
