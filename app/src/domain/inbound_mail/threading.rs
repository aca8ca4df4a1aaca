//! Which case an email answers. A reference found here only names a case;
//! whether the sender may write to it is decided elsewhere.

use crate::domain::CaseReference;

/// Every `[ESC-XXXXXX]` in a subject line, in order.
pub fn references_in_subject(subject: &str) -> Vec<CaseReference> {
    subject
        .split('[')
        .skip(1)
        .filter_map(|rest| rest.split_once(']'))
        .filter_map(|(inside, _)| CaseReference::parse(inside))
        .collect()
}

/// The case named by one of our own Message-IDs, `<ESC-XXXXXX.ANYTHING@DOMAIN>`:
/// the part of the local part before the first dot.
pub fn reference_in_message_id(id: &str) -> Option<CaseReference> {
    let id = id.trim().trim_start_matches('<');
    let (local, _domain) = id.split_once('@')?;
    let first = local.split('.').next()?;
    CaseReference::parse(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_references_are_found_in_brackets_only() {
        let found =
            references_in_subject("Re: [ESC-7Q4K2M] Checkout fails [esc-abcdef] ESC-XYZWVU");
        let found: Vec<_> = found.iter().map(CaseReference::as_str).collect();
        assert_eq!(found, ["ESC-7Q4K2M", "ESC-ABCDEF"]);
        assert!(references_in_subject("Re: [ESC-0Q4K2M] [] [").is_empty());
    }

    #[test]
    fn our_message_ids_name_their_case() {
        let r = reference_in_message_id("<ESC-7Q4K2M.1764160000.update@baton.example>");
        assert_eq!(r.map(|r| r.to_string()).as_deref(), Some("ESC-7Q4K2M"));
        let bare = reference_in_message_id("ESC-7Q4K2M@baton.example");
        assert!(bare.is_some());
        assert!(reference_in_message_id("CAF=abc.def@mail.gmail.com").is_none());
        assert!(reference_in_message_id("ESC-7Q4K2M").is_none());
    }
}
