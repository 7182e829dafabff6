import PagingCore
import PagingSimulator

/// What running a scenario will take of the host's memory, worked out from
/// the steps before anything runs, so a job too big for the machine is
/// refused at once instead of failing part-way.
///
/// The figures are upper bounds: frees are ignored (the peak is what
/// matters), and allocations placed apart are bounded level by level by the
/// smaller of "each allocation has tables of its own" and "the whole span
/// they lie in is mapped".
public struct HostMemoryEstimate: Sendable, Equatable {
  /// Page-table pages the simulator stores, at a page each.
  public var pageTableBytes: UInt128
  /// Per-frame bookkeeping (owner byte or word, free-list slot) for every
  /// frame handed out, and the records kept per allocation and process.
  public var bookkeepingBytes: UInt128

  /// Everything together.
  public var totalBytes: UInt128 { saturatingAdd(pageTableBytes, bookkeepingBytes) }
}

/// Bytes of bookkeeping per frame handed out: an owner byte, a 4-byte owner
/// word where a block needs one, and a 4-byte free-list slot once freed.
private let bookkeepingPerFrame: UInt128 = 9
/// A process: its record, name and the scenario's map entries.
private let bytesPerProcess: UInt128 = 512
/// One allocation's range record, kept for each process holding it.
private let bytesPerRange: UInt128 = 64
/// Fixed costs: the runtime, the decoded scenario, one table chunk.
private let fixedBytes: UInt128 = 32 << 20

extension Scenario {
  /// The host memory running the scenario on `arch` needs at most.
  ///
  /// - Complexity: O(*s* × *l*) for *s* steps and *l* levels; no
  ///   allocation's ranges are built.
  public func hostMemoryEstimate(for arch: Architecture) -> HostMemoryEstimate {
    var tablePages = arch.rootPages  // the kernel's root, when there is one
    var dataPages: UInt128 = 0
    var ranges: UInt128 = 0
    var processes: UInt128 = 1
    var copiedTables: UInt128 = 0
    var copiedData: UInt128 = 0
    var rangesPerProcess: UInt128 = 0
    for mapping in kernel {
      let footprint = Self.boundedFootprint(
        arch, start: mapping.start.resolve(arch), count: 1, slot: mapping.size,
        stride: mapping.size, largePages: false)
      tablePages = saturatingAdd(tablePages, footprint.pageTablePages)
      dataPages = saturatingAdd(dataPages, footprint.dataPages)
    }
    for step in steps {
      switch step {
      case .create:
        // A root; the kernel's lower tables are shared, not copied.
        processes = saturatingAdd(processes, 1)
        tablePages = saturatingAdd(tablePages, arch.rootPages)
      case .fork:
        processes = saturatingAdd(processes, 1)
        tablePages = saturatingAdd(tablePages, saturatingAdd(copiedTables, arch.rootPages))
        dataPages = saturatingAdd(dataPages, copiedData)
        ranges = saturatingAdd(ranges, rangesPerProcess)
      case .allocate(_, let start, let count, let size, let layout, let largePages, let permissions):
        let slot = saturatingAdd(size, arch.pageSize - 1) & ~(arch.pageSize - 1)
        let stride: UInt128
        switch layout {
        case .contiguous: stride = slot
        case .stride(let step): stride = max(step, slot)
        case .random(_, let within): stride = max(within / max(count, 1), slot)
        }
        let footprint = Self.boundedFootprint(
          arch, start: start.resolve(arch), count: count, slot: slot,
          stride: stride, largePages: largePages)
        tablePages = saturatingAdd(tablePages, footprint.pageTablePages)
        dataPages = saturatingAdd(dataPages, footprint.dataPages)
        let separate: UInt128 = layout == .contiguous ? 1 : count
        // Random placement keeps a set of the slots it drew while drawing.
        let drawn: UInt128 = if case .random = layout { count } else { 0 }
        ranges = saturatingAdd(ranges, saturatingAdd(separate, drawn))
        rangesPerProcess = saturatingAdd(rangesPerProcess, separate)
        // A fork copies the tables, and the writable pages' data.
        copiedTables = saturatingAdd(copiedTables, footprint.pageTablePages)
        if permissions.contains(.writable) { copiedData = saturatingAdd(copiedData, footprint.dataPages) }
      default: break
      }
    }
    let frames = saturatingAdd(tablePages, dataPages)
    var bookkeeping = saturatingMultiply(frames, bookkeepingPerFrame)
    bookkeeping = saturatingAdd(bookkeeping, saturatingMultiply(processes, bytesPerProcess))
    bookkeeping = saturatingAdd(bookkeeping, saturatingMultiply(ranges, bytesPerRange))
    bookkeeping = saturatingAdd(bookkeeping, fixedBytes)
    return HostMemoryEstimate(
      pageTableBytes: saturatingMultiply(tablePages, arch.pageSize), bookkeepingBytes: bookkeeping)
  }

