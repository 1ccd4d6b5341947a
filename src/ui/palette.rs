//! Colors as numbers: sRGB values, WCAG contrast, mixing, and the palettes
//! terminals offer (24-bit, the xterm 256-color table, the 16 and 8 ANSI
//! colors), with the nearest-color searches a theme is mapped through.
//!
//! The RGB values of the ANSI colors are xterm's defaults: terminals differ,
//! and these are the ones contrast is computed with.

use ratatui::style::Color;

/// An sRGB color, 8 bits a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// How many colors the terminal shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    /// No colors at all (`NO_COLOR`, `TERM=vt100`, `TERM=dumb`): modifiers only.
    None,
    /// The eight ANSI colors (`TERM=xterm`, `screen`, `linux`…).
    Ansi8,
    /// The sixteen ANSI colors, bright ones included.
    Ansi16,
    /// The xterm 256-color table.
    Ansi256,
    /// 24-bit color (`COLORTERM=truecolor`).
    TrueColor,
}

impl Depth {
    /// The name used in `config.toml` (`colors = "256"`).
    pub fn name(self) -> &'static str {
        match self {
            Depth::None => "none",
            Depth::Ansi8 => "8",
            Depth::Ansi16 => "16",
            Depth::Ansi256 => "256",
            Depth::TrueColor => "truecolor",
        }
    }

    pub fn from_name(s: &str) -> Option<Depth> {
        [
            Depth::None,
            Depth::Ansi8,
            Depth::Ansi16,
            Depth::Ansi256,
            Depth::TrueColor,
        ]
        .into_iter()
        .find(|d| d.name() == s)
    }
}

/// xterm's default RGB for the 16 ANSI colors.
pub const ANSI: [Rgb; 16] = [
    Rgb(0x00, 0x00, 0x00),
    Rgb(0xcd, 0x00, 0x00),
    Rgb(0x00, 0xcd, 0x00),
    Rgb(0xcd, 0xcd, 0x00),
    Rgb(0x00, 0x00, 0xee),
    Rgb(0xcd, 0x00, 0xcd),
    Rgb(0x00, 0xcd, 0xcd),
    Rgb(0xe5, 0xe5, 0xe5),
    Rgb(0x7f, 0x7f, 0x7f),
    Rgb(0xff, 0x00, 0x00),
    Rgb(0x00, 0xff, 0x00),
    Rgb(0xff, 0xff, 0x00),
    Rgb(0x5c, 0x5c, 0xff),
    Rgb(0xff, 0x00, 0xff),
    Rgb(0x00, 0xff, 0xff),
    Rgb(0xff, 0xff, 0xff),
];

/// The RGB of xterm color index `i` (0–255).
pub fn indexed_rgb(i: u8) -> Rgb {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        0..=15 => ANSI[i as usize],
        16..=231 => {
            let n = i - 16;
            Rgb(
                LEVELS[(n / 36) as usize],
                LEVELS[(n / 6 % 6) as usize],
                LEVELS[(n % 6) as usize],
            )
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            Rgb(v, v, v)
        }
    }
}

