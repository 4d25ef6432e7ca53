//! Component models: one per technology family, behind one interface.
//!
//! A model receives the [`Demand`] that reaches its component and the catalog, and returns
//! every feasible [`Candidate`] (node type × count × layout) with the count each limit alone
//! would need, the limit that binds and a bill of monthly cost lines. The planner
//! ([`pick`]) takes the cheapest feasible candidate and keeps the runners-up. A model may pass
//! demand on downstream (a cache passes its misses to the store).

pub mod app;
pub mod bill;
pub mod cache;
pub mod document;
pub mod edge;
pub mod key_value;
pub mod queue;
pub mod realtime;
pub mod registry;
pub mod relational;
pub mod search;
pub mod stream;
pub mod table;
#[cfg(test)]
mod tests;
pub mod wide_column;
pub mod workers;
pub mod zones;

pub use bill::{BillItem, BillLine, ComponentCost, Cost, Words};
pub use table::{Table, TableKey};
pub use zones::ZoneLoss;

use crate::catalog::{Catalog, Cloud, Name, Node, Technology};
use serde::Serialize;

/// What a component does in the design.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Cdn,
    Waf,
    LoadBalancer,
    ApiGateway,
    App,
    Websocket,
    Cache,
    Database,
    DbStandby,
    ReadReplica,
    Queue,
    Stream,
    Worker,
    Search,
    ObjectStorage,
    ServiceMesh,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cdn => "cdn",
            Role::Waf => "waf",
            Role::LoadBalancer => "load_balancer",
            Role::ApiGateway => "api_gateway",
            Role::App => "app",
            Role::Websocket => "websocket",
            Role::Cache => "cache",
            Role::Database => "database",
            Role::DbStandby => "db_standby",
            Role::ReadReplica => "read_replica",
            Role::Queue => "queue",
            Role::Stream => "stream",
            Role::Worker => "worker",
            Role::Search => "search",
            Role::ObjectStorage => "object_storage",
            Role::ServiceMesh => "service_mesh",
        }
    }

    /// The name of its node count among the Monte Carlo figures, e.g. `count.app`.
    pub fn count_figure(self) -> &'static str {
        match self {
            Role::Cdn => "count.cdn",
            Role::Waf => "count.waf",
            Role::LoadBalancer => "count.load_balancer",
            Role::ApiGateway => "count.api_gateway",
            Role::App => "count.app",
            Role::Websocket => "count.websocket",
            Role::Cache => "count.cache",
            Role::Database => "count.database",
            Role::DbStandby => "count.db_standby",
            Role::ReadReplica => "count.read_replica",
            Role::Queue => "count.queue",
            Role::Stream => "count.stream",
            Role::Worker => "count.worker",
            Role::Search => "count.search",
            Role::ObjectStorage => "count.object_storage",
            Role::ServiceMesh => "count.service_mesh",
        }
    }

    /// The layer of the architecture the role belongs to.
    pub fn layer(self) -> &'static str {
        match self {
            Role::Cdn | Role::Waf => "edge",
            Role::LoadBalancer | Role::ApiGateway => "gateway",
            Role::App | Role::Websocket | Role::Worker => "application",
            Role::Queue | Role::Stream | Role::ServiceMesh => "communication",
            Role::Cache
            | Role::Database
            | Role::DbStandby
            | Role::ReadReplica
            | Role::Search
            | Role::ObjectStorage => "data",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resource or rule that sets how many nodes a component needs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    Cpu,
    Memory,
    Storage,
    Iops,
    DiskThroughput,
    Network,
    Connections,
    Concurrency,
    Partitions,
    Requests,
    MinCount,
    Quorum,
}

impl Limit {
    /// Every limit, in order.
    pub const ALL: [Limit; 12] = [
        Limit::Cpu,
        Limit::Memory,
        Limit::Storage,
        Limit::Iops,
        Limit::DiskThroughput,
        Limit::Network,
        Limit::Connections,
        Limit::Concurrency,
        Limit::Partitions,
        Limit::Requests,
        Limit::MinCount,
        Limit::Quorum,
    ];

