//! Start-up: demo mode (which shows every sign-in code at /dev/mailbox)
//! refuses to run where it could reach real people or data, and a
//! production start needs its secret key. Each refusal happens before
//! anything is opened, with a message that says what to change.

use std::process::{Command, Output};

fn start(vars: &[(&str, &str)]) -> Output {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rtw-portal"));
    cmd.env_clear().env("RTW_DATA_DIR", data.path()).env("LEPTOS_SITE_ADDR", "127.0.0.1:0");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    // A start that is not refused would serve: it must not get that far.
    let child = cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let out = wait_briefly(child);
    assert!(!out.status.success(), "started with {vars:?}");
    out
}

/// The output of a process that should exit at once (killed after 20 s).
fn wait_briefly(mut child: std::process::Child) -> Output {
    for _ in 0..200 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    panic!("the server did not stop: {:?}", child.wait_with_output().unwrap());
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn demo_mode_stops_at_start_up_where_it_could_hurt() {
    let cases: [&[(&str, &str)]; 4] = [
        &[("DATABASE_URL", "postgres://rtw:s3cret@127.0.0.1:1/rtw")],
        &[("RTW_SMTP_HOST", "127.0.0.1"), ("RTW_SMTP_TLS", "none"), ("RTW_MAIL_FROM", "a@example.com")],
        &[("RTW_PUBLIC_URL", "https://portal.example.org")],
        &[("LEPTOS_SITE_ADDR", "0.0.0.0:0")],
    ];
    for vars in cases {
        let mut vars = vars.to_vec();
        vars.push(("RTW_DEMO", "1"));
        let out = start(&vars);
        let message = stderr(&out);
        assert!(message.contains("RTW_DEMO") && message.contains("/dev/mailbox"), "{vars:?}: {message}");
        assert!(!message.contains("s3cret"), "{message}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"), "{vars:?}");
    }
}

#[test]
fn a_production_start_without_a_secret_key_stops_and_says_how_to_make_one() {
    let out = start(&[("RTW_DEMO", "0")]);
    let message = stderr(&out);
    assert!(message.contains("RTW_SECRET_KEY") && message.contains("openssl rand -hex 32"), "{message}");
}