/// The ratatui color that writes index `i` (crossterm sends `38;5;i` for
/// every indexed color, the named ones included).
pub fn indexed(i: u8) -> Color {
    Color::Indexed(i)
}

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    pub fn color(self) -> Color {
        Color::Rgb(self.0, self.1, self.2)
    }

    /// The RGB a ratatui color shows (xterm's values for indexed and named
    /// colors); `None` for `Reset`, which is the terminal's own.
    pub fn of(c: Color) -> Option<Rgb> {
        let i = match c {
            Color::Reset => return None,
            Color::Rgb(r, g, b) => return Some(Rgb(r, g, b)),
            Color::Indexed(i) => i,
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => 8,
            Color::LightRed => 9,
            Color::LightGreen => 10,
            Color::LightYellow => 11,
            Color::LightBlue => 12,
            Color::LightMagenta => 13,
            Color::LightCyan => 14,
            Color::White => 15,
        };
        Some(indexed_rgb(i))
    }

    /// WCAG 2 relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG 2 contrast ratio, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// `self` laid over `base` with opacity `alpha` (0..=1).
    pub fn mix(self, base: Rgb, alpha: f64) -> Rgb {
        let m = |a: u8, b: u8| (a as f64 * alpha + b as f64 * (1.0 - alpha)).round() as u8;
        Rgb(m(self.0, base.0), m(self.1, base.1), m(self.2, base.2))
    }

    /// Black or white, whichever reads better on `self`.
    pub fn ink(self) -> Rgb {
        let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
        if self.contrast(black) >= self.contrast(white) {
            black
        } else {
            white
        }
    }

    /// CIE L*a*b* (D65), for perceptual nearest-color searches.
    fn lab(self) -> (f64, f64, f64) {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (lin(self.0), lin(self.1), lin(self.2));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        (116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz))
    }

    /// Perceptual distance (CIE76 ΔE).
    pub fn distance(self, other: Rgb) -> f64 {
        let (a, b) = (self.lab(), other.lab());
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2) + (a.2 - b.2).powi(2)).sqrt()
    }

    /// Hue in degrees and saturation (HSV), for matching a color to the
    /// few hues of the ANSI palette.
    pub fn hue_saturation(self) -> (f64, f64) {
        let (r, g, b) = (
            self.0 as f64 / 255.0,
            self.1 as f64 / 255.0,
            self.2 as f64 / 255.0,
        );
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let d = max - min;
        let s = if max == 0.0 { 0.0 } else { d / max };
        if d == 0.0 {
            return (0.0, s);
        }
        let h = if max == r {
            60.0 * ((g - b) / d).rem_euclid(6.0)
        } else if max == g {
            60.0 * ((b - r) / d + 2.0)
        } else {
            60.0 * ((r - g) / d + 4.0)
        };
        (h, s)
    }
}

/// Parse `#rrggbb`, `#rgb`, a color name (`red`, `lightblue`…) or an index
/// (`"42"`); `default`/`reset` is the terminal's own color (`Color::Reset`).
pub fn parse_color(s: &str) -> Option<Color> {
    let t = s.trim();
    if let Some(h) = t.strip_prefix('#')
        && h.len() == 3
        && h.is_ascii()
    {
        let v = |i: usize| {
            u8::from_str_radix(h.get(i..i + 1)?, 16)
                .ok()
                .map(|d| d * 17)
        };
        return Some(Color::Rgb(v(0)?, v(1)?, v(2)?));
    }
    if t.eq_ignore_ascii_case("default") {
        return Some(Color::Reset);
    }
    t.parse::<Color>().ok()
}

/// Indices of the palette at `depth` (the 256 table keeps to 16–255, whose
/// RGB values are the same in every terminal).
fn candidates(depth: Depth) -> std::ops::Range<u16> {
    match depth {
        Depth::Ansi8 => 0..8,
        Depth::Ansi16 => 0..16,
        _ => 16..256,
    }
}

/// The palette color nearest to `c` (perceptually) for which `ok` holds,
/// else the nearest of all; `None` when there is none at this depth.
pub fn nearest(c: Rgb, depth: Depth, ok: &dyn Fn(u8, Rgb) -> bool) -> Option<u8> {
    if matches!(depth, Depth::None | Depth::TrueColor) {
        return None;
    }
    let mut best: Option<(f64, u8)> = None;
    let mut best_any: Option<(f64, u8)> = None;
    for i in candidates(depth) {
        let i = i as u8;
        let rgb = indexed_rgb(i);
        let d = c.distance(rgb);
        if best_any.is_none_or(|(bd, _)| d < bd) {
            best_any = Some((d, i));
        }
        if ok(i, rgb) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, i));
        }
    }
    best.or(best_any).map(|(_, i)| i)
}

