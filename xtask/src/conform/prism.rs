//! Stoplight's Prism: installed from the project's own `xtask/conform/package.json` and
//! `package-lock.json` by `npm ci` (into `xtask/conform/node_modules/`, ignored by git), and run
//! as a mock server of one document on a free loopback port, stopped when dropped.

use crate::Error;
use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The folder of the npm project that pins Prism, relative to the repository root.
pub const DIR: &str = "xtask/conform";

/// How long Prism may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(90);

/// The copy of the lock file an install was made from: a changed lock installs again.
const STAMP: &str = "node_modules/.conform-lock.json";

/// Prism's executable, installed first when it is not, or when the lock changed since.
pub fn install(root: &Path) -> Result<PathBuf, Error> {
    let dir = root.join(DIR);
    let lock_path = dir.join("package-lock.json");
    let lock = fs::read_to_string(&lock_path).map_err(|error| {
        Error::Failed(format!(
            "cannot read {}: {error}; it pins Prism's version (restore it with git)",
            lock_path.display()
        ))
    })?;
    let prism = dir.join("node_modules").join(".bin").join("prism");
    let stamp = dir.join(STAMP);
    if prism.exists() && fs::read_to_string(&stamp).is_ok_and(|done| done == lock) {
        return Ok(prism);
    }
    for tool in ["node", "npm"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if !found.is_ok_and(|status| status.success()) {
            return Err(Error::Failed(format!(
                "`{tool}` is not on PATH: `cargo xtask conform` runs Stoplight's Prism, a Node.js \
                 program; install Node.js 18.20 or later (with npm), then run it again"
            )));
        }
    }
    println!("installing Prism with `npm ci` in {DIR}/ (once) …");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .status()
        .map_err(|error| Error::Failed(format!("cannot run npm: {error}")))?;
    if !status.success() || !prism.exists() {
        return Err(Error::Failed(format!(
            "`npm ci` in {} failed ({status}): see npm's messages above (is the npm registry \
             reachable?)",
            dir.display()
        )));
    }
    fs::write(&stamp, lock)
        .map_err(|error| Error::Failed(format!("{}: {error}", stamp.display())))?;
    Ok(prism)
}

/// A running Prism mock server, killed when dropped (on every path, errors included).
pub struct Server {
    child: Child,
    /// Where it listens, e.g. `http://127.0.0.1:40123`.
    pub base: String,
    log: PathBuf,
}

impl Server {
    /// Starts `prism mock -d` (bodies generated from the schemas) on `document` (a file of
    /// JSON), on a free loopback port, and waits until it listens; what it prints goes to
    /// `log`.
    pub fn start(prism: &Path, document: &Path, log: &Path) -> Result<Server, Error> {
        let port = free_port()?;
        let output = fs::File::create(log)
            .map_err(|error| Error::Failed(format!("{}: {error}", log.display())))?;
        let errors = output
            .try_clone()
            .map_err(|error| Error::Failed(format!("{}: {error}", log.display())))?;
        let child = Command::new(prism)
            .args([
                "mock",
                "-d",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .arg(document)
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(errors)
            .spawn()
            .map_err(|error| Error::Failed(format!("cannot start {}: {error}", prism.display())))?;
        let mut server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
        };
        server.wait_listening(port)?;
        Ok(server)
    }

    fn wait_listening(&mut self, port: u16) -> Result<(), Error> {
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(Error::Failed(format!(
                    "Prism stopped ({status}) before it listened: {}",
                    self.said()
                )));
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if start.elapsed() > START_TIMEOUT {
                return Err(Error::Failed(format!(
                    "Prism did not listen on {address} within {} s: {}",
                    START_TIMEOUT.as_secs(),
                    self.said()
                )));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The end of what Prism printed, for an error message.
    pub fn said(&self) -> String {
        let text = fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(15)..].join("\n");
        format!("its log {} ends:\n{tail}", self.log.display())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Already stopped, or gone: nothing more to do either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now.
fn free_port() -> Result<u16, Error> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|error| Error::Failed(format!("no free loopback port: {error}")))
}