    /// Throughput limits saturate (waiting grows steeply near 100%); capacity limits (memory,
    /// disk) are filled on purpose.
    pub fn is_throughput(self) -> bool {
        matches!(
            self,
            Limit::Cpu | Limit::Network | Limit::DiskThroughput | Limit::Concurrency | Limit::Iops
        )
    }

    /// How the table view names it.
    pub fn words(self) -> &'static str {
        match self {
            Limit::Cpu => "CPU",
            Limit::Memory => "memory",
            Limit::Storage => "disk capacity",
            Limit::Iops => "IOPS",
            Limit::DiskThroughput => "disk throughput",
            Limit::Network => "network",
            Limit::Connections => "connections",
            Limit::Concurrency => "concurrency",
            Limit::Partitions => "partitions",
            Limit::Requests => "requests",
            Limit::MinCount => "minimum count",
            Limit::Quorum => "quorum",
        }
    }
}

/// The resources of the node type a component runs on.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct NodeShape {
    #[serde(rename = "type")]
    pub type_name: Name,
    pub vcpus: u32,
    pub ram_gib: f64,
    pub network_gbps: f64,
    pub local_disk_gib: f64,
}

impl NodeShape {
    /// A reference tier's shape: only its vCPUs and memory are documented.
    pub fn reference(type_name: Name, vcpus: u32, ram_gib: f64) -> NodeShape {
        NodeShape {
            type_name,
            vcpus,
            ram_gib,
            network_gbps: 0.0,
            local_disk_gib: 0.0,
        }
    }
}

impl From<&Node> for NodeShape {
    fn from(n: &Node) -> Self {
        NodeShape {
            type_name: n.name,
            vcpus: n.vcpus,
            ram_gib: n.ram_gib,
            network_gbps: n.network_gbps,
            local_disk_gib: n.local_disk_gib,
        }
    }
}

/// Nodes a shard needs beside its primary.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default, schemars::JsonSchema)]
pub struct Layout {
    pub shards: u32,
    /// Copies of each shard that serve reads, the primary included (1: a primary alone).
    pub copies: u32,
    /// Standbys per shard that take no load (failover only).
    pub standbys: u32,
}

/// A candidate's bill lines. Most candidates have one line (`count × node type`), held inline:
/// a plan builds tens of candidates per component and keeps one.
pub type Bill = smallvec::SmallVec<[BillLine; 1]>;

/// A bill as the list of its lines.
fn bill_lines<S: serde::Serializer>(b: &Bill, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(b.iter())
}

/// One feasible way to run a component.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Candidate {
    pub node: Option<NodeShape>,
    /// Nodes in all (shards × (copies + standbys)); 1 for a managed service.
    pub count: u32,
    /// Nodes the load needs before redundancy.
    pub required: u32,
    pub layout: Layout,
    /// The count each limit alone would need.
    pub limits: LimitCounts,
    pub bound_by: Limit,
    /// Busy share of the binding resource at peak with every node up.
    pub utilization: Option<f64>,
    #[serde(serialize_with = "bill_lines")]
    #[schemars(with = "Vec<BillLine>")]
    pub bill: Bill,
    /// Parallel servers per node and mean service time, for the queueing models.
    pub servers_per_node: Option<u32>,
    pub service_time_s: Option<f64>,
    /// What losing one zone leaves.
    pub zone_loss: ZoneLoss,
}

impl Candidate {
    /// The candidate with more bill lines.
    pub fn with_lines(mut self, lines: Vec<BillLine>) -> Self {
        self.bill.extend(lines);
        self
    }