/// The ANSI color (0–7) whose hue is nearest to `c`'s, among those `ok`
/// accepts; grey colors go to black or white. Used for the background marks
/// at 8 and 16 colors, where a pale tint has no near color that is not the
/// page itself, so the mark takes its label's hue at full strength.
pub fn nearest_hue(c: Rgb, ok: &dyn Fn(u8) -> bool) -> Option<u8> {
    let (h, s) = c.hue_saturation();
    // Hues of red, yellow, green, cyan, blue, magenta.
    let hues: [(u8, f64); 6] = [
        (1, 0.0),
        (3, 60.0),
        (2, 120.0),
        (6, 180.0),
        (4, 240.0),
        (5, 300.0),
    ];
    let greys = if c.luminance() > 0.18 { [7, 0] } else { [0, 7] };
    let mut order: Vec<(f64, u8)> = hues
        .iter()
        .map(|&(i, hue)| {
            let d = (h - hue).abs();
            (d.min(360.0 - d), i)
        })
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut all: Vec<u8> = if s < 0.15 { greys.to_vec() } else { Vec::new() };
    all.extend(order.iter().map(|&(_, i)| i));
    if s >= 0.15 {
        all.extend(greys);
    }
    all.into_iter().find(|&i| ok(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wcag_contrast_matches_published_values() {
        // Black on white is 21:1; #767676 on white is the lightest grey
        // that passes AA (4.54:1, as WebAIM's checker gives).
        let w = Rgb(255, 255, 255);
        assert!((Rgb(0, 0, 0).contrast(w) - 21.0).abs() < 1e-9);
        assert!((Rgb(0x76, 0x76, 0x76).contrast(w) - 4.54).abs() < 0.01);
        assert!(Rgb(0x77, 0x77, 0x77).contrast(w) < 4.5);
        assert!((Rgb(255, 0, 0).contrast(w) - 4.0).abs() < 0.01);
    }

    #[test]
    fn the_256_table_is_xterms() {
        // Values from xterm's 256colres.h.
        assert_eq!(indexed_rgb(16), Rgb(0, 0, 0));
        assert_eq!(indexed_rgb(67), Rgb(0x5f, 0x87, 0xaf));
        assert_eq!(indexed_rgb(231), Rgb(255, 255, 255));
        assert_eq!(indexed_rgb(232), Rgb(8, 8, 8));
        assert_eq!(indexed_rgb(255), Rgb(0xee, 0xee, 0xee));
    }

    #[test]
    fn nearest_keeps_to_the_depth_and_its_condition() {
        let grey = Rgb(0x60, 0x60, 0x60);
        let i = nearest(grey, Depth::Ansi256, &|_, _| true).unwrap();
        assert!(i >= 16);
        // #5f5f5f (cube index 59) is nearer than the grey ramp's #585858 and #626262.
        assert_eq!((i, indexed_rgb(i)), (59, Rgb(0x5f, 0x5f, 0x5f)));
        // At 8 colors a dark grey is nearest to black; asked for a color
        // readable on black, it gets another.
        assert_eq!(nearest(grey, Depth::Ansi8, &|_, _| true), Some(0));
        let on_black = nearest(grey, Depth::Ansi8, &|_, c| c.contrast(Rgb(0, 0, 0)) >= 3.0);
        assert!(on_black.is_some_and(|i| i != 0 && i < 8), "{on_black:?}");
    }

    #[test]
    fn hues_go_to_their_ansi_color() {
        assert_eq!(nearest_hue(Rgb(0x3a, 0x4a, 0x6a), &|_| true), Some(4)); // slate: blue
        assert_eq!(nearest_hue(Rgb(0xe5, 0xc0, 0x7b), &|_| true), Some(3)); // gold: yellow
        assert_eq!(nearest_hue(Rgb(0x98, 0xc3, 0x79), &|_| true), Some(2)); // green
        assert_eq!(nearest_hue(Rgb(0x80, 0x80, 0x80), &|i| i != 0), Some(7));
        assert_eq!(nearest_hue(Rgb(0xe5, 0xc0, 0x7b), &|i| i != 3), Some(1));
    }

    #[test]
    fn colors_parse_in_every_documented_form() {
        assert_eq!(parse_color("#ff8000"), Some(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_color("#f80"), Some(Color::Rgb(255, 136, 0)));
        assert_eq!(parse_color("default"), Some(Color::Reset));
        assert_eq!(parse_color("reset"), Some(Color::Reset));
        assert_eq!(parse_color("lightblue"), Some(Color::LightBlue));
        assert_eq!(parse_color("42"), Some(Color::Indexed(42)));
        assert_eq!(parse_color("blueish"), None);
    }
}
