//! Where the lines of a parsed text stand in the file it was taken from.

/// Maps a (line, column) of a parsed text (1-based) to its (line, column) in the file.
///
/// A whole `.yaml` file is its own text; a fenced block of a page starts some lines down, and its
/// lines may have lost some indentation (a fence indented inside an MDX tag).
#[derive(Debug, Clone, Default)]
pub(super) struct Placement {
    /// For each line of the text: its 1-based line in the file and the number of characters
    /// that precede it there. Empty for a whole file (identity).
    lines: Vec<(u32, u32)>,
}

impl Placement {
    /// The placement of a text that is the whole file.
    pub(super) fn whole_file() -> Self {
        Placement::default()
    }

    /// The placement of a text whose lines are `lines`: (1-based file line, characters before).
    pub(super) fn with_lines(lines: Vec<(u32, u32)>) -> Self {
        Placement { lines }
    }

    /// The file position of `line`:`column` of the text (both 1-based). A line past the last
    /// known one (an error at the end of a block) counts on from the last known line.
    pub(super) fn place(&self, line: u64, column: u64) -> (u32, u32) {
        let line = u32::try_from(line).unwrap_or(u32::MAX).max(1);
        let column = u32::try_from(column).unwrap_or(u32::MAX).max(1);
        let index = (line - 1) as usize;
        match (self.lines.get(index), self.lines.last()) {
            (Some(&(file_line, before)), _) => (file_line, column.saturating_add(before)),
            (None, Some(&(last_line, _))) => {
                let past = line.saturating_sub(u32::try_from(self.lines.len()).unwrap_or(u32::MAX));
                (last_line.saturating_add(past), column)
            }
            (None, None) => (line, column),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Placement;

    #[test]
    fn whole_file_is_identity() {
        assert_eq!(Placement::whole_file().place(7, 3), (7, 3));
    }

    #[test]
    fn block_lines_are_shifted_and_indented() {
        let placement = Placement::with_lines(vec![(10, 0), (11, 2), (12, 2)]);
        assert_eq!(placement.place(1, 1), (10, 1));
        assert_eq!(placement.place(2, 5), (11, 7));
        // One line past the end of the block: the closing fence.
        assert_eq!(placement.place(4, 1), (13, 1));
    }
}