    /// A managed service with no nodes to size: one "node" billed by its use.
    pub fn managed(bill: Vec<BillLine>, bound_by: Limit) -> Candidate {
        Candidate {
            node: None,
            count: 1,
            required: 1,
            layout: Layout::default(),
            limits: [(bound_by, 1)].into_iter().collect(),
            bound_by,
            utilization: None,
            bill: bill.into(),
            servers_per_node: None,
            service_time_s: None,
            zone_loss: ZoneLoss::managed(),
        }
    }

    pub fn cost(&self) -> Cost {
        self.bill
            .iter()
            .fold(Cost::default(), |a, l| a + l.monthly_cost)
    }
}

/// Nodes each limit alone needs, by limit (a [`Table`]: every candidate builds one).
pub type LimitCounts = Table<Limit, u32, { Limit::ALL.len() }>;

impl TableKey for Limit {
    const ALL: &'static [Limit] = &Limit::ALL;
    fn index(self) -> usize {
        self as usize
    }
}

/// The count [`bind`] gives, without naming the binding limit or counting each (what ranking
/// an option needs): the largest need's tolerant ceiling, at least 1.
pub fn required(needs: &[(Limit, f64)]) -> u32 {
    needs
        .iter()
        .map(|&(_, x)| ceil_count(clean_need(x)))
        .fold(1, u32::max)
}

/// Counts per limit, and which binds.
///
/// # Formula
/// Each limit gives the nodes it alone needs as a real number x (load ÷ one node's capacity
/// at the target); its count is ⌈x⌉, required = max over limits of ⌈x⌉ (at least 1), and the
/// binding limit is the one with the largest x — the resource closest to its ceiling, also
/// when every count rounds to 1 — unless a floor (minimum count, quorum) asks for more, or a
/// single node is less than half used by every resource (then the minimum binds).
pub fn bind(needs: &[(Limit, f64)]) -> (u32, Limit, LimitCounts) {
    // One pass over the needs (every candidate of every plan binds): the largest resource
    // need, the largest floor, and each limit's count.
    let mut map = LimitCounts::default();
    let (mut best, mut best_limit) = (0.0, None);
    let (mut floor_n, mut floor_limit) = (0, None);
    let mut required = 1;
    for &(l, x) in needs {
        let x = clean_need(x);
        let n = ceil_count(x);
        map.insert(l, n);
        required = required.max(n);
        if matches!(l, Limit::MinCount | Limit::Quorum) {
            // On equal floors the later one names the binding limit.
            if floor_limit.is_none() || n >= floor_n {
                (floor_n, floor_limit) = (n, Some(l));
            }
        } else if best_limit.is_none() || x > best {
            (best, best_limit) = (x, Some(l));
        }
    }
    // A floor (minimum count, quorum) binds only when it asks for more than any resource.
    let bound = match floor_limit {
        Some(l) if floor_n > ceil_count(best) => l,
        // A single node whose busiest resource is under half used was not sized by it: it is
        // the smallest node offered.
        _ if required == 1 && best < 0.5 => Limit::MinCount,
        _ => best_limit.unwrap_or(Limit::MinCount),
    };
    (required, bound, map)
}

/// A need that is not a finite number (a zero capacity) is as many nodes as can be: the
/// planner then drops the candidate; a negative need is none.
fn clean_need(x: f64) -> f64 {
    if x.is_finite() {
        x.max(0.0)
    } else if x == f64::NEG_INFINITY {
        0.0
    } else {
        f64::MAX
    }
}

