import PagingCore

/// Why a process's pagemap could not be read.
public enum PagemapFailure: Error, Equatable, Sendable {
  /// Reading it needs privileges the caller lacks.
  case permissionDenied
  /// The process is gone.
  case processExited
  /// Anything else, with the system's reason.
  case failed(String)
}

/// Which pages of a process have populated page-table entries, and which
/// 2 MiB blocks are mapped by one PMD entry. The live reader asks the
/// kernel; tests substitute their own (a refusal, say).
public protocol PopulatedPagesSource: Sendable {
  /// The populated pages and PMD-mapped blocks inside `mappings` (sorted,
  /// disjoint user mappings) of process `processID`.
  func populatedPages(processID: Int32, mappings: [ProcessMapping]) throws(PagemapFailure) -> (
    populated: [PageRun], huge: [HugePageRun]
  )
}

/// The kernel's own answer, from /proc/PID/pagemap.
///
/// With `.scan` (Linux 6.7 and later) the `PAGEMAP_SCAN` ioctl returns only
/// the populated ranges, each with its categories, so the cost follows what
/// is populated rather than what is mapped; `PAGE_IS_HUGE` marks PMD-mapped
/// blocks and `PAGE_IS_FILE` those that are not anonymous. With `.read` the
/// pagemap is read 64 Ki entries (512 KiB) at a time (bit 63 present, bit 62
/// swapped or another non-present entry, as Documentation/admin-guide/mm/
/// pagemap.rst defines them) and the PMD-mapped blocks come from
/// /proc/PID/smaps (`AnonHugePages`, `FilePmdMapped`, `ShmemPmdMapped`).
/// `.automatic` scans, and reads when the kernel does not know the ioctl.
public struct LivePagemap: PopulatedPagesSource {
  /// How the pagemap is asked.
  public enum Method: Sendable {
    /// `scan`, and `read` when the kernel does not know `PAGEMAP_SCAN` (before Linux 6.7).
    case automatic
    /// The `PAGEMAP_SCAN` ioctl: only populated ranges come back, so the cost follows what is populated.
    case scan
    /// Read `/proc/PID/pagemap` entry by entry and take the PMD-mapped blocks from `/proc/PID/smaps`; works on any
    /// kernel, at a cost that follows what is mapped.
    case read
  }

  /// The method this reader uses.
  public var method: Method

  /// A reader using `method`.
  public init(method: Method = .automatic) { self.method = method }

  /// Asks the kernel, as ``method`` says.
  public func populatedPages(processID: Int32, mappings: [ProcessMapping]) throws(PagemapFailure) -> (
    populated: [PageRun], huge: [HugePageRun]
  ) {
    guard !mappings.isEmpty else { return ([], []) }
    let file: OpenDescriptor
    do { file = try OpenDescriptor(readingOnly: "/proc/\(processID)/pagemap") } catch { throw Self.failure(error) }
    if method != .read {
      do {
        return try Self.scan(file, mappings: mappings)
      } catch let error where error.isUnsupported && method == .automatic {
        // Before Linux 6.7: read the entries instead.
      } catch {
        throw Self.failure(error)
      }
    }
    let populated: [PageRun]
    let frames: [UInt64: FrameNumber]
    do { (populated, frames) = try Self.read(file, mappings: mappings) } catch { throw Self.failure(error) }
    return (
      populated,
      try PMDMappedBlocks.fromSmaps(processID: processID, mappings: mappings, populated: populated, frames: frames)
    )
  }

  static func failure(_ error: SystemErrno) -> PagemapFailure {
    if error.isPermission { return .permissionDenied }
    if error.isMissing { return .processExited }
    return .failed(error.text)
  }

