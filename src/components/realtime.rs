//! Realtime connection servers (WebSockets): persistent connections held in memory.

use super::*;
use crate::catalog::NodeClass;

/// Figures for connection servers.
#[derive(Debug, Clone)]
pub struct Realtime {
    /// Memory per open connection (socket buffers, TLS state, session).
    pub bytes_per_connection: f64,
    /// Open files one server process may hold.
    pub max_fds: f64,
    /// Memory kept for the runtime and OS, GiB.
    pub reserved_gib: f64,
}

/// # Formula
/// per node = min((RAM − reserved) ÷ bytes per connection, file descriptors);
/// nodes = ⌈connections ÷ (per node × ρ*)⌉; when the SLO asks for redundancy +1 over one
/// zone, and over several the smallest count whose survivors of a zone's loss hold the
/// connections under the failover ceiling.
pub fn candidates(d: &Demand, r: &Realtime, cat: &Catalog, k: &Knobs) -> Vec<Candidate> {
    let mut nodes = offered(cat, &cat.products(k.reference_cloud).realtime_nodes, k);
    nodes.retain(|n| n.class != NodeClass::Burstable && n.ram_gib > r.reserved_gib);
    // Connections one node holds by its memory, and the most it holds.
    let per_node = |n: &Node| {
        let by_ram = (n.ram_gib - r.reserved_gib) * crate::catalog::GIB / r.bytes_per_connection;
        (by_ram, by_ram.min(r.max_fds))
    };
    // Nodes for `required`: grown to survive a zone's loss, or a spare, as the SLO asks.
    // (`busy`: the connections in nodes' worth at 100%.)
    let counted = |required: u32, busy: f64| {
        if k.survive_zone() {
            zones::survive(required, busy, k.zones, k.failover_ceiling, 1)
        } else {
            required.saturating_add(u32::from(k.ha))
        }
    };
    // The least a node type costs: its nodes at the count chosen below.
    let floor = |&n: &&Node| {
        let (_, per) = per_node(n);
        let required = ceil_count(d.user_connections / (per * k.target)).max(1);
        compute_floor(cat, n, counted(required, d.user_connections / per), k)
    };
    let fit = |&n: &&Node| {
        let (by_ram, per) = per_node(n);
        let need = d.user_connections / (per * k.target);
        let limit = if by_ram <= r.max_fds {
            Limit::Memory
        } else {
            Limit::Connections
        };
        let (required, bound_by, limits) = bind(&[(limit, need), (Limit::MinCount, 1.0)]);
        let busy = d.user_connections / per;
        let count = counted(required, busy);
        Some(Candidate {
            node: Some(n.into()),
            count,
            required,
            layout: Layout::default(),
            limits,
            bound_by,
            utilization: Some(d.user_connections / (count as f64 * per)),
            bill: smallvec::smallvec![compute_line(cat, n, count, k)],
            servers_per_node: None,
            service_time_s: None,
            zone_loss: ZoneLoss::tier(busy, count, k.zones, k.failover_ceiling),
        })
    };
    build_bounded(&nodes, floor, fit, Preview::of, |c| c, k)
}