/// The demand that reaches a component, at peak unless it says "average".
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Demand {
    #[serde(skip_serializing_if = "is_zero")]
    pub reads_per_s: f64,
    #[serde(skip_serializing_if = "is_zero")]
    pub writes_per_s: f64,
    /// Averages over the month: what request-priced services bill.
    #[serde(skip_serializing_if = "is_zero")]
    pub avg_reads_per_s: f64,
    #[serde(skip_serializing_if = "is_zero")]
    pub avg_writes_per_s: f64,
    /// Mean bytes of one item read and written.
    #[serde(skip_serializing_if = "is_zero")]
    pub read_bytes: f64,
    #[serde(skip_serializing_if = "is_zero")]
    pub write_bytes: f64,
    /// One copy of the data held (at the planning horizon).
    #[serde(skip_serializing_if = "is_zero")]
    pub data_bytes: f64,
    /// One copy of the data that must stay in memory (the hot set).
    #[serde(skip_serializing_if = "is_zero")]
    pub hot_bytes: f64,
    /// Items (rows, documents) held.
    #[serde(skip_serializing_if = "is_zero")]
    pub items: f64,
    /// Database connections the clients open.
    #[serde(skip_serializing_if = "is_zero")]
    pub client_connections: f64,
    /// Persistent user connections (realtime).
    #[serde(skip_serializing_if = "is_zero")]
    pub user_connections: f64,
    /// Peak concurrent users (app tier's documented users-per-instance limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrent_users: Option<f64>,
    /// Messages into a queue or stream.
    #[serde(skip_serializing_if = "is_zero")]
    pub messages_per_s: f64,
    #[serde(skip_serializing_if = "is_zero")]
    pub avg_messages_per_s: f64,
    #[serde(skip_serializing_if = "is_zero")]
    pub message_bytes: f64,
    #[serde(skip_serializing_if = "is_zero")]
    pub consumer_groups: f64,
    #[serde(skip_serializing_if = "is_zero")]
    pub retention_s: f64,
    /// Seconds of CPU and of waiting (I/O, calls) per request or job.
    #[serde(skip_serializing_if = "is_zero")]
    pub cpu_s: f64,
    #[serde(skip_serializing_if = "is_zero")]
    pub wait_s: f64,
    /// Copies a replicated store keeps of each item (its replication factor).
    #[serde(skip_serializing_if = "is_zero")]
    pub replication: f64,
    /// Share of reads a cache in front answers.
    #[serde(skip_serializing_if = "is_zero")]
    pub hit_ratio: f64,
    /// Share of the store's reads that go to disk: 0 when its hot set sits in its memory,
    /// 1 behind a cache (the misses are the cold reads).
    #[serde(skip_serializing_if = "is_zero")]
    pub disk_read_share: f64,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

/// Settings every model reads.
#[derive(Debug, Clone)]
pub struct Knobs {
    pub target: f64,
    pub ha: bool,
    /// The cloud whose node types are offered.
    pub cloud: Cloud,
    /// The cloud whose reference tier names and managed products the spec asked for.
    pub reference_cloud: Cloud,
    /// Size on the System Design Guide's reference tier set instead of the node catalog.
    pub reference_tiers: bool,
    /// Where in a documented range a reference tier's capacity is taken (0.5 = midpoint).
    pub point: f64,
    /// A node type the spec pins.
    pub pinned: Option<String>,
    /// A count floor (from SLO-driven sizing).
    pub min_count: u32,
    /// Replicas per shard floor (from SLO-driven sizing).
    pub min_replicas: u32,
    pub hours_per_month: f64,
    /// How compute is bought (`choices.pricing`).
    pub pricing: crate::catalog::Pricing,
    /// Interruptible nodes at the spot price (batch workers with `choices.workers: spot`).
    pub spot: bool,
    /// Zones a deployment spreads over: (zones − 1) ÷ zones of calls and replication cross
    /// a zone boundary.
    pub zones: u32,
    /// Highest busy share the nodes left after losing a zone may run at.
    pub failover_ceiling: f64,
    /// Write the bill lines' words. Off when only the numbers are wanted (Monte Carlo
    /// samples, the headroom and phase searches): formatting every candidate's lines, of
    /// which one is kept, was a large share of planning time.
    pub words: bool,
}

impl Knobs {
    /// `f()`'s words when bills are worded, else none (nothing allocated).
    pub fn say(&self, f: impl FnOnce() -> String) -> Words {
        if self.words {
            Words::Owned(f())
        } else {
            Words::Borrowed("")
        }
    }

    /// The share of calls between two randomly placed instances that cross zones.
    ///
    /// # Formula
    /// cross-zone share = (zones − 1) ÷ zones (the peer is in another zone with that chance).
    pub fn cross_zone_share(&self) -> f64 {
        let z = self.zones.max(1) as f64;
        (z - 1.0) / z
    }

    /// Whether components are sized to survive the loss of a zone: when the availability SLO
    /// asks for redundancy and there is more than one zone.
    pub fn survive_zone(&self) -> bool {
        self.ha && self.zones >= 2
    }
}

/// The share of on-demand a node costs as bought, and words for the bill line: the spot
/// price for interruptible VMs, else the purchase option's discount where it covers the
/// service (an option that does not, e.g. a compute savings plan for a managed database,
/// leaves it on demand).
pub fn purchase(
    cat: &Catalog,
    cloud: Cloud,
    kind: crate::catalog::ServiceKind,
    k: &Knobs,
) -> (f64, Words) {
    use crate::catalog::{Pricing, ServiceKind};
    if k.spot && kind == ServiceKind::Vm {
        return (cat.prices(cloud).spot_share, Words::Borrowed(" (spot)"));
    }
    // On demand needs no price book (every node type's cost floor asks).
    if k.pricing == Pricing::OnDemand {
        return (1.0, Words::Borrowed(""));
    }
    match (k.pricing, cat.prices(cloud).discount(k.pricing, kind)) {
        (p, Some(r)) => (r, k.say(|| format!(" ({})", p.label()))),
        (p, None) => (
            1.0,
            k.say(|| format!(" (on-demand: no {} for it)", p.label())),
        ),
    }
}
/// [`purchase`] for a list of nodes, worked out again only when the cloud or the service
/// changes: the nodes of one list share them, and every node's floor and bill ask.
#[derive(Default)]
pub struct Purchases(Option<((Cloud, crate::catalog::ServiceKind), (f64, Words))>);

impl Purchases {
    pub fn of(
        &mut self,
        cat: &Catalog,
        cloud: Cloud,
        kind: crate::catalog::ServiceKind,
        k: &Knobs,
    ) -> (f64, Words) {
        match &self.0 {
            Some((at, b)) if *at == (cloud, kind) => b.clone(),
            _ => {
                let b = purchase(cat, cloud, kind, k);
                self.0 = Some(((cloud, kind), b.clone()));
                b
            }
        }
    }
}

pub trait ComponentModel: Sync {
    /// Every feasible candidate for the demand; empty when none fits.
    fn candidates(&self, d: &Demand, tech: &Technology, cat: &Catalog, k: &Knobs)
        -> Vec<Candidate>;

    /// The demand left for the next component down (a cache's misses for the store).
    fn downstream(&self, _chosen: &Candidate, d: &Demand) -> Demand {
        d.clone()
    }
}

/// Most nodes one component may have: past it no provider quota or operator would follow, so
/// a candidate that needs more is not feasible.
pub const MAX_NODES: u32 = 100_000;

/// The feasible candidates, cheapest first (by the midpoint of its cost); on a tie the one
/// with more, smaller nodes (losing one loses less capacity). A candidate whose count passes
/// [`MAX_NODES`] or whose cost or utilisation is not a finite number is dropped.
pub fn pick(mut c: Vec<Candidate>) -> Vec<Candidate> {
    // A model that ranked its own fits (a plan made for its numbers) hands over one: nothing
    // to order, and nothing to allocate.
    if c.len() <= 1 {
        c.retain(|x| Preview::of(x).key().is_some());
        return c;
    }
    // Each cost is summed once and the order sorted as (cost, count, index) keys: candidates
    // are large, and sorting them in place moved each many times. The index keeps the sort
    // stable (equal keys stay in the model's order).
    let mut order: Vec<(f64, u32, usize)> = c
        .iter()
        .enumerate()
        .filter_map(|(i, x)| Preview::of(x).key().map(|(m, n)| (m, n, i)))
        .collect();
    order.sort_unstable_by(before);
    let mut slots: Vec<Option<Candidate>> = c.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(_, _, i)| slots[i].take())
        .collect()
}