  /// Populated ranges by `PAGEMAP_SCAN`, 4096 regions per call.
  static func scan(_ file: borrowing OpenDescriptor, mappings: [ProcessMapping]) throws(SystemErrno) -> (
    populated: [PageRun], huge: [HugePageRun]
  ) {
    var regions = [PageRegion](repeating: PageRegion(), count: 4096)
    var populated: [PageRun] = []
    var huge: [HugePageRun] = []
    let end = mappings[mappings.count - 1].end
    var cursor = mappings[0].start
    let wanted: PageCategories = [.present, .swapped]
    let reported: PageCategories = [.present, .swapped, .file, .zeroPage, .huge]
    while cursor < end {
      let (count, walkEnd) = try regions.withUnsafeMutableBufferPointer { buffer throws(SystemErrno) in
        var argument = PagemapScanArgument(
          start: cursor, end: end, vector: UInt64(UInt(bitPattern: buffer.baseAddress)),
          vectorLength: UInt64(buffer.count), categoryAnyOfMask: wanted.rawValue, returnMask: reported.rawValue)
        let count = try file.pagemapScan(&argument)
        return (count, argument.walkEnd)
      }
      var reached = cursor
      for region in regions[0..<min(count, regions.count)] where region.start >= reached && region.end > region.start {
        reached = region.end
        populated.appendPages(from: region.start, to: region.end)
        let categories = PageCategories(rawValue: region.categories)
        if categories.contains(.huge) {
          let mask = ProcessSnapshot.hugePageSize - 1
          let first = (region.start + mask) & ~mask
          let last = region.end & ~mask
          if first < last { huge.appendBlocks(from: first, to: last, anonymous: !categories.contains(.file)) }
        }
      }
      // The kernel stops early only when the regions fill; then go on from
      // where it stopped. Otherwise the walk is complete, whatever
      // `walk_end` says (Linux 6.18 can leave it at the last table it
      // walked before a stretch with nothing to report).
      guard count >= regions.count, max(walkEnd, reached) > cursor else { break }
      cursor = max(walkEnd, reached)
    }
    return (populated, huge)
  }

  /// Entries read in chunks: the populated runs, and the frame number of
  /// each populated 2 MiB-aligned page where the kernel shows frames (root).
  static func read(_ file: borrowing OpenDescriptor, mappings: [ProcessMapping]) throws(SystemErrno) -> (
    populated: [PageRun], frames: [UInt64: FrameNumber]
  ) {
    let chunkEntries = 1 << 16
    var entries = [UInt64](repeating: 0, count: chunkEntries)
    var populated: [PageRun] = []
    var frames: [UInt64: FrameNumber] = [:]
    let populatedBits: UInt64 = 1 << 63 | 1 << 62
    let frameMask: UInt64 = (1 << 55) - 1
    for mapping in mappings {
      var page = mapping.start
      while page < mapping.end {
        let wanted = min(UInt64(chunkEntries), (mapping.end - page) / ProcessSnapshot.pageSize)
        let offset = page / ProcessSnapshot.pageSize * 8
        let result: Result<Int, SystemErrno> = entries.withUnsafeMutableBytes { buffer in
          do throws(SystemErrno) {
            return .success(
              try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(wanted) * 8]), at: offset))
          } catch { return .failure(error) }
        }
        let bytes = try result.get()
        let got = UInt64(bytes / 8)
        guard got > 0 else { return (populated, frames) }
        var runStart: UInt64? = nil
        for index in 0..<Int(got) {
          let address = page + UInt64(index) * ProcessSnapshot.pageSize
          let entry = entries[index]
          if entry & populatedBits != 0 {
            if runStart == nil { runStart = address }
            if address % ProcessSnapshot.hugePageSize == 0, entry & frameMask != 0 {
              frames[address] = FrameNumber(entry & frameMask)
            }
            if address % ProcessSnapshot.hugePageSize != 0,
              let start = frames[address & ~(ProcessSnapshot.hugePageSize - 1)],
              entry & frameMask != start.rawValue + (address % ProcessSnapshot.hugePageSize) / ProcessSnapshot.pageSize
            {
              frames[address & ~(ProcessSnapshot.hugePageSize - 1)] = nil
            }
          } else if let start = runStart {
            populated.appendPages(from: start, to: address)
            runStart = nil
          }
        }
        let chunkEnd = page + got * ProcessSnapshot.pageSize
        if let start = runStart { populated.appendPages(from: start, to: chunkEnd) }
        page = chunkEnd
      }
    }
    return (populated, frames)
  }
}
