extension ProcessAnalysis {
  /// Mapped 2 MiB blocks that hold no populated page, in address order, at
  /// most `limit` of them, each with the name of the first mapping in it.
  /// A table the kernel keeps after its pages were reclaimed, dropped by
  /// `MADV_DONTNEED` or unmapped with part of its range left mapped serves
  /// such a block; these are where to look when VmPTE is larger.
  ///
  /// - Complexity: O(*m* + *r* + the populated blocks passed over) for *m*
  ///   mappings and *r* runs; an empty mapping yields its first block at once.
  public func emptyMappedBlocks(limit: Int) -> [(start: UInt64, mapping: String)] {
    guard let populated = snapshot.populated, limit > 0 else { return [] }
    let block = ProcessSnapshot.hugePageSize
    var found: [(start: UInt64, mapping: String)] = []
    var run = 0
    var last: UInt64? = nil
    for mapping in snapshot.mappings {
      var start = mapping.start & ~(block - 1)
      if let last, start <= last { start = last + block }
      while start < mapping.end {
        // Skip the runs that end before this block.
        while run < populated.count, populated[run].end <= start { run += 1 }
        if run < populated.count, populated[run].start < start + block {
          // Populated: go on after the run's last block.
          start = (populated[run].end - 1) & ~(block - 1)
          last = start
          start += block
          continue
        }
        found.append((start, mapping.name))
        if found.count == limit { return found }
        last = start
        start += block
      }
    }
    return found
  }
}