/// What the planner ranks a candidate by, known before the candidate is built.
#[derive(Debug, Clone, Copy)]
pub struct Preview {
    pub count: u32,
    pub required: u32,
    pub cost: Cost,
    pub utilization: Option<f64>,
}

impl Preview {
    pub fn of(c: &Candidate) -> Preview {
        Preview {
            count: c.count,
            required: c.required,
            cost: c.cost(),
            utilization: c.utilization,
        }
    }

    /// The sort key (cost midpoint, count), or `None` when the planner would drop it.
    fn key(&self) -> Option<(f64, u32)> {
        let ok = self.count <= MAX_NODES
            && self.required <= MAX_NODES
            && self.cost.low.is_finite()
            && self.cost.high.is_finite()
            && self.utilization.is_none_or(|u| u.is_finite() && u >= 0.0);
        ok.then(|| (self.cost.mid(), self.count))
    }
}

/// [`pick`]'s order: cheaper first, then more nodes, then the model's order.
fn before(a: &(f64, u32, usize), b: &(f64, u32, usize)) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
}

/// Candidates from a model's fits: every fit built when the plan shows alternatives
/// (`k.words`), else only the one [`pick`] would choose, kept as the fits stream past (no
/// list of them is made). A plan made for its numbers (a Monte Carlo sample, a headroom
/// search) keeps only its choice, and building, collecting and sorting every runner-up was
/// most of its sizing time. A model whose fits are whole candidates passes
/// [`Preview::of`] and the identity.
pub fn build_ranked<F>(
    fits: impl IntoIterator<Item = F>,
    mut preview: impl FnMut(&F) -> Preview,
    build: impl Fn(F) -> Candidate,
    k: &Knobs,
) -> Vec<Candidate> {
    let fits = fits.into_iter();
    if k.words {
        return fits.map(build).collect();
    }
    let mut best = Best::default();
    for (i, f) in fits.enumerate() {
        best.offer(i, f, &mut preview);
    }
    best.build(build)
}

