//! The real binary in tmux, for end-to-end tests: a server on its own
//! socket (killed when the value is dropped), one session, keys sent one at
//! a time, screens captured with their SGR escapes (`capture-pane -e`).
//!
//! Needs `tmux` (Debian package `tmux`); a missing tmux fails the test.
#![allow(dead_code)] // each test file uses its own part

use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub struct Tmux {
    /// `tmux -L SOCKET`: one server per test.
    pub socket: String,
    /// The session keys go to and screens come from.
    pub session: String,
    /// How long to let the program catch up before each capture.
    pub pause: Duration,
}

impl Tmux {
    pub fn new(socket: String, session: &str, pause_ms: u64) -> Tmux {
        Tmux {
            socket,
            session: session.to_string(),
            pause: Duration::from_millis(pause_ms),
        }
    }

    /// Another session on the same server (dropping either kills the server).
    pub fn other(&self, session: &str) -> Tmux {
        Tmux {
            socket: self.socket.clone(),
            session: session.to_string(),
            pause: self.pause,
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run tmux ({e}): install the Debian package `tmux`"))
    }

    /// Send keys (as tmux names them) one at a time.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let out = self.run(&["send-keys", "-t", &self.session, k]);
            assert!(out.status.success(), "send-keys {k}: {out:?}");
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Type text literally.
    pub fn literal(&self, text: &str) {
        let out = self.run(&["send-keys", "-t", &self.session, "-l", text]);
        assert!(out.status.success());
        std::thread::sleep(Duration::from_millis(100));
    }

    /// The screen with SGR escapes, after `pause`.
    pub fn capture(&self) -> String {
        std::thread::sleep(self.pause);
        let out = self.run(&["capture-pane", "-p", "-e", "-t", &self.session]);
        assert!(out.status.success(), "capture-pane: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen once it stops changing (the program has caught up with
    /// the keys sent), within 10 seconds.
    pub fn settled(&self) -> String {
        let start = Instant::now();
        let mut last = self.capture();
        loop {
            let now = self.capture();
            if now == last {
                return now;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the screen never settled:\n{now}"
            );
            last = now;
        }
    }

    /// The first screen holding `needle`, within 15 seconds.
    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.capture();
            if s.contains(needle) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {needle:?}:\n{s}"
            );
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
