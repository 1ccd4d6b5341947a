//! Chance-corrected agreement on categories: Cohen's κ for two annotators
//! and Krippendorff's α (nominal) for any number, with missing values.

/// A square table of counts over `k` categories (row-major).
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub k: usize,
    pub cells: Vec<f64>,
}

impl Table {
    pub fn new(k: usize) -> Table {
        Table {
            k,
            cells: vec![0.0; k * k],
        }
    }

    pub fn add_at(&mut self, r: usize, c: usize, v: f64) {
        if let Some(x) = self.cells.get_mut(r * self.k + c) {
            *x += v;
        }
    }

    pub fn add(&mut self, o: &Table) {
        for (x, y) in self.cells.iter_mut().zip(&o.cells) {
            *x += y;
        }
    }

    /// The 2×2 table of categories merged by `side` (0 or 1).
    pub fn collapse(&self, side: impl Fn(usize) -> usize) -> Table {
        let mut t = Table::new(2);
        for r in 0..self.k {
            for c in 0..self.k {
                t.add_at(side(r), side(c), self.at(r, c));
            }
        }
        t
    }

    fn at(&self, r: usize, c: usize) -> f64 {
        self.cells.get(r * self.k + c).copied().unwrap_or(0.0)
    }

    fn row_sums(&self) -> Vec<f64> {
        (0..self.k)
            .map(|r| (0..self.k).map(|c| self.at(r, c)).sum())
            .collect()
    }

    fn col_sums(&self) -> Vec<f64> {
        (0..self.k)
            .map(|c| (0..self.k).map(|r| self.at(r, c)).sum())
            .collect()
    }
}

/// Cohen's κ of a confusion table (rows: A's category, columns: B's):
/// `(p_o - p_e) / (1 - p_e)`. `None` when undefined (no items, or both
/// annotators used one and the same category throughout: `p_e = 1`).
pub fn kappa(t: &Table) -> Option<f64> {
    let n: f64 = t.cells.iter().sum();
    if n <= 0.0 {
        return None;
    }
    let (rows, cols) = (t.row_sums(), t.col_sums());
    let po: f64 = (0..t.k).map(|i| t.at(i, i)).sum::<f64>() / n;
    let pe: f64 = rows.iter().zip(&cols).map(|(r, c)| r * c).sum::<f64>() / (n * n);
    let denom = 1.0 - pe;
    (denom.abs() > 1e-15).then(|| (po - pe) / denom)
}

/// Add one unit (a token) to a coincidence table: `counts[c]` is how many
/// annotators gave category `c`. Units with fewer than two values are not
/// pairable and add nothing.
pub fn add_unit(t: &mut Table, counts: &[(usize, u32)]) {
    let m: u32 = counts.iter().map(|c| c.1).sum();
    if m < 2 {
        return;
    }
    let w = 1.0 / f64::from(m - 1);
    for &(c, nc) in counts {
        for &(k, nk) in counts {
            let pairs = if c == k {
                f64::from(nc) * f64::from(nk.saturating_sub(1))
            } else {
                f64::from(nc) * f64::from(nk)
            };
            if pairs > 0.0 {
                t.add_at(c, k, pairs * w);
            }
        }
    }
}

/// Krippendorff's α (nominal) of a coincidence table:
/// `1 - (n - 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k`. `None` when undefined
/// (fewer than two pairable values, or only one category in the data).
pub fn alpha(t: &Table) -> Option<f64> {
    let nc = t.row_sums();
    let n: f64 = nc.iter().sum();
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..t.k {
        for k in 0..t.k {
            if c != k {
                observed += t.at(c, k);
                expected += nc[c] * nc[k];
            }
        }
    }
    (n > 1.0 && expected > 0.0).then(|| 1.0 - (n - 1.0) * observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_of_a_textbook_table() {
        // Cohen (1960)-style example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
        let t = Table {
            k: 2,
            cells: vec![20.0, 5.0, 10.0, 15.0],
        };
        // p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5.
        let k = kappa(&t).unwrap();
        assert!((k - 0.4).abs() < 1e-12, "{k}");
    }

    #[test]
    fn alpha_of_krippendorffs_nominal_example() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
        // nominal example with missing values: α = 0.743.
        let data: [[Option<usize>; 12]; 4] = [
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(1),
                Some(4),
                Some(1),
                Some(2),
                None,
                None,
                None,
            ],
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(2),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                None,
                Some(3),
            ],
            [
                None,
                Some(3),
                Some(3),
                Some(3),
                Some(2),
                Some(3),
                Some(4),
                Some(2),
                Some(2),
                Some(5),
                Some(1),
                None,
            ],
            [
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(2),
                Some(4),
                Some(4),
                Some(1),
                Some(2),
                Some(5),
                Some(1),
                None,
            ],
        ];
        let mut t = Table::new(6);
        for u in 0..12 {
            let mut counts: Vec<(usize, u32)> = Vec::new();
            for coder in &data {
                if let Some(v) = coder[u] {
                    match counts.iter_mut().find(|c| c.0 == v) {
                        Some(c) => c.1 += 1,
                        None => counts.push((v, 1)),
                    }
                }
            }
            add_unit(&mut t, &counts);
        }
        let a = alpha(&t).unwrap();
        assert!((a - 0.743).abs() < 5e-4, "{a}");
    }

    #[test]
    fn one_category_everywhere_is_undefined() {
        let mut t = Table::new(2);
        add_unit(&mut t, &[(0, 3)]);
        assert_eq!(alpha(&t), None);
        let c = Table {
            k: 2,
            cells: vec![5.0, 0.0, 0.0, 0.0],
        };
        assert_eq!(kappa(&c), None);
    }
}