/// The best fit so far in [`pick`]'s order, with its key.
struct Best<F>(Option<((f64, u32, usize), F)>);

impl<F> Default for Best<F> {
    fn default() -> Self {
        Best(None)
    }
}

impl<F> Best<F> {
    /// Keep fit `f` (the `i`th of the list) if the planner would rank it first so far.
    fn offer(&mut self, i: usize, f: F, preview: &mut impl FnMut(&F) -> Preview) {
        let Some((m, n)) = preview(&f).key() else {
            return;
        };
        let key = (m, n, i);
        if self.0.as_ref().is_none_or(|(b, _)| before(&key, b).is_lt()) {
            self.0 = Some((key, f));
        }
    }

    /// The best cost midpoint so far.
    fn cost(&self) -> Option<f64> {
        self.0.as_ref().map(|((m, _, _), _)| *m)
    }

    fn build(self, build: impl Fn(F) -> Candidate) -> Vec<Candidate> {
        self.0.map(|(_, f)| build(f)).into_iter().collect()
    }
}

/// [`build_ranked`] over options with a floor under the cost each can come to: a plan made
/// for its numbers sizes the option with the lowest floor first, then only the options whose
/// floor is not above the best cost found so far (branch and bound), so most options are
/// never sized. A worded plan sizes every option, as [`build_ranked`] does.
///
/// `floor(o)` must be at most the cost midpoint of every candidate `fit(o)` can give (e.g.
/// the compute line alone at the count the fit chooses, the rest of the bill being never
/// negative); [`FLOOR_SLACK`] covers float rounding. Ties keep
/// [`pick`]'s order: among equal costs and counts the option listed first wins, whichever
/// order they are tried in.
pub fn build_bounded<'o, O, F>(
    options: &'o [O],
    floor: impl Fn(&O) -> f64,
    mut fit: impl FnMut(&'o O) -> Option<F>,
    mut preview: impl FnMut(&F) -> Preview,
    build: impl Fn(F) -> Candidate,
    k: &Knobs,
) -> Vec<Candidate> {
    if k.words {
        return options.iter().filter_map(fit).map(build).collect();
    }
    // One floor per option (a catalog lists tens of node types per choice). Two passes
    // rather than a sort: the lowest floor's option first, then the rest in list order.
    let floors: smallvec::SmallVec<[f64; 128]> = options.iter().map(&floor).collect();
    let first = (0..floors.len()).min_by(|&a, &b| floors[a].total_cmp(&floors[b]));
    let mut best = Best::default();
    let tries = first
        .into_iter()
        .chain((0..floors.len()).filter(|&i| Some(i) != first));
    for i in tries {
        if best
            .cost()
            .is_some_and(|m| floors[i] * (1.0 - FLOOR_SLACK) > m)
        {
            continue;
        }
        // The option's index orders ties as the list would (fits keep the options' order).
        if let Some(f) = fit(&options[i]) {
            best.offer(i, f, &mut preview);
        }
    }
    best.build(build)
}

