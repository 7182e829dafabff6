import PagingCore

/// Where the PMD-mapped blocks are when `PAGEMAP_SCAN` is not available.
///
/// /proc/PID/smaps gives only how many bytes of each mapping are PMD-mapped,
/// not where. A PMD-mapped block is fully populated and, where the kernel
/// shows frame numbers (to root), backed by 512 consecutive frames starting
/// on a 2 MiB boundary; the blocks that pass are taken in address order,
/// anonymous ones first, until each mapping's counts are met. Without frame
/// numbers the first fully populated blocks are taken, which places the
/// right number of blocks though perhaps not at the right addresses.
enum PMDMappedBlocks {
  static func fromSmaps(
    processID: Int32, mappings: [ProcessMapping], populated: [PageRun],
    frames: [UInt64: FrameNumber]
  ) throws(PagemapFailure) -> [HugePageRun] {
    let text: String
    do {
      let file = try OpenDescriptor(readingOnly: "/proc/\(processID)/smaps")
      text = String(decoding: try file.readAll(limit: 256 << 20), as: UTF8.self)
    } catch {
      throw LivePagemap.failure(error)
    }
    let counts: [(start: UInt64, anonymous: UInt64, file: UInt64)]
    do { counts = try ProcFileParsing.pmdMappedBytes(smaps: text) } catch {
      throw .failed("smaps line \(error.line): \(error.message)")
    }
    let showsFrames = !frames.isEmpty
    var blocks: [(start: UInt64, anonymous: Bool)] = []
    for count in counts {
      guard let mapping = mappings.first(where: { $0.start == count.start }) else { continue }
      var anonymousLeft = count.anonymous / ProcessSnapshot.hugePageSize
      var fileLeft = count.file / ProcessSnapshot.hugePageSize
      let mask = ProcessSnapshot.hugePageSize - 1
      var block = (mapping.start + mask) & ~mask
      while block + ProcessSnapshot.hugePageSize <= mapping.end, anonymousLeft + fileLeft > 0 {
        defer { block += ProcessSnapshot.hugePageSize }
        guard isFullyPopulated(block, populated) else { continue }
        if showsFrames {
          guard let frame = frames[block], frame.rawValue % 512 == 0 else { continue }
        }
        if anonymousLeft > 0 {
          blocks.append((block, true))
          anonymousLeft -= 1
        } else {
          blocks.append((block, false))
          fileLeft -= 1
        }
      }
    }
    var runs: [HugePageRun] = []
    for block in blocks.sorted(by: { $0.start < $1.start }) {
      runs.appendBlocks(from: block.start, to: block.start + ProcessSnapshot.hugePageSize, anonymous: block.anonymous)
    }
    return runs
  }

  /// Whether every page of the `length` bytes at `start` (a 2 MiB block
  /// unless told) lies in one of `runs` (sorted, touching runs joined).
  static func isFullyPopulated(_ start: UInt64, length: UInt64 = ProcessSnapshot.hugePageSize, _ runs: [PageRun])
    -> Bool
  {
    var low = 0
    var high = runs.count
    while low < high {
      let middle = (low + high) / 2
      if runs[middle].end <= start { low = middle + 1 } else { high = middle }
    }
    guard low < runs.count else { return false }
    return runs[low].start <= start && runs[low].end - start >= length
  }
}
