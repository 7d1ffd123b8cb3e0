//! The one integration-test binary. Every test is a module of this crate (named after the
//! file it lives in, so `cargo test --test it isolation_proof::` runs one file's tests), and
//! the support modules are shared by all of them: one link of the AWS SDK crates instead of
//! one per file. `layout::every_test_file_is_compiled_into_the_one_binary` fails when a file
//! under tests/ is not reachable from here, or when one would be a test binary of its own.
//! Snapshots (insta) live in tests/it/snapshots.

mod common;
mod cost_support;
mod cur_support;
mod lifecycle_support;

mod agentcore_authorizers;
mod bad_input;
mod bedrock_projects;
mod cli_reference;
mod completions;
mod confirm_terminal;
mod cost_athena;
mod cost_budget;
mod cost_cur;
mod cost_report;
mod cost_setup;
mod faults;
mod foundation;
mod fuzz_smoke;
mod isolation_offline;
mod isolation_online;
mod isolation_proof;
mod isolation_soundness;
mod layout;
mod leases_audit;
mod lifecycle_limits;
mod lifecycle_memory;
mod lifecycle_offboard;
mod lifecycle_restore;
mod lifecycle_set_tier;
mod lifecycle_users;
mod output_snapshots;
mod policy_conformance;
mod policy_engine;
mod policy_props;
mod policy_simulate_cli;
mod registry_index;
mod tenant_claims;
