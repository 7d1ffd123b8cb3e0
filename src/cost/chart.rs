//! Charts of the top owners (tenants, tiers or services): plain Unicode bars for a terminal
//! and a standalone SVG file. Pure string rendering; the caller decides where it goes and
//! whether colour is allowed (NO_COLOR, not a terminal).

use crate::output::xml_escape;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::money;
use super::report::Ranked;

const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
const FULL: &str = "█";
/// Shared cost allocated onto the owner: a lighter shade, so the split is visible without colour.
const ALLOCATED: &str = "░";

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Eighths of a cell for `v` on a scale where `max` fills `width` cells.
fn eighths(v: Decimal, max: Decimal, width: usize) -> usize {
    if max <= Decimal::ZERO || v <= Decimal::ZERO {
        return 0;
    }
    (v * Decimal::from(width * 8) / max)
        .round()
        .to_usize()
        .unwrap_or(0)
        .min(width * 8)
}

fn solid(n8: usize) -> String {
    let mut s = FULL.repeat(n8 / 8);
    s.push_str(EIGHTHS[n8 % 8]);
    s
}

/// Horizontal bars, one line per owner: label, bar (direct █, allocated ░), total.
pub fn bars(items: &[Ranked], width: usize, color: bool, dp: u32) -> String {
    let label_w = items
        .iter()
        .map(|i| i.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(32);
    let max = items.iter().map(|i| i.total).max().unwrap_or(Decimal::ZERO);
    let amounts: Vec<String> = items.iter().map(|i| money::grouped(i.total, dp)).collect();
    let amount_w = amounts.iter().map(|a| a.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (i, amount) in items.iter().zip(&amounts) {
        let (direct, allocated) = if i.direct >= Decimal::ZERO && i.allocated >= Decimal::ZERO {
            (i.direct, i.allocated)
        } else {
            // Credits make the split meaningless to draw; show the net total as one bar.
            (i.total, Decimal::ZERO)
        };
        let d8 = eighths(direct, max, width);
        let a_cells = (eighths(direct + allocated, max, width).saturating_sub(d8) + 4) / 8;
        let (bar_d, bar_a) = (solid(d8), ALLOCATED.repeat(a_cells));
        let drawn = d8.div_ceil(8) + a_cells;
        let pad = " ".repeat(width.saturating_sub(drawn));
        let label = truncate(&i.label, label_w);
        let (cd, ca, reset) = if color {
            ("\x1b[36m", "\x1b[2;36m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        out.push_str(&format!(
            "{label:<label_w$}  {cd}{bar_d}{reset}{ca}{bar_a}{reset}{pad}  {amount:>amount_w$}\n",
        ));
    }
    out.trim_end().to_string()
}

/// A standalone SVG bar chart (direct and allocated stacked), for people who'd rather look.
pub fn svg(items: &[Ranked], title: &str, currency: &str, dp: u32) -> String {
    const LABEL_W: f64 = 230.0;
    const BAR_W: f64 = 440.0;
    const ROW_H: f64 = 26.0;
    const TOP: f64 = 64.0;
    let width = LABEL_W + BAR_W + 130.0;
    let height = TOP + ROW_H * items.len().max(1) as f64 + 24.0;
    let max = items.iter().map(|i| i.total).max().unwrap_or(Decimal::ZERO);
    // Pixel geometry only; the amounts printed come from the decimals.
    let px = |v: Decimal| -> f64 {
        if max <= Decimal::ZERO || v <= Decimal::ZERO {
            0.0
        } else {
            (v / max).to_f64().unwrap_or(0.0) * BAR_W
        }
    };
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         font-family=\"sans-serif\" font-size=\"13\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n\
         <text x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"bold\">{}</text>\n\
         <rect x=\"16\" y=\"38\" width=\"12\" height=\"12\" fill=\"#2b6cb0\"/><text x=\"34\" y=\"49\">direct</text>\n\
         <rect x=\"96\" y=\"38\" width=\"12\" height=\"12\" fill=\"#90cdf4\"/><text x=\"114\" y=\"49\">allocated shared</text>\n",
        xml_escape(title)
    );
    if items.is_empty() {
        s.push_str(&format!(
            "<text x=\"16\" y=\"{}\">no cost in this period</text>\n",
            TOP + 16.0
        ));
    }
    for (n, i) in items.iter().enumerate() {
        let y = TOP + ROW_H * n as f64;
        let (direct, allocated) = if i.direct >= Decimal::ZERO && i.allocated >= Decimal::ZERO {
            (i.direct, i.allocated)
        } else {
            (i.total, Decimal::ZERO)
        };
        let wd = px(direct);
        let wa = (px(direct + allocated) - wd).max(0.0);
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n\
             <rect x=\"{LABEL_W:.1}\" y=\"{:.1}\" width=\"{wd:.1}\" height=\"18\" fill=\"#2b6cb0\"><title>direct {}</title></rect>\n\
             <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{wa:.1}\" height=\"18\" fill=\"#90cdf4\"><title>allocated {}</title></rect>\n\
             <text x=\"{:.1}\" y=\"{:.1}\">{} {}</text>\n",
            LABEL_W - 8.0,
            y + 14.0,
            xml_escape(&truncate(&i.label, 34)),
            y,
            money::plain(i.direct, dp),
            LABEL_W + wd,
            y,
            money::plain(i.allocated, dp),
            LABEL_W + wd + wa + 6.0,
            y + 14.0,
            money::grouped(i.total, dp),
            xml_escape(currency),
        ));
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(label: &str, direct: &str, allocated: &str) -> Ranked {
        let (d, a): (Decimal, Decimal) = (direct.parse().unwrap(), allocated.parse().unwrap());
        Ranked {
            label: label.into(),
            direct: d,
            allocated: a,
            total: d + a,
        }
    }

    #[test]
    fn bars_scale_to_the_largest() {
        let out = bars(
            &[r("clinic-e", "80", "20"), r("clinic-a", "50", "0")],
            20,
            false,
            2,
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].starts_with("clinic-e  ████████████████░░░░"),
            "{out}"
        );
        assert!(lines[0].ends_with("100.00"));
        assert!(lines[1].starts_with("clinic-a  ██████████ "), "{out}");
        assert!(!out.contains('\x1b'), "no colour unless asked");
        assert!(bars(&[r("x", "1", "0")], 10, true, 2).contains("\x1b[36m"));
    }

    #[test]
    fn svg_escapes_labels() {
        let s = svg(&[r("<script>&", "1", "1")], "Top \"tenants\"", "USD", 2);
        assert!(s.starts_with("<svg") && s.trim_end().ends_with("</svg>"));
        assert!(s.contains("&lt;script&gt;&amp;") && !s.contains("<script>"));
        assert!(s.contains("Top &quot;tenants&quot;"));
    }
}
