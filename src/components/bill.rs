//! A component's bill: one line per thing the provider charges for.

use super::table::{Table, TableKey};
use serde::Serialize;

/// A monthly cost range in US dollars.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default, schemars::JsonSchema)]
pub struct Cost {
    #[serde(rename = "low_usd")]
    pub low: f64,
    #[serde(rename = "high_usd")]
    pub high: f64,
}

impl Cost {
    pub fn point(v: f64) -> Cost {
        Cost { low: v, high: v }
    }
    pub fn times(r: crate::catalog::Range, n: f64) -> Cost {
        Cost {
            low: r.low * n,
            high: r.high * n,
        }
    }
    pub fn mid(&self) -> f64 {
        (self.low + self.high) / 2.0
    }
    pub fn scale(&self, f: f64) -> Cost {
        Cost {
            low: self.low * f,
            high: self.high * f,
        }
    }
}

impl std::ops::Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            low: self.low + o.low,
            high: self.high + o.high,
        }
    }
}

/// What a bill line charges for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BillItem {
    Compute,
    Storage,
    Iops,
    Requests,
    Transfer,
    CapacityUnits,
}

impl BillItem {
    /// Every item, in order.
    pub const ALL: [BillItem; 6] = [
        BillItem::Compute,
        BillItem::Storage,
        BillItem::Iops,
        BillItem::Requests,
        BillItem::Transfer,
        BillItem::CapacityUnits,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BillItem::Compute => "compute",
            BillItem::Storage => "storage",
            BillItem::Iops => "iops",
            BillItem::Requests => "requests",
            BillItem::Transfer => "transfer",
            BillItem::CapacityUnits => "capacity_units",
        }
    }
}

impl TableKey for BillItem {
    const ALL: &'static [BillItem] = &BillItem::ALL;
    fn index(self) -> usize {
        self as usize
    }
}

/// Words on a bill: most are fixed text, so they are borrowed rather than allocated — a plan
/// prices dozens of candidates' lines and keeps one candidate's.
pub type Words = std::borrow::Cow<'static, str>;

/// One line: a monthly quantity of something at a unit price.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct BillLine {
    pub item: BillItem,
    /// What is bought, e.g. `3 × i3en.xlarge`, `gp3 storage`.
    pub what: Words,
    pub quantity: f64,
    pub unit: Words,
    #[serde(rename = "unit_price_usd")]
    pub unit_price: f64,
    pub monthly_cost: Cost,
}

impl BillLine {
    /// # Formula
    /// monthly cost = quantity × unit price.
    pub fn new(
        item: BillItem,
        what: impl Into<Words>,
        quantity: f64,
        unit: &'static str,
        unit_price: f64,
    ) -> Self {
        BillLine {
            item,
            what: what.into(),
            quantity,
            unit: Words::Borrowed(unit),
            unit_price,
            monthly_cost: Cost::point(quantity * unit_price),
        }
    }

    /// A compute line: by node-hours at an hourly price, or by instance-months at a
    /// documented low–high monthly range (the reference tier set).
    pub fn compute(
        what: impl Into<Words>,
        count: u32,
        hourly: Option<f64>,
        monthly: crate::catalog::Range,
        hours: f64,
    ) -> Self {
        let (quantity, unit, unit_price) = match hourly {
            Some(h) => (count as f64 * hours, "node-hours", h),
            None => (count as f64, "instance-months", monthly.mid()),
        };
        BillLine {
            item: BillItem::Compute,
            what: what.into(),
            quantity,
            unit: Words::Borrowed(unit),
            unit_price,
            monthly_cost: BillLine::compute_cost(count, hourly, monthly, hours),
        }
    }

    /// The monthly cost of [`BillLine::compute`]'s line, without making the line (a cost floor
    /// asks it of every option in a list, most never priced further).
    ///
    /// # Formula
    /// count × hours × hourly price; or count × the monthly range, end by end.
    pub fn compute_cost(
        count: u32,
        hourly: Option<f64>,
        monthly: crate::catalog::Range,
        hours: f64,
    ) -> Cost {
        match hourly {
            Some(h) => Cost::point(count as f64 * hours * h),
            None => Cost::times(monthly, count as f64),
        }
    }