/// Relative slack on a cost floor before it rules an option out. A floor and the bill it bounds
/// multiply the same prices and counts, sometimes in another order (a reference tier's range
/// midpoint times the count, against the count times each end): a few units in the last
/// place, far below this.
const FLOOR_SLACK: f64 = 1e-9;

/// ⌈x⌉ as a count, tolerant of float noise just above an integer; 0 for non-positive, NaN
/// or infinite.
pub fn ceil_count(x: f64) -> u32 {
    // Two comparisons, both false for NaN: `is_finite` compiled to some twenty bit
    // operations, and a Monte Carlo sample rounds some four hundred counts.
    let inside = x > 0.0 && x < f64::INFINITY;
    if !inside {
        0
    } else if x >= u32::MAX as f64 {
        u32::MAX
    } else {
        // By truncation rather than `round`/`ceil`, which are library calls on the baseline
        // x86-64 target and every candidate of every plan takes several: within 1e-9 above
        // an integer is that integer, anything else rounds up (just below an integer is
        // that integer either way).
        let t = x as u32;
        if x - f64::from(t) < 1e-9 {
            t
        } else {
            t + 1
        }
    }
}

/// Nodes a catalog choice offers, or the one pinned node when the spec pins a name of it.
pub fn offered<'c>(
    cat: &'c Catalog,
    choice: &crate::catalog::NodeChoice,
    k: &Knobs,
) -> Vec<&'c Node> {
    // A cloud with no node type for the technology: its AWS nodes, as the planner says.
    let cloud = if choice.in_cloud(k.cloud).is_some() {
        k.cloud
    } else {
        Cloud::Aws
    };
    let all = cat.nodes_for(choice, cloud);
    match &k.pinned {
        Some(p) if all.iter().any(|n| &n.name == p) => {
            all.into_iter().filter(|n| &n.name == p).collect()
        }
        _ => all,
    }
}

