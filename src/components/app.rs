//! Stateless compute: the app tier and background workers, on general or compute instances.

use super::*;
use crate::catalog::{ComputeTier, NodeClass, Range, ReferenceTier, ServiceKind};

/// What a stateless tier needs per request besides its time split.
#[derive(Debug, Clone)]
pub struct Stateless {
    /// Parallel request slots per vCPU (threads, or event-loop in-flight requests).
    pub slots_per_vcpu: f64,
    /// A spare instance (N+1) and at least this many when the SLO asks for redundancy.
    pub min_ha: u32,
    pub burstable_baseline: f64,
}

/// Where an instance option comes from.
#[derive(Clone, Copy)]
enum Source<'c> {
    Node(&'c Node),
    Tier(&'c ComputeTier),
}

/// One instance option, from the node catalog or the reference tier set: the catalog entry
/// and the few numbers every option's floor reads, the rest read from the entry when an
/// option is fitted (a list holds tens of options, of which a few are fitted; copying every
/// option's shape and prices into the list cost more than the fitting).
struct Option_<'c> {
    source: Source<'c>,
    vcpus: u32,
    /// Documented concurrent users per instance, when known.
    users: Option<f64>,
    /// Share of on-demand as bought.
    share: f64,
}

impl Option_<'_> {
    /// The node type's hourly price (catalog nodes; the reference set has monthly ranges).
    fn hourly(&self) -> Option<f64> {
        match self.source {
            Source::Node(n) => Some(n.usd_per_hour),
            Source::Tier(_) => None,
        }
    }

    /// The monthly price of one instance on demand.
    fn price(&self, k: &Knobs) -> Range {
        match self.source {
            Source::Node(n) => Range {
                low: n.usd_per_hour * k.hours_per_month,
                high: n.usd_per_hour * k.hours_per_month,
            },
            Source::Tier(t) => t.monthly_cost,
        }
    }

    fn burstable(&self) -> bool {
        match self.source {
            Source::Node(n) => n.class == NodeClass::Burstable,
            Source::Tier(t) => t.aws.starts_with("t"),
        }
    }

    fn shape(&self, k: &Knobs) -> NodeShape {
        match self.source {
            Source::Node(n) => n.into(),
            Source::Tier(t) => {
                NodeShape::reference(t.name_in(k.reference_cloud), t.vcpus, t.ram_gb)
            }
        }
    }

    /// How the option is bought, in words (none when bills are not worded).
    fn basis(&self, cat: &Catalog, k: &Knobs) -> Words {
        if !k.words {
            return Words::Borrowed("");
        }
        match self.source {
            Source::Node(n) => purchase(cat, n.cloud, n.service.kind(), k).1,
            Source::Tier(_) => purchase(cat, k.reference_cloud, ServiceKind::Vm, k).1,
        }
    }
}

/// Candidates for a stateless tier.
///
/// # Formula
/// - CPU: n_cpu = ⌈λ · t_cpu ÷ (vCPUs · ρ*)⌉
/// - concurrency: n_conc = ⌈λ · (t_cpu + t_wait) ÷ (vCPUs · slots per vCPU · ρ*)⌉ (Little's law)
/// - users: n_users = ⌈peak concurrent users ÷ users per instance⌉, where the System Design
///   Guide §3.10 Real-World Server Tiers documents users per instance (reference tiers at the
///   capacity point; catalog instances by vCPU from the documented tier of the same size)
/// - required = max(n_cpu, n_conc, n_users, 1);
/// - when the SLO asks for redundancy: over one zone, +1 (N+1); over several, the smallest
///   count whose survivors of the fullest zone's loss run the busiest resource (load worth
///   max(λ·t_cpu ÷ vCPUs, λ·t ÷ slots, users ÷ users per instance) nodes) under the failover
///   ceiling (see [`zones::survive`]); at least the HA minimum.
pub fn candidates(d: &Demand, s: &Stateless, cat: &Catalog, k: &Knobs) -> Vec<Candidate> {
    let opts = options(cat, k);
    build_bounded(
        &opts,
        |o| floor(d, s, o, k),
        |o| fit(d, s, o, cat, k),
        |f| Preview {
            count: f.count,
            required: f.required,
            cost: f.line.monthly_cost,
            utilization: Some(f.utilization),
        },
        |f| f.candidate(d, k),
        k,
    )
}

/// One option's numbers and its bill line, before it becomes a candidate.
struct Fit<'o, 'c> {
    o: &'o Option_<'c>,
    count: u32,
    required: u32,
    bound_by: Limit,
    limits: LimitCounts,
    utilization: f64,
    /// The load in nodes' worth at 100% of the busiest resource.
    busy: f64,
    slots: f64,
    line: BillLine,
}

/// The least an option can cost: one instance's monthly price as bought times the count
/// [`fit`] chooses (the largest limit's count, with the redundancy the SLO asks for).
fn floor(d: &Demand, s: &Stateless, o: &Option_, k: &Knobs) -> f64 {
    let x = Needs::of(d, s, o, k);
    let required = ceil_count(x.cpu.max(x.conc).max(x.users)).max(1);
    let nodes = f64::from(count(required, x.busy(k), s, k));
    // In the order the bill line multiplies (node-hours × hourly price × share).
    match o.hourly() {
        Some(h) => nodes * k.hours_per_month * h * o.share,
        None => o.price(k).mid() * nodes * o.share,
    }
}

