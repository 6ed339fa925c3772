//! Which network addresses a webhook may be delivered to.
//!
//! A webhook target is chosen by a client, and the service calls it from inside the hosting network:
//! unless the address is on the public internet, the service could be used to reach (or map) hosts
//! that only it can reach. Targets are refused when any address their host resolves to is loopback,
//! link-local, private, unique-local, multicast, unspecified or otherwise not globally routable,
//! unless the operator has listed that network as a trusted private receiver.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not a public one (`None` from [`non_public_reason`] means public).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonPublic {
    Unspecified,
    Loopback,
    Private,
    LinkLocal,
    UniqueLocal,
    Multicast,
    /// Shared (carrier-grade NAT), benchmarking, documentation, broadcast or reserved ranges.
    Reserved,
}

impl NonPublic {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified",
            Self::Loopback => "loopback",
            Self::Private => "private",
            Self::LinkLocal => "link-local",
            Self::UniqueLocal => "unique-local",
            Self::Multicast => "multicast",
            Self::Reserved => "reserved",
        }
    }
}

/// Why `address` is not on the public internet, or `None` if it is.
pub fn non_public_reason(address: IpAddr) -> Option<NonPublic> {
    match address {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

fn v4_reason(ip: Ipv4Addr) -> Option<NonPublic> {
    let [a, b, c, _] = ip.octets();
    if a == 0 {
        // 0.0.0.0/8: "this network"; 0.0.0.0 itself reaches the local host on most systems.
        return Some(NonPublic::Unspecified);
    }
    if a == 127 {
        return Some(NonPublic::Loopback);
    }
    if a == 10 || (a == 172 && (16..=31).contains(&b)) || (a == 192 && b == 168) {
        return Some(NonPublic::Private);
    }
    if a == 169 && b == 254 {
        return Some(NonPublic::LinkLocal);
    }
    if (224..=239).contains(&a) {
        return Some(NonPublic::Multicast);
    }
    let shared = a == 100 && (64..=127).contains(&b);
    let protocol_assignments = a == 192 && b == 0 && c == 0;
    let documentation =
        (a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113);
    let benchmarking = a == 198 && (b == 18 || b == 19);
    let reserved = a >= 240; // includes 255.255.255.255, the broadcast address
    if shared || protocol_assignments || documentation || benchmarking || reserved {
        return Some(NonPublic::Reserved);
    }
    None
}

fn v6_reason(ip: Ipv6Addr) -> Option<NonPublic> {
    if ip.is_unspecified() {
        return Some(NonPublic::Unspecified);
    }
    if ip.is_loopback() {
        return Some(NonPublic::Loopback);
    }
    // Addresses that carry an IPv4 address reach that address: judge it instead.
    if let Some(v4) = embedded_v4(ip) {
        return v4_reason(v4);
    }
    let first = ip.segments()[0];
    if first & 0xfe00 == 0xfc00 {
        return Some(NonPublic::UniqueLocal);
    }
    if first & 0xffc0 == 0xfe80 || first & 0xffc0 == 0xfec0 {
        // fe80::/10 link-local, and fec0::/10, the deprecated site-local range.
        return Some(NonPublic::LinkLocal);
    }
    if first & 0xff00 == 0xff00 {
        return Some(NonPublic::Multicast);
    }
    let documentation = first == 0x2001 && ip.segments()[1] == 0x0db8;
    let global_unicast = first & 0xe000 == 0x2000;
    if documentation || !global_unicast {
        return Some(NonPublic::Reserved);
    }
    None
}

/// The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64
/// (64:ff9b::a.b.c.d) IPv6 address.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    let mapped = s[..5] == [0, 0, 0, 0, 0] && s[5] == 0xffff;
    let compatible = s[..6] == [0, 0, 0, 0, 0, 0];
    let nat64 = s[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    (mapped || compatible || nat64).then_some(tail)
}

/// A network the operator trusts as a private receiver (`address/prefix`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedNetwork {
    address: IpAddr,
    prefix: u8,
}

impl TrustedNetwork {
    /// Parses `10.1.0.0/16`, `::1/128` or a single address (a full-length prefix).
    pub fn parse(text: &str) -> Result<TrustedNetwork, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address.parse().map_err(|_| format!("{text:?} is not an IP address or network"))?;
        let longest = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => longest,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= longest)
                .ok_or_else(|| format!("{text:?}: the prefix length must be 0 to {longest}"))?,
        };
        Ok(TrustedNetwork { address, prefix })
    }

    pub fn contains(&self, candidate: IpAddr) -> bool {
        match (self.address, candidate) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => same_prefix(&net.octets(), &ip.octets(), self.prefix),
            (IpAddr::V6(net), IpAddr::V6(ip)) => same_prefix(&net.octets(), &ip.octets(), self.prefix),
            _ => false,
        }
    }
}

