//! Word clusters learned from unlabelled text (`resources/clusters.tsv`,
//! built by `dateline train clusters`): a word rare in a model's training
//! data is read like the common words of its cluster.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Word (normalised as the tagger does) → (fine, coarse) cluster.
fn table() -> &'static HashMap<&'static str, (u16, u8)> {
    static CELL: OnceLock<HashMap<&'static str, (u16, u8)>> = OnceLock::new();
    CELL.get_or_init(|| {
        include_str!("../../resources/clusters.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let w = f.next()?;
                let c = f.next()?.parse().ok()?;
                let cc = f.next()?.parse().ok()?;
                Some((w, (c, cc)))
            })
            .collect()
    })
}

/// The (fine, coarse) clusters of a word, if it has one.
pub fn get(word: &str) -> Option<(u16, u8)> {
    table().get(word).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cluster_file_parses_and_groups_verbs_of_saying() {
        let c = table();
        assert!(c.len() > 10_000, "{} words", c.len());
        assert!(c
            .values()
            .all(|&(f, cc)| (f as usize) < crate::train::FINE && (cc as usize) < crate::train::COARSE));
        // Learned from text, not listed: verbs of saying share a group.
        let coarse = |w: &str| c.get(w).map(|x| x.1);
        assert!(coarse("said").is_some());
        assert_eq!(coarse("said"), coarse("says"));
        assert_eq!(coarse("said"), coarse("added"));
    }
}
