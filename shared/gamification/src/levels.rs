//! Levels, derived from a user's points by one table: a user is at the highest level whose
//! minimum they have reached.
//!
//! | level | name | points from |
//! |---|---|---|
//! | 1 | Starter | 0 |
//! | 2 | Saver | 100 |
//! | 3 | Planner | 250 |
//! | 4 | Strategist | 500 |
//! | 5 | Expert | 1 000 |
//! | 6 | Master | 2 500 |
//! | 7 | Legend | 5 000 |

/// `(level, name, points from)`, ascending.
pub const LEVELS: [(u32, &str, u64); 7] = [
    (1, "Starter", 0),
    (2, "Saver", 100),
    (3, "Planner", 250),
    (4, "Strategist", 500),
    (5, "Expert", 1_000),
    (6, "Master", 2_500),
    (7, "Legend", 5_000),
];

/// Where a number of points stands in [`LEVELS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level {
    pub number: u32,
    pub name: &'static str,
    /// The points this level starts at.
    pub from: u64,
    /// The points the next level starts at; `None` at the top.
    pub next_at: Option<u64>,
}

/// The level of `points`.
pub fn level_of(points: u64) -> Level {
    let at = LEVELS
        .iter()
        .rposition(|(_, _, from)| points >= *from)
        .unwrap_or(0);
    let (number, name, from) = LEVELS[at];
    Level {
        number,
        name,
        from,
        next_at: LEVELS.get(at + 1).map(|(_, _, from)| *from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_start_at_their_minimum() {
        assert_eq!(level_of(0).number, 1);
        assert_eq!(level_of(99).number, 1);
        assert_eq!(level_of(100).number, 2);
        assert_eq!(level_of(100).next_at, Some(250));
        assert_eq!(level_of(4_999).name, "Master");
        let top = level_of(1_000_000);
        assert_eq!((top.number, top.next_at), (7, None));
    }
}
