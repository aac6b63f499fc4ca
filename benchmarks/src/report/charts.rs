//! The charts of BENCHMARKS.md, drawn by plotters as SVG: the mock's throughput as its store grows,
//! and the latency distribution of the mock beside the floor.

use std::path::Path;

use plotters::prelude::*;

use test_support::process::StepError;

use super::measurement::io_error;
use super::results::{Contender, FloorComparison, GrowthPoint, Load};

const SIZE: (u32, u32) = (720, 400);

pub(crate) fn chart_error(path: &Path, error: impl std::fmt::Display) -> StepError {
    StepError {
        step: "bench charts".into(),
        message: format!("cannot draw {}: {error}", path.display()),
    }
}

/// Requests per second of get-signup and create-customer against the number of stored customers
/// (logarithmic).
pub fn growth(path: &Path, points: &[GrowthPoint]) -> Result<(), StepError> {
    create_parent(path)?;
    let fail = |error: &dyn std::fmt::Display| chart_error(path, error);
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let max_records = points.iter().map(|p| p.records).max().unwrap_or(10) as f64;
    let max_rps = points
        .iter()
        .flat_map(|p| [p.get.requests_per_second, p.create_per_second])
        .fold(1.0, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "bluetape-mock throughput as its store grows",
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (1_000f64..max_records * 1.5).log_scale(),
            0f64..max_rps * 1.15,
        )
        .map_err(|e| fail(&e))?;
    chart
        .configure_mesh()
        .x_desc("customers stored")
        .y_desc("requests per second")
        .x_label_formatter(&|value| format!("{value:.0}"))
        .y_label_formatter(&|value| format!("{value:.0}"))
        .draw()
        .map_err(|e| fail(&e))?;
    for (label, color, pick) in [
        (
            "get-signup",
            BLUE,
            (|p: &GrowthPoint| p.get.requests_per_second) as fn(&GrowthPoint) -> f64,
        ),
        ("create-customer (while growing)", RED, |p: &GrowthPoint| {
            p.create_per_second
        }),
    ] {
        let series = points.iter().map(|p| (p.records as f64, pick(p))).collect();
        draw_line(&mut chart, series, color.stroke_width(2), 4, label).map_err(|e| fail(&e))?;
    }
    // Lower right: the lines run flat, well above the axis (which starts at zero).
    draw_legend(&mut chart, SeriesLabelPosition::LowerRight).map_err(|e| fail(&e))?;
    root.present().map_err(|e| fail(&e))
}

/// Latency at the 50th, 75th, 90th and 99th percentiles, the mock beside the floor, per scenario
/// (the first round of each).
pub fn latency(path: &Path, floors: &[FloorComparison]) -> Result<(), StepError> {
    create_parent(path)?;
    let fail = |error: &dyn std::fmt::Display| chart_error(path, error);
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let percentiles = |load: &Load| {
        [
            (50.0, load.p50_us),
            (75.0, load.p75_us),
            (90.0, load.p90_us),
            (99.0, load.p99_us),
        ]
    };
    let max_ms = floors
        .iter()
        .flat_map(|c| [Contender::Mock, Contender::Floor, Contender::ReadingFloor].map(|k| c.of(k)))
        .flat_map(|rounds| &rounds.loads)
        .map(|load| load.p99_us / 1e3)
        .fold(0.1, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .caption("Latency distribution, 64 connections", ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(45f64..100f64, 0f64..max_ms * 1.15)
        .map_err(|e| fail(&e))?;
    chart
        .configure_mesh()
        .x_desc("percentile")
        .y_desc("latency (ms)")
        .x_label_formatter(&|value| format!("{value:.0}"))
        .y_label_formatter(&|value| format!("{value:.1}"))
        .draw()
        .map_err(|e| fail(&e))?;
    let colors = [RED, BLUE];
    for (comparison, color) in floors.iter().zip(colors) {
        // The mock in full colour, the floors fainter the less they do.
        for (server, rounds, opacity) in [
            ("bluetape-mock", comparison.of(Contender::Mock), 1.0),
            (
                "floor reading the body",
                comparison.of(Contender::ReadingFloor),
                0.7,
            ),
            ("floor", comparison.of(Contender::Floor), 0.45),
        ] {
            let Some(load) = rounds.loads.first() else {
                continue;
            };
            let series = percentiles(load)
                .into_iter()
                .map(|(percentile, us)| (percentile, us / 1e3))
                .collect();
            let style = color.mix(opacity).stroke_width(2);
            let label = format!("{server}, {}", comparison.scenario);
            draw_line(&mut chart, series, style, 3, &label).map_err(|e| fail(&e))?;
        }
    }
    draw_legend(&mut chart, SeriesLabelPosition::UpperLeft).map_err(|e| fail(&e))?;
    root.present().map_err(|e| fail(&e))
}

/// The drawing error of plotters' SVG backend.
type DrawingError = DrawingAreaErrorKind<<SVGBackend<'static> as DrawingBackend>::ErrorType>;

/// A line through `points`, a dot of `radius` on each, and its entry in the legend.
pub(crate) fn draw_line<X, Y>(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<X, Y>>,
    points: Vec<(f64, f64)>,
    style: ShapeStyle,
    radius: i32,
    label: &str,
) -> Result<(), DrawingError>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    chart
        .draw_series(LineSeries::new(points.clone(), style))?
        .label(label)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
    chart.draw_series(
        points
            .into_iter()
            .map(|point| Circle::new(point, radius, style.filled())),
    )?;
    Ok(())
}

/// The legend of `chart`'s lines, at `position`.
pub(crate) fn draw_legend<'a, X, Y>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    position: SeriesLabelPosition,
) -> Result<(), DrawingError>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
}