/// The instances each limit alone needs on one option, before rounding.
struct Needs {
    vcpus: f64,
    slots: f64,
    cpu: f64,
    conc: f64,
    users: f64,
}

impl Needs {
    fn of(d: &Demand, s: &Stateless, o: &Option_, k: &Knobs) -> Needs {
        let vcpus = o.vcpus as f64;
        let slots = (vcpus * s.slots_per_vcpu).max(1.0);
        Needs {
            vcpus,
            slots,
            cpu: d.reads_per_s * d.cpu_s / (vcpus * k.target),
            conc: d.reads_per_s * (d.cpu_s + d.wait_s) / (slots * k.target),
            users: match (d.concurrent_users, o.users) {
                (Some(u), Some(per)) => u / per,
                _ => 0.0,
            },
        }
    }

    /// The load in instances' worth at 100% of the busiest resource (users per instance is
    /// a documented maximum: no target share in it).
    fn busy(&self, k: &Knobs) -> f64 {
        (self.cpu.max(self.conc) * k.target).max(self.users)
    }
}

/// The count for `required` instances with the redundancy the SLO asks for: over several
/// zones enough that losing one keeps `busy` under the failover ceiling; over one, a spare;
/// at least the HA minimum and the count floor.
fn count(required: u32, busy: f64, s: &Stateless, k: &Knobs) -> u32 {
    if k.survive_zone() {
        zones::survive(required.max(s.min_ha), busy, k.zones, k.failover_ceiling, 1)
    } else if k.ha {
        required.saturating_add(1).max(s.min_ha)
    } else {
        required
    }
    .max(k.min_count)
}

fn fit<'o, 'c>(
    d: &Demand,
    s: &Stateless,
    o: &'o Option_<'c>,
    cat: &Catalog,
    k: &Knobs,
) -> Option<Fit<'o, 'c>> {
    let x = Needs::of(d, s, o, k);
    let (vcpus, slots) = (x.vcpus, x.slots);
    let (by_cpu_x, by_conc_x, by_users_x) = (x.cpu, x.conc, x.users);
    let (required, bound_by, limits) = bind(&[
        (Limit::Cpu, by_cpu_x),
        (Limit::Concurrency, by_conc_x.max(by_users_x)),
        (Limit::MinCount, 1.0),
    ]);
    let busy = d.reads_per_s * d.cpu_s / (required as f64 * vcpus);
    if o.burstable() && k.pinned.is_none() && busy > s.burstable_baseline {
        return None;
    }
    let busy = x.busy(k);
    let count = count(required, busy, s, k);
    let line = BillLine::compute(
        k.say(|| format!("{count} × {}", o.shape(k).type_name)),
        count,
        o.hourly(),
        o.price(k),
        k.hours_per_month,
    )
    .bought(o.share, &o.basis(cat, k));
    Some(Fit {
        o,
        count,
        required,
        bound_by,
        limits,
        utilization: d.reads_per_s * d.cpu_s / (count as f64 * vcpus),
        busy,
        slots,
        line,
    })
}

impl Fit<'_, '_> {
    fn candidate(self, d: &Demand, k: &Knobs) -> Candidate {
        Candidate {
            node: Some(self.o.shape(k)),
            count: self.count,
            required: self.required,
            layout: Layout::default(),
            limits: self.limits,
            bound_by: self.bound_by,
            utilization: Some(self.utilization),
            bill: smallvec::smallvec![self.line],
            servers_per_node: Some(self.slots as u32),
            service_time_s: Some(d.cpu_s + d.wait_s),
            zone_loss: ZoneLoss::tier(self.busy, self.count, k.zones, k.failover_ceiling),
        }
    }
}

fn options<'c>(cat: &'c Catalog, k: &Knobs) -> Vec<Option_<'c>> {
    let pinned_ref = k
        .pinned
        .as_ref()
        .is_some_and(|p| cat.compute_tiers.iter().any(|t| t.is_named(p)));
    let pinned_node = k.pinned.as_ref().is_some_and(|p| cat.node(p).is_some());
    if pinned_ref || (k.reference_tiers && !pinned_node) {
        return cat
            .compute_tiers
            .iter()
            .filter(|t| match &k.pinned {
                Some(p) => t.is_named(p),
                None => t.concurrent_users.is_some(),
            })
            .map(|t| Option_ {
                source: Source::Tier(t),
                vcpus: t.vcpus,
                users: t.concurrent_users.map(|r| r.at(k.point)),
                share: purchase(cat, k.reference_cloud, ServiceKind::Vm, k).0,
            })
            .collect();
    }
    // Nodes of one list share their cloud and service: how they are bought is worked out once
    // per (cloud, service kind), not per node.
    let mut bought = Purchases::default();
    offered(cat, &cat.products(k.reference_cloud).app_nodes, k)
        .into_iter()
        .map(|n| Option_ {
            source: Source::Node(n),
            vcpus: n.vcpus,
            users: users_per_instance(cat, n, k.point),
            share: bought.of(cat, n.cloud, n.service.kind(), k).0,
        })
        .collect()
}

/// Users per instance for a catalog instance: the documented users per vCPU of its credited
/// reference tier ([`Catalog::users_tier`], worked out at load) times its vCPUs, with the
/// tier's users taken at the capacity point.
fn users_per_instance(cat: &Catalog, n: &Node, point: f64) -> Option<f64> {
    let t = &cat.compute_tiers[n.users_tier?];
    let u = t.concurrent_users?.at(point);
    Some(u / t.vcpus as f64 * n.vcpus as f64)
}
