//! The colours of every drawing and page, in one place so that their contrast is checked once
//! (WCAG 2.1 AA: 4.5:1 for text, 3:1 for outlines and other graphical objects).

use crate::diagnostic::Severity;

/// Body text.
pub const TEXT: &str = "#1b1f24";
/// Secondary text: captions, small print.
pub const MUTED: &str = "#4d5661";
/// The page background and the fill of nodes.
pub const BACKGROUND: &str = "#ffffff";
/// Frames of clusters, tables and sections.
pub const BORDER: &str = "#6b7580";
/// Node outlines and edges without a diagnostic.
pub const STROKE: &str = "#3d4650";
/// Links.
pub const LINK: &str = "#0a5bb5";
/// The fill of a cluster's frame.
pub const CLUSTER_FILL: &str = "#f3f5f8";
/// The background of a highlighted (overdue) date and of warning banners.
pub const WARNING_BACKGROUND: &str = "#fff4d6";
/// The background of error banners.
pub const ERROR_BACKGROUND: &str = "#fde8e7";
/// The background of a banner when nothing was found.
pub const CLEAN_BACKGROUND: &str = "#e6f4ea";
/// Text on a clean banner.
pub const CLEAN: &str = "#1e6b34";

/// The colour of a severity: outlines in drawings, labels and borders on pages.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#b3261e",
        Severity::Warning => "#8a5a00",
    }
}

/// Every pair of foreground and background the pages and drawings use for text, and the minimum
/// contrast each must reach.
pub fn text_pairs() -> Vec<(&'static str, &'static str, f64)> {
    let mut pairs = vec![
        (TEXT, BACKGROUND, 4.5),
        (MUTED, BACKGROUND, 4.5),
        (LINK, BACKGROUND, 4.5),
        (TEXT, CLUSTER_FILL, 4.5),
        (MUTED, CLUSTER_FILL, 4.5),
        (TEXT, WARNING_BACKGROUND, 4.5),
        (TEXT, ERROR_BACKGROUND, 4.5),
        (LINK, WARNING_BACKGROUND, 4.5),
        (LINK, ERROR_BACKGROUND, 4.5),
        (CLEAN, CLEAN_BACKGROUND, 4.5),
        (TEXT, CLEAN_BACKGROUND, 4.5),
        // Outlines and edges are graphical objects.
        (STROKE, BACKGROUND, 3.0),
        (BORDER, BACKGROUND, 3.0),
        (STROKE, CLUSTER_FILL, 3.0),
        (BORDER, CLUSTER_FILL, 3.0),
    ];
    for severity in [Severity::Error, Severity::Warning] {
        let colour = self::severity(severity);
        for background in [
            BACKGROUND,
            CLUSTER_FILL,
            WARNING_BACKGROUND,
            ERROR_BACKGROUND,
        ] {
            pairs.push((colour, background, 4.5));
        }
    }
    pairs
}

/// WCAG 2.1 contrast ratio of two `#rrggbb` colours.
pub fn contrast(first: &str, second: &str) -> f64 {
    let (a, b) = (luminance(first), luminance(second));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

fn luminance(colour: &str) -> f64 {
    let channel = |index: usize| {
        let value = colour
            .get(1 + 2 * index..3 + 2 * index)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .map_or(0.0, |value| f64::from(value) / 255.0);
        if value <= 0.04045 {
            value / 12.92
        } else {
            ((value + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_colour_pair_meets_wcag_aa() {
        for (foreground, background, minimum) in text_pairs() {
            let ratio = contrast(foreground, background);
            assert!(
                ratio >= minimum,
                "{foreground} on {background}: {ratio:.2}, needs {minimum}"
            );
        }
    }

    #[test]
    fn contrast_is_computed_as_wcag_defines_it() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#777777", "#ffffff") - 4.48).abs() < 0.01);
    }
}
