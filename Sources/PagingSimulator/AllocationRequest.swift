import PagingCore

/// K allocations of S bytes each, placed from a start address.
///
///     AllocationRequest(start: 0x400000, count: 513, size: 4096)                 // contiguous
///     AllocationRequest(start: 0, count: 8, size: 4096, layout: .stride(1 << 21)) // one per 2 MiB
///     AllocationRequest(start: 0, count: 8, size: 4096, layout: .random(seed: 7, within: 1 << 30))
public struct AllocationRequest: Sendable, Equatable {
  /// How the allocations are placed relative to the first.
  public enum Layout: Sendable, Equatable {
    /// Back to back, each starting on a page.
    case contiguous
    /// Allocation i starts at start + i × stride.
    case stride(UInt128)
    /// Distinct page-aligned slots chosen at random, repeatably, within
    /// `within` bytes of the start.
    case random(seed: UInt64, within: UInt128)
  }

  /// Pointer (canonical) where the first allocation goes.
  public var start: UInt128
  /// How many allocations (K).
  public var count: UInt128
  /// Bytes in each allocation (S), rounded up to whole pages when mapped.
  public var size: UInt128
  /// Where each allocation after the first goes.
  public var layout: Layout
  /// Whether to map with the largest pages that fit, as a kernel with transparent huge pages would; the rest of a range
  /// that is not aligned takes base pages.
  public var largePages: Bool
  /// What the mapped pages allow; user-writable unless asked otherwise.
  public var permissions: Permissions

  /// `count` allocations of `size` bytes from pointer `start`, back to back unless `layout` says otherwise, in base
  /// pages, user-writable. Nothing is checked until ``Machine/allocate(in:_:)`` places the ranges.
  public init(
    start: UInt128, count: UInt128, size: UInt128, layout: Layout = .contiguous,
    largePages: Bool = false, permissions: Permissions = [.writable, .user]
  ) {
    self.start = start
    self.count = count
    self.size = size
    self.layout = layout
    self.largePages = largePages
    self.permissions = permissions
  }

  /// The translated ranges, checked against the architecture.
  public func ranges(architecture arch: Architecture) throws(SimulationError) -> [AddressRange] {
    let pageSize = arch.pageSize
    // The page size is a power of two: masks, not 128-bit divisions.
    let pageMask = pageSize - 1
    guard start & pageMask == 0 else {
      throw .misaligned(
        "allocations start at \(formatHex(start)), which is not aligned to the \(formatBytes(pageSize)) page")
    }
    guard count > 0, size > 0 else { return [] }
    // Checked first so that rounding up to a page cannot overflow.
    guard size <= arch.addressSpaceBytes else {
      throw .invalid(
        "an allocation of \(formatBytesExactly(size)) is larger than the \(arch.virtualAddressBits)-bit address space (\(formatBytes(arch.addressSpaceBytes)))"
      )
    }
    let slot = (size + pageMask) & ~pageMask
    func range(at offset: UInt128, length: UInt128) throws(SimulationError) -> AddressRange {
      let (pointer, overflow) = start.addingReportingOverflow(offset)
      guard !overflow else { throw .invalid("allocations pass the end of the address space") }
      do {
        try arch.checkTree(of: pointer, kernel: false)
        return try arch.translatedRange(start: pointer, length: length)
      } catch { throw .notCanonical(error.message) }
    }
    switch layout {
    case .contiguous:
      let (length, overflow) = slot.multipliedReportingOverflow(by: count)
      guard !overflow else {
        throw .invalid("\(counted(count, "allocation")) of \(formatBytesExactly(size)) do not fit in 128 bits")
      }
      return [try range(at: 0, length: length)]
    case .stride(let stride):
      guard stride >= slot, stride % pageSize == 0 else {
        throw .invalid("stride \(formatBytes(stride)) must be a page multiple at least \(formatBytes(slot))")
      }
      guard count <= 1 << 24 else { throw .unsupported("at most 2^24 separate allocations") }
      var ranges: [AddressRange] = []
      for index in 0..<count {
        let (offset, overflow) = stride.multipliedReportingOverflow(by: index)
        guard !overflow else { throw .invalid("allocations pass the end of the address space") }
        ranges.append(try range(at: offset, length: slot))
      }
      return ranges
    case .random(let seed, let within):
      let slots = within / slot
      guard count <= slots else {
        throw .invalid("\(counted(count, "allocation")) of \(formatBytes(slot)) do not fit in \(formatBytes(within))")
      }
      guard count <= 1 << 24 else { throw .unsupported("at most 2^24 separate allocations") }
      // Floyd's sampling: one draw per allocation, however full the slots
      // get, and the same slots for the same seed.
      var generator = SplitMix64(seed: seed)
      var chosen = Set<UInt128>(minimumCapacity: Int(count))
      for last in (slots - count)..<slots {
        let high = UInt128(generator.next())
        let low = UInt128(generator.next())
        let draw = (high << 64 | low) % (last + 1)
        if !chosen.insert(draw).inserted { chosen.insert(last) }
      }
      var ranges: [AddressRange] = []
      for index in chosen.sorted() { ranges.append(try range(at: index * slot, length: slot)) }
      return ranges
    }
  }
}
