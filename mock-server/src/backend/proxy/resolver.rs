//! The upstream's name resolved by the proxy itself, with hickory, from `/etc/hosts` and the
//! nameservers of `/etc/resolv.conf` (the `hickory-dns` feature): what the container image's
//! static binary needs, since a static glibc binary cannot load NSS modules and `scratch` holds
//! none.
//!
//! IPv4 first, IPv6 only when a name has no IPv4 address: a name that `/etc/hosts` gives as IPv4
//! alone is answered at once, never held up by an AAAA query to a nameserver that is slow or
//! absent (reqwest's own hickory resolver asks for both and waits for each).

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use hickory_resolver::TokioResolver;
use hickory_resolver::config::LookupIpStrategy;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// A hickory resolver, built on first use (inside the runtime), IPv4 first.
#[derive(Debug, Default, Clone)]
pub(super) struct HostsThenDns {
    resolver: Arc<OnceLock<Result<TokioResolver, String>>>,
}

impl Resolve for HostsThenDns {
    fn resolve(&self, name: Name) -> Resolving {
        let resolver = self.resolver.clone();
        Box::pin(async move {
            let resolver = resolver
                .get_or_init(|| {
                    let mut builder = TokioResolver::builder_tokio().map_err(|error| {
                        format!("cannot read the system's DNS configuration: {error}")
                    })?;
                    builder.options_mut().ip_strategy = LookupIpStrategy::Ipv4thenIpv6;
                    builder
                        .build()
                        .map_err(|error| format!("cannot build the DNS resolver: {error}"))
                })
                .as_ref()
                .map_err(|message| message.clone())?;
            let lookup = resolver.lookup_ip(name.as_str()).await?;
            let addresses: Vec<SocketAddr> =
                lookup.iter().map(|ip| SocketAddr::new(ip, 0)).collect();
            let addresses: Addrs = Box::new(addresses.into_iter());
            Ok(addresses)
        })
    }
}
