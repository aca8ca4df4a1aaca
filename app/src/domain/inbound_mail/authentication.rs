//! RFC 8601 `Authentication-Results`: a relay we trust says whether the
//! sender's domain vouched for the email (DMARC, or DKIM aligned with From).
//! Only the topmost header counts (the one our relay added last), and only
//! when its authserv-id names a relay in the configuration: anyone can write
//! such a header into an email, and a relay strips copies of its own id.

/// Whether `header` (the topmost `Authentication-Results` value) comes from
/// one of `trusted` relays and shows DMARC, or DKIM aligned with the From
/// domain, passing for `from_email`.
pub fn vouches_for(header: &str, trusted: &[String], from_email: &str) -> bool {
    let Some((_, from_domain)) = from_email.trim().rsplit_once('@') else {
        return false;
    };
    let mut parts = header.split(';');
    let authserv_id = parts
        .next()
        .and_then(|first| first.split_whitespace().next())
        .unwrap_or_default();
    if !trusted.iter().any(|t| t.eq_ignore_ascii_case(authserv_id)) {
        return false;
    }
    parts.any(|result| {
        let mut words = result.split_whitespace();
        let Some((method, outcome)) = words.next().and_then(|w| w.split_once('=')) else {
            return false;
        };
        if !outcome.eq_ignore_ascii_case("pass") {
            return false;
        }
        let property = match method.to_ascii_lowercase().as_str() {
            "dmarc" => "header.from",
            "dkim" => "header.d",
            _ => return false,
        };
        words.any(|word| {
            word.split_once('=').is_some_and(|(name, value)| {
                name.eq_ignore_ascii_case(property)
                    && value
                        .trim_matches(['"', '(', ')'])
                        .eq_ignore_ascii_case(from_domain)
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusted() -> Vec<String> {
        vec!["mx.help.example".to_owned()]
    }

    #[test]
    fn dmarc_pass_from_a_trusted_relay_vouches() {
        let header = "mx.help.example; spf=pass smtp.mailfrom=corp.example; \
                      dkim=pass header.d=corp.example; dmarc=pass header.from=corp.example";
        assert!(vouches_for(header, &trusted(), "kim@Corp.Example"));
    }

    #[test]
    fn dkim_must_be_aligned_with_the_from_domain() {
        let header = "mx.help.example; dkim=pass header.d=evil.example";
        assert!(!vouches_for(header, &trusted(), "kim@corp.example"));
        let aligned = "mx.help.example 1; dkim=pass header.d=corp.example";
        assert!(vouches_for(aligned, &trusted(), "kim@corp.example"));
    }

    #[test]
    fn an_unknown_relay_or_a_failure_vouches_for_nothing() {
        let other = "mx.evil.example; dmarc=pass header.from=corp.example";
        assert!(!vouches_for(other, &trusted(), "kim@corp.example"));
        let failed = "mx.help.example; dmarc=fail header.from=corp.example";
        assert!(!vouches_for(failed, &trusted(), "kim@corp.example"));
        let spf_only = "mx.help.example; spf=pass smtp.mailfrom=corp.example";
        assert!(!vouches_for(spf_only, &trusted(), "kim@corp.example"));
        assert!(!vouches_for("", &trusted(), "kim@corp.example"));
        assert!(!vouches_for(
            "mx.help.example; dmarc=pass header.from=corp.example",
            &[],
            "kim@corp.example"
        ));
    }
}
