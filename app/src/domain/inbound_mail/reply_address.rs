//! Signed reply addresses: every email we send a customer carries its own
//! `Reply-To`, `support+ESC-7Q4K2M.<mac>@domain`, where the MAC (made by the
//! service with the instance secret) binds the case to the recipient. A reply
//! to that address proves it comes from someone we wrote to about that case;
//! a reference in a subject or a `From` header proves nothing.

use crate::domain::CaseReference;

/// Characters of the MAC kept in the address (base32, 5 bits each: 130 bits).
pub const MAC_CHARS: usize = 26;

/// What the MAC covers: the case and the recipient, lower-cased, so the
/// same address signed for one customer does not work for another.
pub fn signed_message(reference: &CaseReference, recipient: &str) -> String {
    format!(
        "baton-reply-address\0{}\0{}",
        reference.as_str(),
        recipient.trim().to_ascii_lowercase()
    )
}

/// Lower-case RFC 4648 base32 without padding: safe in a local part, and
/// unchanged by mail systems that fold case.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The reply address for `base` (our own address, e.g. `support@help.example`)
/// with the case and MAC in a `+` tag.
pub fn compose(base: &str, reference: &CaseReference, mac: &str) -> Option<String> {
    let (local, domain) = base.trim().rsplit_once('@')?;
    let local = local.split('+').next().unwrap_or(local);
    Some(format!("{local}+{}.{mac}@{domain}", reference.as_str()))
}

/// The case and MAC in one of our reply addresses, as the sender gave them;
/// `None` for any other address.
pub fn parse(address: &str) -> Option<(CaseReference, String)> {
    let (local, _domain) = address.trim().trim_matches(['<', '>']).rsplit_once('@')?;
    let (_, tag) = local.split_once('+')?;
    let (reference, mac) = tag.split_once('.')?;
    let mac = mac.to_ascii_lowercase();
    (mac.len() == MAC_CHARS && mac.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(())?;
    Some((CaseReference::parse(reference)?, mac))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> CaseReference {
        CaseReference::parse("ESC-7Q4K2M").unwrap()
    }

    #[test]
    fn base32_matches_the_rfc_examples_in_lower_case() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "my");
        assert_eq!(base32(b"foobar"), "mzxw6ytboi");
    }

    #[test]
    fn an_address_round_trips_and_keeps_our_own_local_part() {
        let mac = "a".repeat(MAC_CHARS);
        let address = compose("support+old@help.example", &reference(), &mac).unwrap();
        assert_eq!(address, format!("support+ESC-7Q4K2M.{mac}@help.example"));
        let (found, found_mac) = parse(&address.to_uppercase()).unwrap();
        assert_eq!(found, reference());
        assert_eq!(found_mac, mac);
    }

    #[test]
    fn other_addresses_are_not_reply_addresses() {
        assert!(parse("support@help.example").is_none());
        assert!(parse("support+ESC-7Q4K2M@help.example").is_none());
        assert!(parse("support+ESC-7Q4K2M.short@help.example").is_none());
        assert!(parse("support+nonsense.aaaaaaaaaaaaaaaaaaaaaaaaaa@help.example").is_none());
    }

    #[test]
    fn the_signed_message_binds_case_and_recipient() {
        let a = signed_message(&reference(), "Kim@Example.com ");
        assert_eq!(a, signed_message(&reference(), "kim@example.com"));
        assert_ne!(a, signed_message(&reference(), "eve@example.com"));
    }
}
