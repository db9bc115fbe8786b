//! Times the generator stage by stage: `cargo run --release -p codegen --example stages --
//! [--runs N] SPEC...` (`scripts/bench.sh` fetches the large specs and runs it).
//!
//! Each run is a fresh process (this program started again with `--child`), as a build script
//! is, in one of two kinds, alternated so that both meet the same load:
//!
//! - **staged**: the baseline, then the six stages one after the other, each timed on its own
//!   through the library's functions: parse the file's bytes with serde_json (serde_yaml for
//!   YAML) into a `Value` and drop it, twice (the second is the baseline: no generator can be
//!   faster than reading its input; the first also pays for the memory the process gets from
//!   the system, which the stages after it reuse); `load` (read and parse, as the generator does: duplicate keys refused);
//!   `resolve` (follow every `$ref` of the root file once; the generator does this lazily while
//!   modelling, and the model finds them memoized here); `model`; `emit` (every token stream,
//!   dropped unprinted); `format` (emit and format together, minus `emit`); `write` (the crate,
//!   into a new temporary directory).
//! - **end to end**: `Generator::generate` and `Generated::write_crate`, what `codegen
//!   generate` and build scripts do; its peak memory (`VmHWM`, the process's high-water mark
//!   of resident memory) is the generator's.
//!
//! It prints the medians of each stage, their ratio to the baseline of the same runs, and, for
//! several specs, how time and memory grow with the size of the spec.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::resolve::{Location, Resolver};
use serde_json::Value;

/// The command-line program's allocator (see `src/main.rs`), so that the end-to-end figures
/// are the program's.
#[cfg(feature = "cli")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The stages of a staged run, in the order printed (the keys of a child's output are
/// `<stage>_ms` and `<stage>_cpu`).
const STAGES: &[&str] = &["load", "resolve", "model", "emit", "format", "write"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, kind, spec] if flag == "--child" => {
            // The generator's own threads have a large stack; the stages called one by one
            // run on this one, which needs the same.
            let (kind, spec) = (kind.clone(), PathBuf::from(spec));
            let thread = std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn(move || child(&kind, &spec))
                .expect("spawn the benchmark thread");
            let line = thread.join().expect("the benchmark thread panicked");
            println!("{line} peak_kb={}", peak_kb());
        }
        _ => parent(&args),
    }
}

