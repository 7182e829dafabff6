/// The entries a walk of an image reads, counted toward a limit in the
/// walk's order (depth first, each table in index order), empty entries
/// too: a few tables shared many times over would otherwise make a small
/// image take years to list or draw.
///
/// The tree walk passes over empty entries without telling its visitor,
/// so a visitor takes each entry it is given with ``take(_:level:unless:)``, which
/// counts the empty ones passed over since the last entry taken in the same
/// table as well, and ends each table with ``finish(level:lastIndex:)``:
/// the budget runs out before the same entry whichever way the empty ones
/// are read. Once it has, nothing more is taken.
struct EntryBudget {
  /// The most entries read.
  let limit: Int
  /// Entries counted so far.
  private(set) var read = 0
  /// Whether the limit (or the caller's own) was met before an entry.
  private(set) var isSpent = false
  /// Per level, the first entry of the table walked there not counted yet.
  private var uncounted: [Int]

  /// A budget of `limit` entries for a tree of `levels` levels, its root's
  /// table begun.
  init(limit: Int, levels: Int) {
    self.limit = limit
    uncounted = Array(repeating: 0, count: levels)
  }

  /// Counts entry `index` of the table at `level` and the empty entries
  /// before it not counted yet: false, and the budget spent, when the limit
  /// is met before it, or when `full` says the caller's own limit is.
  ///
  /// - Complexity: O(1).
  mutating func take(_ index: Int, level: Int, unless full: Bool = false) -> Bool {
    guard !isSpent else { return false }
    let passed = index - uncounted[level]
    guard !full, read + passed < limit else {
      isSpent = true
      return false
    }
    read += passed + 1
    uncounted[level] = index + 1
    return true
  }

  /// A table at `level` begins: the walk follows a pointer to it.
  mutating func begin(level: Int) { uncounted[level] = 0 }

  /// The rest of the table at `level`, which has `entries` entries, is not
  /// read (the image lacks it), so does not count.
  mutating func skipRest(level: Int, entries: Int) { uncounted[level] = entries }

  /// The table at `level`, whose last entry is `lastIndex`, is done: its
  /// empty entries after the last one counted were read too (and `full`
  /// says whether the caller's own limit is met, as for ``take(_:level:unless:)``).
  mutating func finish(level: Int, lastIndex: Int, unless full: Bool = false) {
    if uncounted[level] <= lastIndex { _ = take(lastIndex, level: level, unless: full) }
  }
}
