//! Serverless key-value tables billed by request unit (DynamoDB): no nodes to size.

use super::*;
use crate::catalog::Sizing;
use crate::units::SECONDS_PER_MONTH;

/// The serverless key-value model.
pub struct KeyValueModel;

impl ComponentModel for KeyValueModel {
    /// Two candidates: on-demand and provisioned capacity.
    ///
    /// # Formula
    /// write units per write = ⌈item ÷ 1 KB⌉, read units per read = ⌈item ÷ 4 KB⌉ × units per
    /// read (0.5 eventually consistent);
    /// on-demand = average rate × seconds/month × units × price per million;
    /// provisioned = ⌈peak rate × units ÷ target⌉ capacity units × hours × price per unit-hour;
    /// storage = (data + 100 B per item) × price per GB-month.
    /// Source: Amazon DynamoDB pricing and developer guide (read/write capacity units).
    fn candidates(
        &self,
        d: &Demand,
        tech: &Technology,
        cat: &Catalog,
        k: &Knobs,
    ) -> Vec<Candidate> {
        let Some(Sizing::KeyValueServerless(p)) = &tech.sizing else {
            return vec![];
        };
        let wru = (d.write_bytes / cat.fig("price.dynamodb.write_unit_bytes"))
            .ceil()
            .max(1.0);
        let rru = (d.read_bytes / cat.fig("price.dynamodb.read_unit_bytes"))
            .ceil()
            .max(1.0)
            * p.read_units_per_read;
        let gb = (d.data_bytes + 100.0 * d.items) / 1e9;
        let storage = BillLine::new(
            BillItem::Storage,
            "table storage",
            gb,
            "GB-month",
            cat.fig("price.dynamodb.usd_per_gb_month"),
        );
        let on_demand = vec![
            BillLine::new(
                BillItem::Requests,
                "on-demand: write request units",
                d.avg_writes_per_s * wru * SECONDS_PER_MONTH / 1e6,
                "million WRU",
                cat.fig("price.dynamodb.on_demand_usd_per_million_wru"),
            ),
            BillLine::new(
                BillItem::Requests,
                "on-demand: read request units",
                d.avg_reads_per_s * rru * SECONDS_PER_MONTH / 1e6,
                "million RRU",
                cat.fig("price.dynamodb.on_demand_usd_per_million_rru"),
            ),
            storage.clone(),
        ];
        let wcu = ceil_count(d.writes_per_s * wru / p.provisioned_target) as f64;
        let rcu = ceil_count(d.reads_per_s * rru / p.provisioned_target) as f64;
        let provisioned = vec![
            BillLine::new(
                BillItem::CapacityUnits,
                k.say(|| format!("provisioned: {wcu} WCU")),
                wcu * k.hours_per_month,
                "WCU-hours",
                cat.fig("price.dynamodb.usd_per_wcu_hour"),
            ),
            BillLine::new(
                BillItem::CapacityUnits,
                k.say(|| format!("provisioned: {rcu} RCU")),
                rcu * k.hours_per_month,
                "RCU-hours",
                cat.fig("price.dynamodb.usd_per_rcu_hour"),
            ),
            storage,
        ];
        [on_demand, provisioned]
            .into_iter()
            .map(|bill| Candidate {
                // A managed table serves requests in parallel far past any one client's load:
                // a delay station of one query time.
                servers_per_node: Some(10_000),
                service_time_s: Some(d.cpu_s.max(1e-4)),
                ..Candidate::managed(bill, Limit::Requests)
            })
            .collect()
    }
}
