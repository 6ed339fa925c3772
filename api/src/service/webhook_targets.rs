//! Where webhooks may be delivered: the target URL's form, and every address its host resolves to,
//! checked at creation and again by the delivery's own resolver (so a host that changes its DNS
//! answer after creation, DNS rebinding, is refused at delivery). The address rule is
//! `domain::webhooks`.

use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use domain::webhooks::{check_target_addresses, TrustedNetwork};

/// A target URL's scheme, host and port, parsed as the HTTP client will parse it.
struct Target {
    scheme: &'static str,
    host: String,
    port: u16,
}

fn parse(text: &str) -> Result<Target, String> {
    if text.len() > 2_000 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("target_url must be at most 2000 characters with no spaces".into());
    }
    let url = url::Url::parse(text).map_err(|e| format!("target_url is not a URL: {e}"))?;
    let scheme = match url.scheme() {
        "https" => "https",
        "http" => "http",
        _ => return Err("target_url must be an https:// URL".into()),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err("target_url must not carry a user name or password".into());
    }
    // The URL parser has already turned decimal, octal and hexadecimal IPv4 forms into an address.
    let host = match url.host() {
        Some(url::Host::Domain(name)) => name.to_string(),
        Some(url::Host::Ipv4(v4)) => v4.to_string(),
        Some(url::Host::Ipv6(v6)) => v6.to_string(),
        None => return Err("target_url must name a host".into()),
    };
    let port = url.port_or_known_default().ok_or("target_url must name a port")?;
    Ok(Target { scheme, host, port })
}

fn resolve(host: &str, port: u16) -> io::Result<Vec<IpAddr>> {
    Ok((host, port).to_socket_addrs()?.map(|a| a.ip()).collect())
}

/// Checks a target before it is stored: its form, and where its host resolves now. Resolves the
/// host's name, so call it outside a database transaction.
pub fn check(text: &str, trusted: &[TrustedNetwork]) -> Result<(), String> {
    let target = parse(text)?;
    let addresses =
        resolve(&target.host, target.port).map_err(|_| "the target's host could not be resolved".to_string())?;
    check_target_addresses(target.scheme, &addresses, trusted)
}

/// The scheme of a stored target (`None` if it no longer parses: the delivery is refused).
pub fn scheme_of(text: &str) -> Option<&'static str> {
    parse(text).ok().map(|t| t.scheme)
}

/// A resolver for the HTTP client that connects only to addresses the rule allows: the addresses
/// checked are the ones connected to. Identity providers' keys are fetched through it too.
pub fn guarded_resolver(
    scheme: &'static str,
    trusted: Vec<TrustedNetwork>,
) -> impl Fn(&str) -> io::Result<Vec<SocketAddr>> + Send + Sync + 'static {
    move |netloc: &str| {
        let addresses: Vec<SocketAddr> = netloc.to_socket_addrs()?.collect();
        let ips: Vec<IpAddr> = addresses.iter().map(SocketAddr::ip).collect();
        check_target_addresses(scheme, &ips, &trusted)
            .map_err(|reason| io::Error::new(io::ErrorKind::PermissionDenied, reason))?;
        Ok(addresses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> Vec<TrustedNetwork> {
        vec![TrustedNetwork::parse("127.0.0.0/8").unwrap_or_else(|e| panic!("{e}"))]
    }

    #[test]
    fn the_tricks_of_the_outside_test_are_refused() {
        for url in [
            "http://127.0.0.1:9000/hook",
            "https://127.0.0.1/hook",
            "https://localhost/hook",
            "https://[::1]/hook",
            "https://0.0.0.0/hook",
            "https://2130706433/hook",
            "https://0x7f.1/hook",
            "https://example.org@127.0.0.1/hook",
            "https://user:pw@8.8.8.8/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://10.0.0.1/hook",
            "https://192.168.1.1/hook",
            "https://[::ffff:127.0.0.1]/hook",
            "https://[fd00::1]/hook",
            "http://8.8.8.8/hook",
            "ftp://8.8.8.8/hook",
            "https:///hook",
            "https://no-such-host.invalid/hook",
        ] {
            assert!(check(url, &[]).is_err(), "{url} was accepted");
        }
    }

    #[test]
    fn public_https_targets_and_trusted_private_receivers_are_accepted() {
        assert_eq!(check("https://8.8.8.8/hook", &[]), Ok(()));
        assert_eq!(check("https://[2a00:1450::1]:8443/hook", &[]), Ok(()));
        assert_eq!(check("http://127.0.0.1:9000/hook", &loopback()), Ok(()));
        assert_eq!(check("https://127.0.0.1:9000/hook", &loopback()), Ok(()));
        // Trusting loopback does not trust the rest of the private ranges.
        assert!(check("http://10.0.0.1/hook", &loopback()).is_err());
    }

    #[test]
    fn the_delivery_resolver_refuses_what_creation_would() {
        let refusing = guarded_resolver("https", Vec::new());
        assert!(refusing("127.0.0.1:443").is_err());
        assert!(refusing("localhost:443").is_err());
        let trusting = guarded_resolver("http", loopback());
        assert_eq!(trusting("127.0.0.1:80").map(|a| a.len()).ok(), Some(1));
    }
}
