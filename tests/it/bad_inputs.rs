//! The catalogue of bad inputs: mistakes users make in a spec, each refused with exit 2 and
//! an error giving the file, line and column, the key, what was expected and a hint.

use crate::common::capplan;

/// Run `estimate` on `text` saved as `spec.EXT`; require exit 2 and an error at
/// `spec.EXT:LINE:COL` about `key`, with the expected value and the hint given.
fn refused(ext: &str, text: &str, line: usize, col: usize, key: &str, expected: &str, hint: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = format!("spec.{ext}");
    std::fs::write(dir.path().join(&file), text).unwrap();
    let out = capplan()
        .current_dir(dir.path())
        .args(["estimate", &file, "--requests", "0"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let place = format!("error: {file}:{line}:{col}: `{key}`: ");
    assert!(
        err.starts_with(&place),
        "expected {place:?} first in:\n{err}"
    );
    // The start of the expectation: lists of keys grow with the schema.
    assert!(
        err.contains(&format!("\n  expected: {expected}")),
        "expected {expected:?} in:\n{err}"
    );
    assert!(
        err.contains(&format!("\n  hint: {hint}")),
        "hint {hint:?} in:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

macro_rules! mistakes {
    ($($name:ident: $ext:literal, $text:expr, $line:literal:$col:literal, $key:literal, $expected:expr, $hint:expr;)*) => {
        $(
            #[test]
            fn $name() {
                refused($ext, $text, $line, $col, $key, $expected, $hint);
            }
        )*
        /// How many mistakes the catalogue holds.
        pub const COUNT: usize = [$(stringify!($name)),*].len();
    };
}

/// A spec that loads, to which each mistake is added.
#[test]
fn the_base_spec_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("spec.yaml"),
        "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n",
    )
    .unwrap();
    capplan()
        .current_dir(dir.path())
        .args(["estimate", "spec.yaml", "--requests", "0"])
        .assert()
        .success();
}

// The catalogue holds at least 60 mistakes (checked when the tests compile).
const _: () = assert!(COUNT >= 60);

mistakes! {
    negative_dau: "yaml", "name: x\ntraffic:\n  dau: -5M\n  requests_per_user: 10\n", 3:3, "traffic.dau",
        "a value greater than zero and at most 10B (more daily users than people on Earth)",
        "check the number and its unit suffix";
    zero_dau: "yaml", "name: x\ntraffic:\n  dau: 0\n  requests_per_user: 10\n", 3:3, "traffic.dau",
        "a value greater than zero and at most 10B (more daily users than people on Earth)",
        "check the number and its unit suffix";
    unknown_count_suffix: "yaml", "name: x\ntraffic:\n  dau: 10Q\n  requests_per_user: 10\n", 3:8, "traffic.dau",
        "a count such as `10M`, `1.5K` or `250000`",
        "known suffixes are K (thousand), M (million), B (billion), T (trillion)";
    nan_dau: "yaml", "name: x\ntraffic:\n  dau: .nan\n  requests_per_user: 10\n", 3:8, "traffic.dau",
        "a count such as `10M`, `1.5K` or `250000`",
        "the value is not a finite number";
    absurd_dau: "yaml", "name: x\ntraffic:\n  dau: 1e15\n  requests_per_user: 10\n", 3:3, "traffic.dau",
        "at most 10B (more daily users than people on Earth)",
        "check the number and its unit suffix";
    currency_on_count: "yaml", "name: x\ntraffic:\n  dau: $5M\n  requests_per_user: 10\n", 3:8, "traffic.dau",
        "a count such as `10M`, `1.5K` or `250000`",
        "a currency sign belongs on money only (`budget.monthly`); drop the `$`";
    words_after_count: "yaml", "name: x\ntraffic:\n  dau: 5M users\n  requests_per_user: 10\n", 3:8, "traffic.dau",
        "a count such as `10M`, `1.5K` or `250000`",
        "known suffixes are K (thousand), M (million), B (billion), T (trillion)";
    list_for_count: "yaml", "name: x\ntraffic:\n  dau: [1]\n  requests_per_user: 10\n", 3:8, "traffic.dau",
        "a count such as `10M`, `1.5K` or `250000`, a 90% interval like `5M..20M`, or {dist: lognormal|normal|uniform|triangular|pert, ...}",
        "write one value of the kind expected; `capplan schema` lists each key's forms";
    absurd_requests_per_user: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 1e15\n", 4:3, "traffic.requests_per_user",
        "at most 1M (about 12 requests a second per user, all day)",
        "check the number and its unit suffix";
    zero_requests_per_user: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 0\n", 4:3, "traffic.requests_per_user",
        "a value greater than zero and at most 1M (about 12 requests a second per user, all day)",
        "check the number and its unit suffix";
    requests_per_user_with_qps: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  qps: 900/s\n", 4:3, "traffic.requests_per_user",
        "either DAU × requests per user, or a QPS",
        "remove one; `dau` alone may stay to size concurrency";
    qps_and_peak_qps: "yaml", "name: x\ntraffic:\n  qps: 900/s\n  peak_qps: 2K/s\n", 4:3, "traffic.peak_qps",
        "one of `qps` (average) or `peak_qps`",
        "keep one; the other follows from `peak_factor`";
    no_request_volume: "yaml", "name: x\ntraffic:\n  dau: 1M\n", 2:1, "traffic.requests_per_user",
        "`dau` and `requests_per_user`, or `qps`, or `peak_qps`",
        "e.g. `dau: 10M` and `requests_per_user: 20`";
    peak_factor_below_one: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  peak_factor: 0.5\n", 5:3, "traffic.peak_factor",
        "a value of at least 1 and at most 1000 (peak ÷ average is 2–10 in practice)",
        "peak ÷ average is at least 1; 2–3 is typical";
    absurd_peak_factor: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  peak_factor: 1T\n", 5:3, "traffic.peak_factor",
        "at most 1000 (peak ÷ average is 2–10 in practice)",
        "peak ÷ average is at least 1; 2–3 is typical";
    ratio_in_words: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  read_write_ratio: 100 to 1\n", 5:21, "traffic.read_write_ratio",
        "a ratio such as `100:1` (reads:writes)",
        "write reads:writes, e.g. `100:1`";
    ratio_without_writes: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  read_write_ratio: 1:0\n", 5:21, "traffic.read_write_ratio",
        "a ratio such as `100:1` (reads:writes)",
        "the right side must not be zero; for a read-only system use e.g. `1000000:1`";
    absurd_ratio: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  read_write_ratio: 10000000:1\n", 5:3, "traffic.read_write_ratio",
        "at most 1000000:1 (a million reads per write)",
        "check the number and its unit suffix";
    concurrent_share_over_100: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  concurrent_users: 150%\n", 5:3, "traffic.concurrent_users",
        "a share above 0% and at most 100%",
        "check the number and its unit suffix";
    concurrent_more_than_dau: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  concurrent_users: 2M\n", 5:3, "traffic.concurrent_users",
        "at most `dau`",
        "give a share like `0.5%` of DAU";
    fanout_below_one: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  fanout: 0.5\n", 5:3, "traffic.fanout",
        "a value of at least 1 and at most 1B (more followers than any account has)",
        "check the number and its unit suffix";
    media_reads_over_100: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  media_reads: 150%\n", 5:3, "traffic.media_reads",
        "a value between 0 and 1",
        "check the number and its unit suffix";
    unknown_size_unit: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\npayloads:\n  read: 5 parsecs\n", 6:9, "payloads.read",
        "a size such as `500 B`, `2 KB` or `4 MiB`",
        "units are B, KB, MB, GB, TB, PB (×1000) or KiB, MiB, GiB, TiB (×1024)";
    negative_size: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\npayloads:\n  read: -1 KB\n", 6:3, "payloads.read",
        "a value greater than zero and at most 10 GB (a response larger than a whole film)",
        "check the number and its unit suffix";
    absurd_write_payload: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\npayloads:\n  write: 100 GB\n", 6:3, "payloads.write",
        "at most 10 GB (a request larger than a whole film)",
        "check the number and its unit suffix";
    absurd_record_size: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ndata:\n  record_size: 2 GB\n", 6:3, "data.record_size",
        "at most 1 GB (records are rows; large objects are media)",
        "check the number and its unit suffix";
    retention_without_unit: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ndata:\n  retention: 5\n", 6:14, "data.retention",
        "a duration such as `200ms`, `2 s` or `5 years`",
        "give the unit, e.g. `200ms` or `2 s`, so milliseconds and seconds can't be confused";
    absurd_retention: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ndata:\n  retention: 500 years\n", 6:3, "data.retention",
        "at most 100 years (the planning horizon's limit)",
        "check the number and its unit suffix";
    zero_replication: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ndata:\n  replication: 0\n", 6:3, "data.replication",
        "a value of at least 1 and at most 100 (copies per record; 3 is common)",
        "1 keeps a single copy; 3 is common";
    absurd_replication: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ndata:\n  replication: 1000\n", 6:3, "data.replication",
        "at most 100 (copies per record; 3 is common)",
        "1 keeps a single copy; 3 is common";
    empty_hot_set: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ndata:\n  hot_set: 0%\n", 6:3, "data.hot_set",
        "a share above 0% and at most 100%",
        "check the number and its unit suffix";
    absurd_media_size: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ndata:\n  media_size: 10 TB\n", 6:3, "data.media_size",
        "at most 5 TB (the largest object Amazon S3 stores)",
        "check the number and its unit suffix";
    bare_share_over_one: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ndata:\n  static_share: 2\n", 6:17, "data.static_share",
        "a percentage such as `99.95%` or a fraction such as `0.2`",
        "a bare number for a share must be between 0 and 1; write a percentage like `20%`";
    bare_growth_percentage: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ngrowth:\n  yearly: 20\n", 6:11, "growth.yearly",
        "a percentage such as `99.95%` or a fraction such as `0.2`",
        "a bare number for a share must be between 0 and 1; write a percentage like `20%`";
    absurd_horizon: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ngrowth:\n  horizon: 1000 years\n", 6:3, "growth.horizon",
        "at most 100 years (the longest plan made)",
        "check the number and its unit suffix";
    minutes_as_m: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nslo:\n  p99: 5m\n", 6:8, "slo.p99",
        "a duration such as `200ms`, `2 s` or `5 years`",
        "`m` could mean minutes or months; write `min` for minutes, `ms` for milliseconds or `months`";
    latency_without_unit: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nslo:\n  p99: 200\n", 6:8, "slo.p99",
        "a duration such as `200ms`, `2 s` or `5 years`",
        "give the unit, e.g. `200ms` or `2 s`, so milliseconds and seconds can't be confused";
    absurd_latency_target: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nslo:\n  p99: 2 days\n", 6:3, "slo.p99",
        "at most 1 h (a request latency target, not a batch deadline)",
        "check the number and its unit suffix";
    availability_100: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nslo:\n  availability: 100%\n", 6:3, "slo.availability",
        "a share strictly between 0% and 100%",
        "100% cannot be promised; write e.g. `99.9%` or `99.99%`";
    availability_over_100: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nslo:\n  availability: 101%\n", 6:3, "slo.availability",
        "a share strictly between 0% and 100%",
        "100% cannot be promised; write e.g. `99.9%` or `99.99%`";
    negative_budget: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nbudget:\n  monthly: -$5\n", 6:12, "budget.monthly",
        "an amount such as `$20,000` or `$50K`",
        "e.g. `$20,000`";
    budget_in_words: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nbudget:\n  monthly: lots\n", 6:12, "budget.monthly",
        "an amount such as `$20,000` or `$50K`",
        "e.g. `$20,000`";
    budget_confidence_100: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nbudget:\n  confidence: 100%\n", 6:3, "budget.confidence",
        "a share strictly between 0% and 100%",
        "check the number and its unit suffix";
    service_time_a_week: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nservice_time:\n  app: 1 week\n", 6:3, "service_time.app",
        "at most 1 min (one request's work; longer work is a worker job)",
        "check the number and its unit suffix";
    zero_query_time: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nservice_time:\n  db_query: 0 ms\n", 6:3, "service_time.db_query",
        "a value greater than zero and at most 1 min (one query inside a request)",
        "check the number and its unit suffix";
    worker_job_two_days: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nservice_time:\n  worker: 2 days\n", 6:3, "service_time.worker",
        "at most 1 day (one background job)",
        "check the number and its unit suffix";
    misspelt_traffic_key: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  read_write_ratoi: 100:1\n", 5:3, "traffic.read_write_ratoi",
        "one of dau, requests_per_user, qps",
        "did you mean `read_write_ratio`?";
    misspelt_section: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nbudgets:\n  monthly: $5K\n", 5:1, "budgets",
        "one of name, description, traffic",
        "did you mean `budget`?";
    unknown_feature: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nfeatures: [media, serch]\n", 5:19, "features[1]",
        "one of `media`, `search`, `realtime`, `fanout`, `async_jobs`, `global`",
        "did you mean `search`?";
    feature_twice: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nfeatures: [media, media]\n", 5:19, "features[1]",
        "each feature once",
        "remove the duplicate";
    unknown_assumption: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nassumptions:\n  peak_factr: 3\n", 6:3, "assumptions.peak_factr",
        "one of peak_factor, tier_capacity_point, target_utilization",
        "did you mean `peak_factor`?";
    assumption_out_of_range: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nassumptions:\n  cache_hit_ratio: 150%\n", 6:3, "assumptions.cache_hit_ratio",
        "a value between 0 and 1",
        "see the report's Assumptions section for each default's value and meaning";
    phase_four: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nlimits:\n  max_phase: 4\n", 6:3, "limits.max_phase",
        "1, 2 or 3",
        "1 vertical, 2 distribute reads, 3 partition data";
    unknown_role_limit: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nlimits:\n  max_instances: {apps: 3}\n", 6:19, "limits.max_instances.apps",
        "`total` or one of cdn, waf, load_balancer, api_gateway, app, websocket, cache, database, db_standby, read_replica, queue, stream, worker, search, object_storage, service_mesh",
        "did you mean `app`?";
    headroom_below_one: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nlimits:\n  min_headroom: -2x\n", 6:3, "limits.min_headroom",
        "a load multiple of at least 1 (e.g. `1.5x` or `50%`)",
        "`capplan init` writes a commented example of every key";
    duplicate_key: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\n  dau: 2M\n", 5:3, "traffic.dau",
        "each key once in its mapping",
        "remove one of the two, or merge them";
    tab_indentation: "yaml", "name: x\ntraffic:\n\tdau: 1M\n\trequests_per_user: 10\n", 3:1, "traffic.dau",
        "spaces before the key",
        "replace the tab with spaces (e.g. two per level)";
    brackets_too_deep: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ndescription: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n", 5:46, "description",
        "at most 32 levels of `{ }` and `[ ]`",
        "a spec needs three levels at most; check for an unclosed bracket";
    normal_mostly_negative: "yaml", "name: x\ntraffic:\n  dau: {dist: normal, mean: 1M, sd: 10M}\n  requests_per_user: 10\n", 3:3, "traffic.dau",
        "a value greater than zero and at most 10B (more daily users than people on Earth)",
        "check the number and its unit suffix";
    uniform_reversed: "yaml", "name: x\ntraffic:\n  dau: {dist: uniform, low: 5M, high: 1M}\n  requests_per_user: 10\n", 3:8, "traffic.dau",
        "low < high",
        "put the smaller value in `low` and keep `mode` between the ends";
    unknown_distribution: "yaml", "name: x\ntraffic:\n  dau: {dist: gaussian, mean: 1M, sd: 1K}\n  requests_per_user: 10\n", 3:8, "traffic.dau",
        "lognormal, normal, uniform, triangular or pert",
        "`capplan init` writes a commented example of every key";
    interval_reversed: "yaml", "name: x\ntraffic:\n  dau: 20M..5M\n  requests_per_user: 10\n", 3:8, "traffic.dau",
        "`low..high` with the low end first",
        "write the smaller end first, e.g. `5M..20M`";
    uniform_mostly_too_large: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: {dist: uniform, low: 1e-9, high: 1e9}\n", 4:3, "traffic.requests_per_user",
        "at most 1M (about 12 requests a second per user, all day)",
        "check the number and its unit suffix";
    unknown_cloud: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nchoices:\n  cloud: azur\n", 6:10, "choices.cloud",
        "one of `aws`, `azure`, `gcp`",
        "did you mean `azure`?";
    negative_team: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nteam_size: -3\n", 5:1, "team_size",
        "a value greater than zero and at most 1M (engineers on one system)",
        "check the number and its unit suffix";
    list_for_description: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\ndescription: [a, b]\n", 5:14, "description",
        "text",
        "write one value of the kind expected; `capplan schema` lists each key's forms";
    average_rate_too_large: "yaml", "name: x\ntraffic:\n  dau: 10B\n  requests_per_user: 1M\n", 4:3, "traffic.requests_per_user",
        "at most 1B requests a second on average (DAU × requests per user ÷ 86,400 s)",
        "check the suffixes: `requests_per_user` counts one user's requests in a day";
    comma_in_flow_money: "yaml", "name: x\ntraffic:\n  dau: 1M\n  requests_per_user: 10\nbudget: { monthly: $5,000 }\n", 5:23, "budget.000",
        "one of monthly, confidence",
        "inside `{ … }` a comma separates entries, so `$5,000` splits in two: quote it (`\"$5,000\"`) or write `$5000`";
    toml_unknown_key: "toml", "name = \"x\"\n[traffic]\ndau = \"1M\"\nrequests_per_usr = 10\n", 4:1, "traffic.requests_per_usr",
        "one of dau, requests_per_user, qps",
        "did you mean `requests_per_user`?";
    toml_bad_value: "toml", "name = \"x\"\n[traffic]\ndau = \"1M\"\nrequests_per_user = \"ten\"\n", 4:21, "traffic.requests_per_user",
        "a count such as `10M`, `1.5K` or `250000`",
        "start with a number, e.g. `10M`";
    json_unknown_key: "json", "{\n  \"name\": \"x\",\n  \"traffic\": {\n    \"dau\": \"1M\",\n    \"requests_per_usr\": 10\n  }\n}\n", 5:22, "traffic.requests_per_usr",
        "one of dau, requests_per_user, qps",
        "did you mean `requests_per_user`?";
    json_bad_value: "json", "{\n  \"name\": \"x\",\n  \"traffic\": {\n    \"dau\": \"-1M\",\n    \"requests_per_user\": 10\n  }\n}\n", 4:6, "traffic.dau",
        "a value greater than zero and at most 10B (more daily users than people on Earth)",
        "check the number and its unit suffix";
}