    /// The line as bought: its unit price and cost × `share` of on-demand, `basis` added to
    /// what it names (e.g. ` (3-year reserved)`).
    pub fn bought(mut self, share: f64, basis: &str) -> Self {
        // An unworded line (numbers only) stays unworded.
        if !basis.is_empty() && !self.what.is_empty() {
            self.what.to_mut().push_str(basis);
        }
        self.unit_price *= share;
        self.monthly_cost = self.monthly_cost.scale(share);
        self
    }

    /// A line priced tier by tier: the unit price shown is the average over the quantity.
    pub fn tiered(
        item: BillItem,
        what: impl Into<Words>,
        t: &crate::catalog::Tiered,
        quantity: f64,
    ) -> Self {
        BillLine {
            item,
            what: what.into(),
            quantity,
            unit: unit_words(&t.unit),
            unit_price: t.average(quantity),
            monthly_cost: Cost::point(t.charge(quantity)),
        }
    }
}

/// A price book's unit as a bill line's: the books' own units without a copy (every sample of
/// a Monte Carlo run prices several tiered lines), any other copied.
fn unit_words(unit: &str) -> Words {
    const KNOWN: [&str; 4] = ["GB", "GB-month", "GiB-month", "requests"];
    match KNOWN.iter().find(|&&k| k == unit) {
        Some(&k) => Words::Borrowed(k),
        None => Words::Owned(unit.to_owned()),
    }
}

/// Cost by bill item (a [`Table`]: every priced candidate builds one).
pub type ItemCosts = Table<BillItem, Cost, { BillItem::ALL.len() }>;

/// Monthly cost by bill item: the JSON `monthly_cost` breakdown.
pub fn by_item(lines: &[BillLine]) -> ItemCosts {
    costs_by_item(lines.iter().map(|l| (l.item, l.monthly_cost)))
}

/// Costs summed by item, in the order given.
pub fn costs_by_item(costs: impl IntoIterator<Item = (BillItem, Cost)>) -> ItemCosts {
    let mut m = ItemCosts::default();
    for (item, cost) in costs {
        let e = m.entry_or(item, Cost::default());
        *e = *e + cost;
    }
    m
}

/// A component's monthly cost: the total range and its split by bill item.
#[derive(Debug, Clone, PartialEq, Serialize, Default, schemars::JsonSchema)]
pub struct ComponentCost {
    #[serde(rename = "low_usd")]
    pub low: f64,
    #[serde(rename = "high_usd")]
    pub high: f64,
    /// The same total by bill item (`compute`, `storage`, …); the lines sum to `low`/`high`.
    pub lines: ItemCosts,
}

impl ComponentCost {
    pub fn of(bill: &[BillLine]) -> ComponentCost {
        ComponentCost::of_items(by_item(bill))
    }
    pub fn of_items(lines: ItemCosts) -> ComponentCost {
        let total = lines.values().fold(Cost::default(), |a, c| a + *c);
        ComponentCost {
            low: total.low,
            high: total.high,
            lines,
        }
    }
    pub fn total(&self) -> Cost {
        Cost {
            low: self.low,
            high: self.high,
        }
    }
    pub fn mid(&self) -> f64 {
        (self.low + self.high) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Range;

    /// Hand-worked: 3 db.m5.large at $0.178/h for 730 h = 2,190 node-hours × $0.178 =
    /// $389.82; 2 reference instances at $100–$200 a month = $200–$400.
    #[test]
    fn compute_cost_by_hand() {
        let none = Range {
            low: 0.0,
            high: 0.0,
        };
        let hourly = BillLine::compute_cost(3, Some(0.178), none, 730.0);
        assert!((hourly.low - 389.82).abs() < 1e-9 && hourly.low == hourly.high);
        let r = Range {
            low: 100.0,
            high: 200.0,
        };
        let monthly = BillLine::compute_cost(2, None, r, 730.0);
        assert_eq!((monthly.low, monthly.high), (200.0, 400.0));
        // The line carries that cost, its quantity and unit price.
        let line = BillLine::compute("", 3, Some(0.178), none, 730.0);
        assert_eq!((line.quantity, line.unit_price), (2190.0, 0.178));
        assert_eq!(line.monthly_cost, hourly);
        let line = BillLine::compute("", 2, None, r, 730.0);
        assert_eq!((line.quantity, line.unit_price), (2.0, 150.0));
    }
}
