/// The split as `paging levels` prints it.
extension LevelPlan {
  /// One line naming the split, or with `explaining` the working: offset
  /// bits, bits per level, bits to index, the level count and the split.
  public func text(explaining explain: Bool = false) -> String {
    let plan = self
    let pageSize = UInt128(1) << offsetBits
    let full = plan.bitsPerFullLevel
    let split = plan.indexBits.map(String.init).joined(separator: " + ")
    guard explain else {
      let count = plan.levelCount == 1 ? "1 level" : "\(plan.levelCount) levels"
      return
        ("\(plan.virtualAddressBits)-bit addresses, \(pageSizeAdjective(pageSize)) pages, \(entrySize)-byte entries: \(count) (\(split), root first)")
    }
    return
      ("""
    \(plan.virtualAddressBits)-bit addresses, \(pageSizeAdjective(pageSize)) pages, \(entrySize)-byte entries:
      offset bits     \(plan.offsetBits) (a page is 2^\(plan.offsetBits) bytes)
      bits per level  \(full) (\(formatBytes(pageSize)) / \(entrySize) bytes = 2^\(full) entries per table)
      bits to index   \(plan.virtualAddressBits) - \(plan.offsetBits) = \(plan.translatedBits)
      levels          ceil(\(plan.translatedBits) / \(full)) = \(plan.levelCount)
      split           \(split) (root first)
    """)
  }
}