/// One run, in this process: the figures as `key=value` pairs.
fn child(kind: &str, spec: &Path) -> String {
    let temp = std::env::temp_dir().join(format!("codegen-stages-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&temp);
    let line = match kind {
        "staged" => staged(spec, &temp),
        "whole" => whole(spec, &temp),
        _ => panic!("unknown kind of run {kind}"),
    };
    let _ = std::fs::remove_dir_all(&temp);
    line
}

fn staged(spec: &Path, temp: &Path) -> String {
    let generator = codegen::Generator::new(spec);
    let mut times = StageTimes::new();
    let bytes = std::fs::read(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let json = spec.extension().is_some_and(|e| e == "json");
    let parse = || {
        let t = Stopwatch::start();
        let baseline: Value = if json {
            serde_json::from_slice(&bytes).expect("the spec is JSON")
        } else {
            serde_yaml::from_slice(&bytes).expect("the spec is YAML")
        };
        let time = t.stop();
        drop(baseline);
        time
    };
    // The first parse in a fresh process also pays for the pages the allocator gets from the
    // system; the stages after it reuse them. The baseline is the second, like them.
    push(&mut times, ("cold_baseline", parse()));
    push(&mut times, ("baseline", parse()));
    drop(bytes);

    let t = Stopwatch::start();
    let tree = codegen::load::read_tree(spec, spec).unwrap_or_else(|e| panic!("{e}"));
    // Loading includes telling the version and normalizing to the 3.0 shape.
    let mut resolver = Resolver::from_spec_tree(spec, spec, tree).unwrap_or_else(|e| panic!("{e}"));
    push(&mut times, ("load", t.stop()));

    let t = Stopwatch::start();
    let refs = follow_every_ref(&mut resolver);
    push(&mut times, ("resolve", t.stop()));

    let t = Stopwatch::start();
    let built = codegen::model::build(&mut resolver, &codegen::Config::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let inputs = resolver.input_paths().map(Path::to_path_buf).collect();
    drop(resolver);
    push(&mut times, ("model", t.stop()));
    let (types, operations) = (built.api.types.len(), built.api.operations.len());

    let t = Stopwatch::start();
    let trees = generator
        .emit_only(&built.api)
        .unwrap_or_else(|e| panic!("{e}"));
    let emit = t.stop();
    push(&mut times, ("emit", emit));

    let t = Stopwatch::start();
    let generated = generator
        .emit_and_format(built, inputs)
        .unwrap_or_else(|e| panic!("{e}"));
    let (wall, cpu) = t.stop();
    push(&mut times, ("format", (wall - emit.0, cpu - emit.1)));

    let t = Stopwatch::start();
    generated
        .write_crate(temp, "bench_crate")
        .unwrap_or_else(|e| panic!("{e}"));
    push(&mut times, ("write", t.stop()));

    let bytes: usize = generated.files.iter().map(|f| f.contents.len()).sum();
    let lines: usize = generated
        .files
        .iter()
        .map(|f| f.contents.lines().count())
        .sum();
    let mut line = String::new();
    for (stage, (wall, cpu), peak) in times {
        line.push_str(&format!(
            "{stage}_ms={wall:.3} {stage}_cpu={cpu:.3} {stage}_peak={peak} "
        ));
    }
    line + &format!(
        "refs={refs} trees={trees} types={types} operations={operations} \
         output_bytes={bytes} output_lines={lines}"
    )
}

/// A stage's name, its wall and CPU time, and the peak memory of the process after it.
type StageTimes = Vec<(&'static str, (f64, f64), u64)>;

fn push(times: &mut StageTimes, (stage, time): (&'static str, (f64, f64))) {
    times.push((stage, time, peak_kb()));
}

fn whole(spec: &Path, temp: &Path) -> String {
    let t = Stopwatch::start();
    let generated = codegen::Generator::new(spec)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    generated
        .write_crate(temp, "bench_crate")
        .unwrap_or_else(|e| panic!("{e}"));
    let (wall, cpu) = t.stop();
    format!("whole_ms={wall:.3} whole_cpu={cpu:.3}")
}

/// Follows every `$ref` written in the root file once (the resolver memoizes them); returns
/// how many there were.
fn follow_every_ref(resolver: &mut Resolver) -> usize {
    let mut refs = Vec::new();
    let mut stack = vec![(resolver.root(), String::new())];
    while let Some((value, pointer)) = stack.pop() {
        match value {
            Value::Object(members) => {
                if let Some(Value::String(reference)) = members.get("$ref") {
                    refs.push((reference.clone(), pointer.clone()));
                }
                for (key, member) in members {
                    if member.is_object() || member.is_array() {
                        stack.push((member, codegen::json::pointer::join(&pointer, key)));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, codegen::json::pointer::join(&pointer, &i.to_string())));
                }
            }
            _ => {}
        }
    }
    for (reference, pointer) in &refs {
        // A broken ref is the model's to report, where it is used.
        let _ = resolver.follow(
            reference,
            &Location {
                file: 0,
                pointer: pointer.clone(),
            },
        );
    }
    refs.len()
}

/// Wall time and CPU time (user and system, of all threads of the process, including
/// those that have ended) since a point, in ms. CPU time is the figure that other programs
/// on the same cores disturb least.
struct Stopwatch {
    wall: Instant,
    cpu: f64,
}

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch {
            wall: Instant::now(),
            cpu: process_cpu_ms(),
        }
    }

    fn stop(self) -> (f64, f64) {
        (
            self.wall.elapsed().as_secs_f64() * 1e3,
            process_cpu_ms() - self.cpu,
        )
    }
}

fn process_cpu_ms() -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to write into.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    now.tv_sec as f64 * 1e3 + now.tv_nsec as f64 / 1e6
}

/// The high-water mark of this process's resident memory, in kB (Linux; 0 elsewhere).
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

type Row = Vec<(String, f64)>;

fn get(row: &Row, key: &str) -> f64 {
    row.iter()
        .find(|(k, _)| k == key)
        .map_or_else(|| panic!("no {key} in a child's output"), |(_, v)| *v)
}

fn median(rows: &[Row], key: &str) -> f64 {
    let mut values: Vec<f64> = rows.iter().map(|r| get(r, key)).collect();
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn run_child(kind: &str, spec: &Path) -> Row {
    let exe = std::env::current_exe().expect("the path of this program");
    let output = Command::new(exe)
        .args(["--child", kind])
        .arg(spec)
        .output()
        .expect("run a child");
    assert!(
        output.status.success(),
        "{kind} run on {} failed: {}",
        spec.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.parse().expect("a number")))
        .collect()
}

/// What the series table needs of one spec.
struct Summary {
    name: String,
    mb: f64,
    baseline: f64,
    whole: f64,
    cpu: f64,
    peak_mb: f64,
}

fn parent(args: &[String]) {
    let mut runs = 5;
    let mut specs = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N");
            }
            _ => specs.push(PathBuf::from(arg)),
        }
    }
    if specs.is_empty() {
        eprintln!("usage: stages [--runs N] SPEC...");
        std::process::exit(2);
    }
    let mut summaries = Vec::new();
    for spec in &specs {
        let mut staged = Vec::new();
        let mut whole = Vec::new();
        for _ in 0..runs {
            staged.push(run_child("staged", spec));
            whole.push(run_child("whole", spec));
        }
        summaries.push(report(spec, &staged, &whole));
    }
    if summaries.len() > 1 {
        series(&summaries);
    }
}

