//! The terminal side of destructive commands' confirmation: with stdin a real terminal (a
//! pseudo-terminal from openpty), the operator must type the tenant id; anything else changes
//! nothing. (Without a terminal, `--yes` is required: tests/it/bad_input.rs and the lifecycle tests.)

use std::fs::File;
use std::io::Write;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::Stdio;

use crate::common::{Sdk, TestEnv};

/// Run tenantctl with stdin on a fresh pseudo-terminal on which `typed` has been typed;
/// stdout and stderr are pipes. Returns (exit code, stderr).
fn run_on_terminal(env: &TestEnv, args: &[&str], typed: &str) -> (i32, String) {
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty writes two new descriptors into the out-parameters; the null name,
    // termios and window-size arguments are documented as optional.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened by openpty and are owned by nobody else.
    let (mut master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    // Typed ahead: the terminal's line discipline holds the line until the prompt reads it.
    master.write_all(typed.as_bytes()).unwrap();
    let out = env
        .cmd()
        .args(args)
        .stdin(Stdio::from(slave))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    drop(master);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn status(env: &TestEnv, sdk: &Sdk, t: &str) -> String {
    let rec: serde_json::Value = serde_json::from_str(
        &sdk.param(&format!("/{}/tenants/{t}/record", env.ns))
            .expect("record"),
    )
    .unwrap();
    rec["status"].as_str().unwrap().to_string()
}

#[test]
fn on_a_terminal_the_tenant_id_must_be_typed() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-c",
        "--tier",
        "basic",
        "--user",
        "a@clinic-c.example",
    ]);
    let suspend = [
        "tenant",
        "suspend",
        "clinic-c",
        "--reason",
        "unpaid invoice",
    ];

    // A look-alike answer: refused, exit 2, nothing changed.
    let (code, err) = run_on_terminal(&env, &suspend, "clinic-d\n");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("Type the tenant id (clinic-c) to confirm"),
        "{err}"
    );
    assert!(
        err.contains("did not match clinic-c; nothing was changed"),
        "{err}"
    );
    assert_eq!(status(&env, &sdk, "clinic-c"), "active");

    // An empty line (Enter pressed by habit): refused too.
    let (code, err) = run_on_terminal(&env, &suspend, "\n");
    assert_eq!(code, 2, "{err}");
    assert_eq!(status(&env, &sdk, "clinic-c"), "active");

    // The tenant id: the suspension goes ahead.
    let (code, err) = run_on_terminal(&env, &suspend, "clinic-c\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(status(&env, &sdk, "clinic-c"), "suspended");
}