pub(crate) fn create_parent(path: &Path) -> Result<(), StepError> {
    match path.parent() {
        Some(parent) => {
            std::fs::create_dir_all(parent).map_err(|error| io_error("create", parent, error))
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::results::Rounds;
    use super::*;

    fn load(requests_per_second: f64, p50_us: f64) -> Load {
        Load {
            requests_per_second,
            requests: 1000,
            p50_us,
            p75_us: p50_us * 1.2,
            p90_us: p50_us * 1.5,
            p99_us: p50_us * 3.0,
            failures: 0,
        }
    }

    fn rounds(load: Load, cpu_us: f64) -> Rounds {
        Rounds {
            loads: vec![load],
            cpu_us: vec![cpu_us],
        }
    }

    #[test]
    fn both_charts_draw_each_line_with_its_points_and_legend() {
        let directory = std::env::temp_dir().join(format!("xtask-charts-{}", std::process::id()));
        let growth_points: Vec<GrowthPoint> = [10_000, 100_000, 1_000_000]
            .into_iter()
            .map(|records| GrowthPoint {
                records,
                rss_bytes: records as u64 * 500,
                get: load(170_000.0, 350.0),
                create_per_second: 85_000.0,
            })
            .collect();
        let contenders = [Contender::Mock, Contender::Floor, Contender::ReadingFloor];
        let mut comparison = FloorComparison::new("create-customer", &contenders);
        for (contender, rounds_of_it) in contenders.into_iter().zip([
            rounds(load(110_000.0, 500.0), 10.0),
            rounds(load(180_000.0, 150.0), 5.5),
            rounds(load(145_000.0, 300.0), 7.9),
        ]) {
            *comparison.of_mut(contender).unwrap() = rounds_of_it;
        }
        let floors = [comparison];
        let (growth_svg, latency_svg) =
            (directory.join("growth.svg"), directory.join("latency.svg"));
        growth(&growth_svg, &growth_points).unwrap();
        latency(&latency_svg, &floors).unwrap();
        let growth_text = std::fs::read_to_string(&growth_svg).unwrap();
        let latency_text = std::fs::read_to_string(&latency_svg).unwrap();
        std::fs::remove_dir_all(&directory).unwrap();

        assert!(growth_text.contains("get-signup"));
        assert!(growth_text.contains("create-customer (while growing)"));
        // Two lines of three points each.
        assert_eq!(growth_text.matches("<circle").count(), 6, "{growth_text}");
        assert!(latency_text.contains("bluetape-mock, create-customer"));
        assert!(latency_text.contains("floor, create-customer"));
        assert!(latency_text.contains("floor reading the body, create-customer"));
        // Three lines of four percentiles each.
        assert_eq!(
            latency_text.matches("<circle").count(),
            12,
            "{latency_text}"
        );
    }
}