fn report(spec: &Path, staged: &[Row], whole: &[Row]) -> Summary {
    let size = std::fs::metadata(spec).map_or(0, |m| m.len());
    let mb = size as f64 / 1e6;
    let first = &staged[0];
    let baseline = median(staged, "baseline_ms");
    let name = spec_name(spec);
    println!(
        "\n{name}: {mb:.2} MB, {} operations, {} types, {} $refs -> {} lines, {:.1} MB of Rust; \
         median of {} runs of each kind",
        get(first, "operations"),
        get(first, "types"),
        get(first, "refs"),
        get(first, "output_lines"),
        get(first, "output_bytes") / 1e6,
        staged.len()
    );
    let (base_wall, base_cpu) = (baseline, median(staged, "baseline_cpu"));
    println!(
        "  {:<32} {:>10} {:>8}   {:>10} {:>8}   {:>14}",
        "", "wall ms", "x base", "CPU ms", "x base", "peak MB after"
    );
    let line = |label: &str, wall: f64, cpu: f64, peak: Option<f64>| {
        let peak = peak.map_or(String::new(), |kb| format!("{:.0}", kb / 1024.0));
        println!(
            "  {label:<32} {wall:>10.1} {:>7.1}x   {cpu:>10.1} {:>7.1}x   {peak:>14}",
            wall / base_wall,
            cpu / base_cpu
        );
    };
    let stage = |name: &str| {
        (
            median(staged, &format!("{name}_ms")),
            median(staged, &format!("{name}_cpu")),
            Some(median(staged, &format!("{name}_peak"))),
        )
    };
    let (wall, cpu, peak) = stage("cold_baseline");
    line("parse the file, first time", wall, cpu, peak);
    let (wall, cpu, peak) = stage("baseline");
    line("parse again (the baseline)", wall, cpu, peak);
    let (mut sum_wall, mut sum_cpu) = (0.0, 0.0);
    for name in STAGES {
        let (wall, cpu, peak) = stage(name);
        (sum_wall, sum_cpu) = (sum_wall + wall, sum_cpu + cpu);
        line(name, wall, cpu, peak);
    }
    line("sum of the stages' medians", sum_wall, sum_cpu, None);
    let end_to_end = median(whole, "whole_ms");
    let cpu = median(whole, "whole_cpu");
    line(
        "end to end (generate + write)",
        end_to_end,
        cpu,
        Some(median(whole, "peak_kb")),
    );
    let peak_mb = median(whole, "peak_kb") / 1024.0;
    println!(
        "  peak memory (VmHWM): end to end {peak_mb:.0} MB ({:.1}x the spec's size), staged run {:.0} MB",
        peak_mb / mb.max(f64::EPSILON),
        median(staged, "peak_kb") / 1024.0
    );
    Summary {
        name,
        mb,
        baseline,
        whole: end_to_end,
        cpu,
        peak_mb,
    }
}

/// How time and peak memory grow with the size of the spec: per MB of spec, and the exponent
/// of the power law fitted to the points (1.0 is linear).
fn series(summaries: &[Summary]) {
    println!("\nGrowth with spec size (end to end; medians):");
    println!(
        "  {:<40} {:>7} {:>9} {:>8} {:>7} {:>9} {:>8} {:>8} {:>9}",
        "spec", "MB", "time ms", "ms / MB", "x base", "CPU ms", "CPU/MB", "peak MB", "peak / MB"
    );
    for s in summaries {
        println!(
            "  {:<40} {:>7.2} {:>9.1} {:>8.1} {:>7.1} {:>9.0} {:>8.1} {:>8.0} {:>9.1}",
            s.name,
            s.mb,
            s.whole,
            s.whole / s.mb,
            s.whole / s.baseline,
            s.cpu,
            s.cpu / s.mb,
            s.peak_mb,
            s.peak_mb / s.mb
        );
    }
    let fit = |y: &dyn Fn(&Summary) -> f64| {
        let points: Vec<(f64, f64)> = summaries.iter().map(|s| (s.mb.ln(), y(s).ln())).collect();
        let n = points.len() as f64;
        let (mx, my) = (
            points.iter().map(|p| p.0).sum::<f64>() / n,
            points.iter().map(|p| p.1).sum::<f64>() / n,
        );
        let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let sxx: f64 = points.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
        sxy / sxx
    };
    println!(
        "  fitted exponent (y ~ size^k; 1.00 is linear): time k = {:.2}, CPU time k = {:.2}, \
         peak memory k = {:.2}, baseline k = {:.2}",
        fit(&|s| s.whole),
        fit(&|s| s.cpu),
        fit(&|s| s.peak_mb),
        fit(&|s| s.baseline)
    );
}

/// The spec's name as the corpus knows it (`github.com/api.github.com.json`) or its file name.
fn spec_name(spec: &Path) -> String {
    let text = spec.display().to_string();
    match text.find("/api/") {
        Some(i) => text[i + 5..].to_owned(),
        None => spec
            .file_name()
            .map_or(text.clone(), |n| n.to_string_lossy().into_owned()),
    }
}
