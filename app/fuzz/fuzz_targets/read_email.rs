//! Any bytes a mail server might hand us must be read or refused, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &[u8]| {
    let _ = app::domain::inbound_mail::read(raw);
});