/// Network-attached volumes of self-managed nodes, in the node's cloud: capacity, and IOPS
/// and throughput above what every volume includes.
///
/// # Formula
/// capacity = volumes × GiB each at the GB-month price; IOPS = volumes × max(0, IOPS each −
/// included) at the IOPS-month price; throughput = volumes × max(0, MB/s each − included) at
/// the MB/s-month price.
///
/// Sources: Amazon EBS Pricing (gp3); the other clouds' disk pricing pages for theirs.
pub fn volume_lines(
    cat: &Catalog,
    n: &Node,
    volumes: u32,
    gib_each: f64,
    iops_each: f64,
    mb_s_each: f64,
    k: &Knobs,
) -> smallvec::SmallVec<[BillLine; 3]> {
    let b = &cat.prices(n.cloud).block_storage;
    let v = volumes as f64;
    // At most three lines, held inline: every candidate of a store on volumes makes them.
    let mut lines = smallvec::smallvec![BillLine::new(
        BillItem::Storage,
        k.say(|| format!("{} volumes", b.product)),
        gib_each * v,
        "GiB-month",
        b.usd_per_gb_month,
    )];
    if iops_each > b.included_iops {
        lines.push(BillLine::new(
            BillItem::Iops,
            "provisioned IOPS above the included",
            (iops_each - b.included_iops) * v,
            "IOPS-month",
            b.usd_per_iops_month,
        ));
    }
    if mb_s_each > b.included_mb_per_s {
        lines.push(BillLine::new(
            BillItem::Iops,
            "provisioned throughput above the included",
            (mb_s_each - b.included_mb_per_s) * v,
            "MB/s-month",
            b.usd_per_mb_per_s_month,
        ));
    }
    lines
}

/// Snapshots of a self-managed store kept in the cloud's object storage: one copy of the data
/// (as stored on disk), at the object storage's price for that many GB.
///
/// # Formula
/// backups = data on disk (one copy) GB-month at the object-storage tiers.
///
/// Source: Apache Cassandra documentation, Backups (snapshots); MongoDB manual, Backup
/// Methods; the cloud's object storage pricing.
pub fn snapshot_line(cat: &Catalog, cloud: Cloud, one_copy_bytes: f64, k: &Knobs) -> BillLine {
    let t = &cat.prices(cloud).object_storage.storage;
    BillLine::tiered(
        BillItem::Storage,
        k.say(|| format!("snapshots in {} (one copy)", t.product)),
        t,
        one_copy_bytes / 1e9,
    )
}

/// Traffic across zone boundaries in a cloud, per month: `None` when there is none or the
/// cloud does not charge for it.
///
/// # Formula
/// cost = bytes/s × seconds per month ÷ 10⁹ × the cross-zone price per GB.
pub fn cross_zone_line(
    cat: &Catalog,
    cloud: Cloud,
    what: &str,
    bytes_per_s: f64,
    k: &Knobs,
) -> Option<BillLine> {
    let price = &cat.prices(cloud).cross_zone;
    let gb = bytes_per_s * crate::units::SECONDS_PER_MONTH / 1e9;
    (gb > 0.0 && price.usd > 0.0).then(|| {
        BillLine::new(
            BillItem::Transfer,
            k.say(|| format!("cross-zone {what}")),
            gb,
            "GB",
            price.usd,
        )
    })
}

/// The cost [`compute_line`] comes to, without the line: what a branch-and-bound floor asks
/// of every node type in a list (building and dropping a bill line for each cost more than
/// the sizing it saved). The same products in the same order, so the same bits.
pub fn compute_floor(cat: &Catalog, n: &Node, count: u32, k: &Knobs) -> f64 {
    let (share, _) = purchase(cat, n.cloud, n.service.kind(), k);
    count as f64 * k.hours_per_month * (n.usd_per_hour * share)
}

/// One node type's compute line: `count × type` at its hourly price as bought.
pub fn compute_line(cat: &Catalog, n: &Node, count: u32, k: &Knobs) -> BillLine {
    let (share, basis) = purchase(cat, n.cloud, n.service.kind(), k);
    BillLine::new(
        BillItem::Compute,
        k.say(|| format!("{} × {}{basis}", count, n.name)),
        count as f64 * k.hours_per_month,
        "node-hours",
        n.usd_per_hour * share,
    )
}
