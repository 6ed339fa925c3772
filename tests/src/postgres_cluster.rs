//! Throwaway PostgreSQL cluster for integration tests, built from the server
//! binaries installed on the machine (std only, no external crates).
//!
//! The cluster usually lives in a `static OnceLock` for the whole test process.
//! Rust never runs destructors for statics, and `pg_ctl` detaches the server
//! into its own session, so nothing would stop it when the tests end. A small
//! watchdog shell process (see [`spawn_watchdog`]) therefore waits for the test
//! process to die (normal exit, panic or `kill -9`) and then stops the server
//! and deletes its directory.

use std::fs;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const MISSING: &str = "PostgreSQL 15 server binaries not found (looked for initdb in PATH, \
/usr/local/bin and /usr/lib/postgresql/*/bin). Install them with `apt-get install postgresql` \
or set GOVERNANCE_TEST_DATABASE_URL=postgres://...";

/// A running throwaway cluster; tests connect via `url(dbname)`.
pub struct PostgresCluster {
    port: u16,
    /// Temp dir holding `data/`, `sock/` and `server.log`; removed on stop.
    dir: PathBuf,
    pg_ctl: PathBuf,
    /// initdb refuses to run as root, so as root every server-side binary runs
    /// as the `postgres` user through `runuser`.
    as_root: bool,
    watchdog: Option<Child>,
}

impl PostgresCluster {
    /// initdb a fresh cluster in a temp dir, start it on a free 127.0.0.1 port
    /// and wait until it accepts connections. Retries on "could not bind": the
    /// "bind port 0, release, reuse" trick can race with parallel test processes.
    pub fn start() -> Result<PostgresCluster, String> {
        let (initdb, pg_ctl) = match (find_pg_binary("initdb"), find_pg_binary("pg_ctl")) {
            (Some(i), Some(c)) => (i, c),
            _ => return Err(MISSING.to_string()),
        };
        // A failed attempt's cluster was already dropped (stopped + dir removed).
        let mut result = Self::try_start(&initdb, &pg_ctl);
        for _ in 0..2 {
            match &result {
                Err(e) if e.contains("could not bind") => result = Self::try_start(&initdb, &pg_ctl),
                _ => break,
            }
        }
        result
    }

    fn try_start(initdb: &Path, pg_ctl: &Path) -> Result<PostgresCluster, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("cannot pick a free port: {e}"))?
            .port();
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!("pg-test-{}-{port}-{nanos}", std::process::id()));
        fs::create_dir_all(dir.join("sock")).map_err(|e| format!("mkdir {}: {e}", dir.display()))?;
        // From here on `Drop` (and the watchdog) clean up if anything fails.
        let mut cluster =
            PostgresCluster { port, dir, pg_ctl: pg_ctl.to_path_buf(), as_root: is_root(), watchdog: None };
        let (dir, data) = (cluster.dir.clone(), cluster.dir.join("data"));
        if cluster.as_root {
            run(Command::new("chown").arg("-R").arg("postgres:postgres").arg(&dir))?;
        }
        cluster.watchdog = spawn_watchdog(&cluster);

        // Trust auth (local + host 127.0.0.1), superuser `postgres`, C locale.
        let mut cmd = cluster.server_cmd(initdb);
        cmd.arg("-D").arg(&data).args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        run(&mut cmd).map_err(|e| format!("initdb failed: {e}"))?;

        // Settings go into postgresql.conf (rather than `pg_ctl -o`) so that paths
        // with spaces need no shell quoting. Speed over durability: throwaway data.
        let conf = format!(
            "\nlisten_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{}'\n\
             fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n\
             max_connections = 200\nshared_buffers = 64MB\n",
            dir.join("sock").display().to_string().replace('\'', "''")
        );
        fs::OpenOptions::new()
            .append(true)
            .open(data.join("postgresql.conf"))
            .and_then(|mut f| f.write_all(conf.as_bytes()))
            .map_err(|e| format!("cannot write postgresql.conf: {e}"))?;

        let log = dir.join("server.log");
        let mut cmd = cluster.server_cmd(pg_ctl);
        cmd.arg("-D").arg(&data).arg("-l").arg(&log).args(["-w", "-t", "30", "start"]);
        if let Err(e) = run(&mut cmd) {
            return Err(format!("pg_ctl start failed: {e}\n--- server log tail ---\n{}", log_tail(&log)));
        }
        cluster.wait_ready().map_err(|e| format!("{e}\n--- server log tail ---\n{}", log_tail(&log)))?;
        Ok(cluster)
    }

    /// Poll `pg_isready` (or a plain TCP connect if it is missing) for up to 30 s.
    fn wait_ready(&self) -> Result<(), String> {
        let isready = find_pg_binary("pg_isready");
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let ok = match &isready {
                Some(bin) => Command::new(bin)
                    .args(["-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-p"])
                    .arg(self.port.to_string())
                    .stdin(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success()),
                None => TcpStream::connect(("127.0.0.1", self.port)).is_ok(),
            };
            if ok {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("PostgreSQL on port {} not ready after 30 s", self.port))
    }

    /// postgres://postgres@127.0.0.1:PORT/dbname
    pub fn url(&self, dbname: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{dbname}", self.port)
    }

    /// Run SQL as superuser via `psql`. The SQL is fed on stdin (not `-c`) so
    /// each statement runs separately, e.g. `CREATE DATABASE x; SELECT 1`.
    /// Returns psql's unaligned, tuples-only stdout; Err carries stderr.
    pub fn psql(&self, dbname: &str, sql: &str) -> Result<String, String> {
        let psql = find_pg_binary("psql").ok_or("psql client binary not found")?;
        let mut child = Command::new(psql)
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres", "-p"])
            .arg(self.port.to_string())
            .args(["-d", dbname, "-f", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run psql: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(sql.as_bytes()).map_err(|e| format!("writing to psql: {e}"))?;
        } // stdin dropped here -> EOF
        let out = child.wait_with_output().map_err(|e| format!("psql: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!("psql failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr).trim()))
        }
    }

    /// A command for a server-side binary, wrapped in `runuser -u postgres --` when root.
    fn server_cmd(&self, bin: &Path) -> Command {
        let mut cmd = Command::new(if self.as_root { Path::new("runuser") } else { bin });
        if self.as_root {
            cmd.args(["-u", "postgres", "--"]).arg(bin);
        }
        // The postgres user may not be allowed into the caller's cwd.
        cmd.current_dir(&self.dir).stdin(Stdio::null());
        cmd
    }
}