fn same_prefix(network: &[u8], candidate: &[u8], prefix: u8) -> bool {
    let prefix = usize::from(prefix);
    let whole = prefix / 8;
    if network[..whole] != candidate[..whole] {
        return false;
    }
    let rest = prefix % 8;
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    network[whole] & mask == candidate[whole] & mask
}

/// How a delivery may reach one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A public address: only over `https`.
    Public,
    /// A non-public address in a trusted network: `https` or `http`.
    Trusted,
    /// Refused, with the reason.
    Refused(NonPublic),
}

/// Whether (and how) a delivery may reach `address`, given the operator's trusted networks.
pub fn reach(address: IpAddr, trusted: &[TrustedNetwork]) -> Reach {
    // Unwrap IPv4-mapped addresses so a trusted IPv4 network covers them too.
    let address = match address {
        IpAddr::V6(v6) => embedded_v4(v6).filter(|_| v6.segments()[5] == 0xffff).map_or(address, IpAddr::V4),
        v4 => v4,
    };
    if trusted.iter().any(|network| network.contains(address)) {
        return Reach::Trusted;
    }
    match non_public_reason(address) {
        None => Reach::Public,
        Some(reason) => Reach::Refused(reason),
    }
}

/// Whether every address a target's host resolves to may be reached over `scheme` (`"https"` or
/// `"http"`). Plain `http` is for trusted private receivers only: on the public internet a
/// delivery's signature and body would travel in the clear. The message names the first refusal.
pub fn check_target_addresses(scheme: &str, addresses: &[IpAddr], trusted: &[TrustedNetwork]) -> Result<(), String> {
    if addresses.is_empty() {
        return Err("the target's host has no address".into());
    }
    for address in addresses {
        match (reach(*address, trusted), scheme) {
            (Reach::Refused(reason), _) => {
                return Err(format!(
                    "the target's host resolves to a {} address; webhooks are delivered to public addresses only",
                    reason.as_str()
                ))
            }
            (Reach::Public, "http") => {
                return Err(
                    "target_url must be an https:// URL (plain http is only for trusted private receivers)".into()
                )
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn the_addresses_an_attacker_would_try_are_not_public() {
        let cases = [
            ("127.0.0.1", NonPublic::Loopback),
            ("127.255.0.9", NonPublic::Loopback),
            ("::1", NonPublic::Loopback),
            ("0.0.0.0", NonPublic::Unspecified),
            ("::", NonPublic::Unspecified),
            ("10.1.2.3", NonPublic::Private),
            ("172.16.0.1", NonPublic::Private),
            ("172.31.255.255", NonPublic::Private),
            ("192.168.1.1", NonPublic::Private),
            ("169.254.169.254", NonPublic::LinkLocal),
            ("fe80::1", NonPublic::LinkLocal),
            ("fd00::1", NonPublic::UniqueLocal),
            ("fc00::1", NonPublic::UniqueLocal),
            ("224.0.0.1", NonPublic::Multicast),
            ("ff02::1", NonPublic::Multicast),
            ("100.64.0.1", NonPublic::Reserved),
            ("255.255.255.255", NonPublic::Reserved),
            ("198.18.0.1", NonPublic::Reserved),
            ("2001:db8::1", NonPublic::Reserved),
            // IPv4 inside IPv6 is judged as the IPv4 address it reaches.
            ("::ffff:127.0.0.1", NonPublic::Loopback),
            ("::ffff:169.254.169.254", NonPublic::LinkLocal),
            ("::10.0.0.1", NonPublic::Private),
            ("64:ff9b::192.168.0.1", NonPublic::Private),
        ];
        for (address, reason) in cases {
            assert_eq!(non_public_reason(ip(address)), Some(reason), "{address}");
        }
    }

    #[test]
    fn addresses_on_the_public_internet_are_public() {
        for address in [
            "8.8.8.8",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "2a00:1450::1",
            "::ffff:8.8.8.8",
        ] {
            assert_eq!(non_public_reason(ip(address)), None, "{address}");
        }
    }

    /// Each special IPv4 range the classifier knows, from its first to its last address, with the
    /// addresses just outside it (and those matching only some of its octets) on the public internet.
    #[test]
    fn each_special_ipv4_range_ends_exactly_at_its_boundaries() {
        let reserved = Some(NonPublic::Reserved);
        let cases = [
            // 0.0.0.0/8 and 127.0.0.0/8.
            ("0.255.255.255", Some(NonPublic::Unspecified)),
            ("1.0.0.0", None),
            ("126.255.255.255", None),
            ("127.0.0.0", Some(NonPublic::Loopback)),
            ("128.0.0.0", None),
            // 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16.
            ("9.255.255.255", None),
            ("10.0.0.0", Some(NonPublic::Private)),
            ("10.255.255.255", Some(NonPublic::Private)),
            ("11.0.0.0", None),
            ("172.16.0.0", Some(NonPublic::Private)),
            ("172.32.0.0", None),
            ("173.16.0.0", None),
            ("192.167.255.255", None),
            ("192.168.0.0", Some(NonPublic::Private)),
            ("192.168.255.255", Some(NonPublic::Private)),
            ("192.169.0.0", None),
            ("193.168.0.0", None),
            // 169.254.0.0/16.
            ("169.253.255.255", None),
            ("169.254.0.0", Some(NonPublic::LinkLocal)),
            ("169.254.255.255", Some(NonPublic::LinkLocal)),
            ("169.255.0.0", None),
            ("170.254.0.0", None),
            // 224.0.0.0/4.
            ("223.255.255.255", None),
            ("239.255.255.255", Some(NonPublic::Multicast)),
            // 100.64.0.0/10, shared address space (carrier-grade NAT).
            ("100.64.0.0", reserved),
            ("100.127.255.255", reserved),
            ("101.64.0.0", None),
            // 192.0.0.0/24, IETF protocol assignments.
            ("192.0.0.0", reserved),
            ("192.0.0.255", reserved),
            ("192.0.1.0", None),
            ("192.1.0.0", None),
            ("193.0.0.0", None),
            // 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24: documentation (TEST-NET-1, 2 and 3).
            ("192.0.2.0", reserved),
            ("192.0.2.255", reserved),
            ("192.0.3.0", None),
            ("192.1.2.0", None),
            ("193.0.2.0", None),
            ("198.51.99.255", None),
            ("198.51.100.0", reserved),
            ("198.51.100.255", reserved),
            ("198.51.101.0", None),
            ("198.50.100.0", None),
            ("199.51.100.0", None),
            ("203.0.112.255", None),
            ("203.0.113.0", reserved),
            ("203.0.113.255", reserved),
            ("203.0.114.0", None),
            ("203.1.113.0", None),
            ("204.0.113.0", None),
            // 198.18.0.0/15, benchmarking.
            ("198.17.255.255", None),
            ("198.18.0.0", reserved),
            ("198.19.255.255", reserved),
            ("198.20.0.0", None),
            ("199.18.0.0", None),
            // 240.0.0.0/4 (reserved) up to the broadcast address.
            ("240.0.0.0", reserved),
            ("255.255.255.254", reserved),
            ("255.255.255.255", reserved),
        ];
        for (address, reason) in cases {
            assert_eq!(non_public_reason(ip(address)), reason, "{address}");
        }
    }

    /// The IPv6 prefixes by their first 16 bits: unique-local fc00::/7, link-local fe80::/10 with the
    /// deprecated site-local fec0::/10, multicast ff00::/8, documentation 2001:db8::/32, and everything
    /// outside global unicast 2000::/3.
    #[test]
    fn each_special_ipv6_prefix_ends_exactly_at_its_boundaries() {
        let cases = [
            ("fbff:ffff::1", Some(NonPublic::Reserved)),
            ("fdff:ffff::1", Some(NonPublic::UniqueLocal)),
            ("fe7f:ffff::1", Some(NonPublic::Reserved)),
            ("febf:ffff::1", Some(NonPublic::LinkLocal)),
            ("fec0::1", Some(NonPublic::LinkLocal)),
            ("feff:ffff::1", Some(NonPublic::LinkLocal)),
            ("ff00::1", Some(NonPublic::Multicast)),
            ("1fff:ffff::1", Some(NonPublic::Reserved)),
            ("2000::1", None),
            ("4000::1", Some(NonPublic::Reserved)),
            ("2001:db8:ffff::1", Some(NonPublic::Reserved)),
            // Only 2001:db8::/32 is documentation: neither half alone is.
            ("2001:db9::1", None),
            ("2001:4860:4860::8888", None),
            ("2a00:db8::1", None),
        ];
        for (address, reason) in cases {
            assert_eq!(non_public_reason(ip(address)), reason, "{address}");
        }
    }

    /// Every octet of the embedded IPv4 address counts, the third (the high byte of the last
    /// segment) included: 198.51.100.0/24 and 203.0.113.0/24 are documentation, 198.51.0.0 is not.
    #[test]
    fn an_embedded_ipv4_address_is_read_octet_by_octet() {
        let cases = [
            ("::ffff:198.51.100.7", Some(NonPublic::Reserved)),
            ("::ffff:203.0.113.9", Some(NonPublic::Reserved)),
            ("64:ff9b::198.51.100.7", Some(NonPublic::Reserved)),
            ("::ffff:198.51.0.7", None),
            ("::ffff:172.16.5.4", Some(NonPublic::Private)),
        ];
        for (address, reason) in cases {
            assert_eq!(non_public_reason(ip(address)), reason, "{address}");
        }
    }

    /// An IPv4-mapped address is ::ffff:a.b.c.d exactly: a global address whose sixth segment
    /// happens to be ffff is judged as IPv6, and a zero prefix with another sixth segment is not
    /// global unicast.
    #[test]
    fn only_the_exact_mapped_prefix_carries_an_ipv4_address() {
        assert_eq!(non_public_reason(ip("2a00:1450::ffff:7f00:1")), None);
        assert_eq!(non_public_reason(ip("2a00:1450::ffff:a00:1")), None);
        assert_eq!(non_public_reason(ip("::1:7f00:1")), Some(NonPublic::Reserved));
        assert_eq!(reach(ip("2a00:1450::ffff:7f00:1"), &[]), Reach::Public);
    }

    #[test]
    fn a_refusal_names_why_the_address_is_not_public() {
        let names = [
            (NonPublic::Unspecified, "unspecified"),
            (NonPublic::Loopback, "loopback"),
            (NonPublic::Private, "private"),
            (NonPublic::LinkLocal, "link-local"),
            (NonPublic::UniqueLocal, "unique-local"),
            (NonPublic::Multicast, "multicast"),
            (NonPublic::Reserved, "reserved"),
        ];
        for (reason, name) in names {
            assert_eq!(reason.as_str(), name);
        }
        assert_eq!(
            check_target_addresses("https", &[ip("8.8.8.8"), ip("169.254.169.254")], &[]),
            Err("the target's host resolves to a link-local address; webhooks are delivered to public addresses only"
                .to_string())
        );
    }

    #[test]
    fn a_trusted_network_covers_exactly_its_prefix() {
        let network = TrustedNetwork::parse("10.20.0.0/14").unwrap_or_else(|e| panic!("{e}"));
        assert!(network.contains(ip("10.20.0.1")));
        assert!(network.contains(ip("10.23.255.255")));
        assert!(!network.contains(ip("10.24.0.0")));
        assert!(!network.contains(ip("10.19.255.255")));
        assert!(!network.contains(ip("::1")));
        let single = TrustedNetwork::parse("::1").unwrap_or_else(|e| panic!("{e}"));
        assert!(single.contains(ip("::1")));
        assert!(!single.contains(ip("::2")));
        assert!(TrustedNetwork::parse("0.0.0.0/0").is_ok_and(|n| n.contains(ip("8.8.8.8"))));
        assert!(TrustedNetwork::parse("10.0.0.0/33").is_err());
        assert!(TrustedNetwork::parse("localhost").is_err());
    }

    #[test]
    fn public_targets_need_https_and_trusted_private_ones_may_use_http() {
        let trusted = [TrustedNetwork::parse("127.0.0.0/8").unwrap_or_else(|e| panic!("{e}"))];
        assert!(check_target_addresses("https", &[ip("8.8.8.8")], &[]).is_ok());
        assert!(check_target_addresses("http", &[ip("8.8.8.8")], &[]).is_err());
        assert!(check_target_addresses("http", &[ip("127.0.0.1")], &trusted).is_ok());
        assert!(check_target_addresses("http", &[ip("::ffff:127.0.0.1")], &trusted).is_ok());
        assert!(check_target_addresses("https", &[ip("127.0.0.1")], &[]).is_err());
        // One refused address refuses the host, whatever else it resolves to.
        assert!(check_target_addresses("https", &[ip("8.8.8.8"), ip("10.0.0.1")], &[]).is_err());
        assert!(check_target_addresses("https", &[], &[]).is_err());
    }
}
