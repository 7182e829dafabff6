/// Something to map, in the terms the classic questions use.
public enum Workload: Sendable, Equatable {
  /// N bytes, contiguous.
  case bytes(UInt128)
  /// N base pages, contiguous.
  case pages(UInt128)
  /// K allocations of S bytes each, back to back, each starting on a page.
  case allocations(count: UInt128, size: UInt128)

  /// Bytes of address space the workload occupies at `pageSize`, checked.
  public func length(pageSize: UInt128) throws(AddressError) -> UInt128 {
    switch self {
    case .bytes(let bytes): return bytes
    case .pages(let pages):
      let (length, overflow) = pages.multipliedReportingOverflow(by: pageSize)
      guard !overflow else { throw AddressError("\(pages) pages of \(pageSize) bytes do not fit in 128 bits") }
      return length
    case .allocations(let count, let size):
      let (rounded, overflow1) = size.addingReportingOverflow(pageSize - 1)
      let (length, overflow2) = (rounded / pageSize * pageSize).multipliedReportingOverflow(by: count)
      guard !overflow1, !overflow2 else {
        throw AddressError("\(counted(count, "allocation")) of \(counted(size, "byte")) do not fit in 128 bits")
      }
      return length
    }
  }

  /// Bytes the worst placement can be off alignment by: one byte for a byte
  /// count, one page for page-granular workloads.
  func placementUnit(pageSize: UInt128) -> UInt128 {
    if case .bytes = self { return 1 }
    return pageSize
  }
}

/// Where a workload starts.
public enum Placement: Sendable, Equatable {
  /// At this pointer-width virtual address.
  case at(UInt128)
  /// Straddling every table boundary it can: one unit (a byte, or a page)
  /// below a boundary of the root's entries, which every smaller table
  /// boundary shares. For base pages this maximizes the page-table pages.
  case worst
}

extension Architecture {
  /// The start pointer the worst placement uses for `workload`.
  public func worstStart(for workload: Workload) -> UInt128 {
    pointer(forTranslated: entrySpan(atLevel: 0) - workload.placementUnit(pageSize: pageSize))
  }

  /// The translated range `workload` occupies when placed at `placement`.
  public func range(of workload: Workload, placement: Placement) throws(AddressError) -> AddressRange {
    let length = try workload.length(pageSize: pageSize)
    let start: UInt128
    switch placement {
    case .at(let pointer):
      if workload.placementUnit(pageSize: pageSize) != 1, pointer % pageSize != 0 {
        throw AddressError("\(formatHex(pointer)) is not aligned to the \(formatBytes(pageSize)) page")
      }
      start = pointer
    case .worst:
      start = worstStart(for: workload)
    }
    return try translatedRange(start: start, length: length)
  }

  /// The footprint of `workload` at `placement`.
  public func footprint(
    of workload: Workload, placement: Placement = .at(0),
    largePages: Bool = false
  ) throws(AddressError) -> Footprint {
    footprint(of: [try range(of: workload, placement: placement)], largePages: largePages)
  }
}