  /// Page-table and data pages for `count` allocations of `slot` bytes,
  /// `stride` apart from `start`: per level, the fewer of one allocation's
  /// tables times `count` and the tables of the whole span. Addresses the
  /// architecture cannot map give zero (the run refuses them).
  static func boundedFootprint(
    _ arch: Architecture, start: UInt128, count: UInt128, slot: UInt128, stride: UInt128,
    largePages: Bool
  ) -> (pageTablePages: UInt128, dataPages: UInt128) {
    let empty: (pageTablePages: UInt128, dataPages: UInt128) = (0, 0)
    guard count > 0, slot > 0, slot <= arch.addressSpaceBytes, isCanonicalStart(arch, start) else { return empty }
    let base = arch.translatedBits(of: start)
    let span = saturatingAdd(saturatingMultiply(count - 1, stride), slot)
    let clipped = min(span, arch.addressSpaceBytes - min(base, arch.addressSpaceBytes))
    let one = arch.footprint(of: [AddressRange(start: base, end: base + min(slot, clipped))], largePages: largePages)
    let whole = arch.footprint(of: [AddressRange(start: base, end: base + clipped)], largePages: largePages)
    // Each slot may straddle one more table than a slot at the start does.
    let perLevel = zip(one.pageTablePagesPerLevel, whole.pageTablePagesPerLevel).map { single, all in
      min(saturatingMultiply(saturatingAdd(single, 1), count), all)
    }
    let data = min(saturatingMultiply(slot / arch.pageSize, count), whole.dataPages)
    return (perLevel.reduce(0, saturatingAdd), data)
  }

  private static func isCanonicalStart(_ arch: Architecture, _ start: UInt128) -> Bool {
    start >> arch.pointerBits == 0 && arch.isCanonical(start)
  }
}

/// A host-memory budget a job went over.
public struct HostMemoryError: Error, Sendable, CustomStringConvertible {
  /// What the job was estimated to need.
  public let estimate: HostMemoryEstimate
  /// The budget it went over, in bytes.
  public let budget: UInt128
  /// Where the budget came from, such as "half of this machine's 24 GiB".
  public let budgetReason: String

  /// An error for `estimate` over `budget`, which came from `budgetReason`.
  public init(estimate: HostMemoryEstimate, budget: UInt128, budgetReason: String) {
    self.estimate = estimate
    self.budget = budget
    self.budgetReason = budgetReason
  }

  /// One line: the estimate, the budget and the way out.
  public var description: String {
    "this job needs up to \(formatBytesRoughly(estimate.totalBytes)) of host memory "
      + "(\(formatBytesRoughly(estimate.pageTableBytes)) of page tables, \(formatBytesRoughly(estimate.bookkeepingBytes)) of bookkeeping), "
      + "more than the budget of \(formatBytesRoughly(budget)) (\(budgetReason)); "
      + "make the job smaller or give --host-memory-limit"
  }
}

/// `a + b`, or the largest value when the sum does not fit.
func saturatingAdd(_ a: UInt128, _ b: UInt128) -> UInt128 {
  let (sum, overflow) = a.addingReportingOverflow(b)
  return overflow ? .max : sum
}

/// `a × b`, or the largest value when the product does not fit.
func saturatingMultiply(_ a: UInt128, _ b: UInt128) -> UInt128 {
  let (product, overflow) = a.multipliedReportingOverflow(by: b)
  return overflow ? .max : product
}
