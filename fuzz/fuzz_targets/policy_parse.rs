//! Fuzz target `policy_parse`: see ../checks.rs for the properties checked.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::policy_parse(data));