impl Drop for PostgresCluster {
    /// For non-static use: stop immediately, delete the dir, retire the watchdog.
    fn drop(&mut self) {
        let mut cmd = self.server_cmd(&self.pg_ctl.clone());
        cmd.arg("-D").arg(self.dir.join("data")).args(["stop", "-m", "immediate"]);
        let _ = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status();
        let _ = fs::remove_dir_all(&self.dir);
        if let Some(mut w) = self.watchdog.take() {
            let _ = w.kill();
            let _ = w.wait();
        }
    }
}

/// Detached `sh` loop: once the test process is gone, `pg_ctl stop -m immediate`
/// and `rm -rf` the dir. It runs in its own session (`setsid`) so process-group
/// kills of the test binary (Ctrl-C, nextest timeouts) don't take it down first,
/// and its stdio is /dev/null so it never holds the harness's output pipes open.
/// Values are passed as positional args, so no shell quoting is needed.
fn spawn_watchdog(c: &PostgresCluster) -> Option<Child> {
    const SCRIPT: &str = "p=$1; d=$2; shift 2; \
        while kill -0 \"$p\" 2>/dev/null; do sleep 1; done; \"$@\"; rm -rf \"$d\"";
    let mut cmd = match find_in_path("setsid") {
        Some(setsid) => Command::new(setsid),
        None => {
            let mut c = Command::new("nohup");
            c.process_group(0); // at least leave the test's process group
            c
        }
    };
    cmd.args(["sh", "-c", SCRIPT, "pg-watchdog"]).arg(std::process::id().to_string()).arg(&c.dir);
    if c.as_root {
        cmd.args(["runuser", "-u", "postgres", "--"]);
    }
    cmd.arg(&c.pg_ctl).arg("-D").arg(c.dir.join("data")).args(["stop", "-m", "immediate"]);
    cmd.current_dir("/").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    cmd.spawn().ok()
}

/// Locate a PostgreSQL binary by name: PATH, /usr/local/bin, newest /usr/lib/postgresql/*/bin.
pub fn find_pg_binary(name: &str) -> Option<PathBuf> {
    let local = Path::new("/usr/local/bin").join(name);
    if let Some(p) = find_in_path(name).or_else(|| local.is_file().then_some(local)) {
        return Some(p);
    }
    // Versions sort numerically, so 15 beats 9.6.
    let mut versions: Vec<(Vec<u32>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let ver =
                e.file_name().to_string_lossy().split('.').map(|s| s.parse().ok()).collect::<Option<Vec<u32>>>()?;
            Some((ver, e.path().join("bin").join(name)))
        })
        .filter(|(_, p)| p.is_file())
        .collect();
    versions.sort();
    versions.pop().map(|(_, p)| p)
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(name)).find(|p| p.is_file())
}

/// Effective uid 0? Read from /proc (no libc, and `unsafe` is forbidden), else `id -u`.
fn is_root() -> bool {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(line) = status.lines().find(|l| l.starts_with("Uid:")) {
        return line.split_whitespace().nth(2) == Some("0"); // real, effective, ...
    }
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// Run to completion; Err with the command, exit status and output on failure.
fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    Err(format!("{cmd:?} exited with {}: {}", out.status, text.trim()))
}

fn log_tail(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_else(|e| format!("(cannot read {}: {e})", log.display()));
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
