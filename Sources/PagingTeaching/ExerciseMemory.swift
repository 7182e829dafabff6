import PagingCore
import PagingSimulator

/// The physical pages an exercise builds: page tables written entry by
/// entry in the architecture's format, in frames drawn at random, and data
/// pages filled with random bytes.
struct ExerciseMemory {
  let arch: Architecture
  let codec: EntryCodec
  let rootFrame: FrameNumber
  private(set) var pages: [TranslationExercise.Page] = []
  private var bytes: [FrameNumber: [UInt8]] = [:]
  private var used = Set<UInt64>()
  /// Frames are drawn below this: the machine's frames, but no more than
  /// 2^20 so addresses stay short enough to work by hand.
  private let frameLimit: UInt64

  init(_ arch: Architecture, codec: EntryCodec, random: inout SplitMix64, reserving pages: Int) throws(ExerciseError) {
    self.arch = arch
    self.codec = codec
    let physicalFrames = arch.physicalAddressBits - arch.offsetBits
    frameLimit = physicalFrames >= 20 ? 1 << 20 : UInt64(1) << UInt64(physicalFrames)
    // Each page may need a table at every level below the root.
    let needed = UInt64(pages) * UInt64(arch.levelCount) + 1
    guard needed < frameLimit else {
      throw ExerciseError(
        "\(arch.name): \(counted(pages, "page")) may need \(needed) frames with their tables, but the exercise draws from \(frameLimit)"
      )
    }
    var first = UInt64(0)
    repeat { first = random.next() % frameLimit } while first == 0
    rootFrame = FrameNumber(first)
    used.insert(first)
    bytes[rootFrame] = Array(repeating: 0, count: Int(arch.pageSize))
  }

  /// A frame not used yet (never frame 0, which reads as "no frame").
  private mutating func freshFrame(random: inout SplitMix64) -> FrameNumber {
    while true {
      let frame = random.next() % frameLimit
      if frame != 0, used.insert(frame).inserted { return FrameNumber(frame) }
    }
  }

  private func entry(in frame: FrameNumber, index: Int) -> UInt64 {
    let page = bytes[frame] ?? []
    var value: UInt64 = 0
    for byte in 0..<arch.entrySize { value |= UInt64(page[index * arch.entrySize + byte]) << (8 * UInt64(byte)) }
    return value
  }

  private mutating func setEntry(in frame: FrameNumber, index: Int, _ value: UInt64) {
    for byte in 0..<arch.entrySize {
      bytes[frame]?[index * arch.entrySize + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(byte)))
    }
  }

  /// Maps the base page at translated address `address`.
  mutating func map(_ address: UInt128, permissions: Permissions, random: inout SplitMix64) throws(ExerciseError) {
    let indexes = arch.translation(of: arch.pointer(forTranslated: address)).indexes
    var table = rootFrame
    for level in 0..<arch.bottomLevel {
      let index = Int(indexes[level])
      let raw = entry(in: table, index: index)
      if case .table(let next, _) = codec.decode(PageTableEntry(rawValue: raw), level: level) {
        table = next
        continue
      }
      let next = freshFrame(random: &random)
      bytes[next] = Array(repeating: 0, count: Int(arch.pageSize))
      setEntry(
        in: table, index: index,
        codec.table(frame: next, permissions: [.writable, .user, .executable], level: level).rawValue)
      table = next
    }
    let data = freshFrame(random: &random)
    if Int(arch.pageSize) <= TranslationExercise.printedDataPageLimit {
      pages.append(
        .init(
          frame: data, bytes: (0..<Int(arch.pageSize)).map { _ in UInt8(truncatingIfNeeded: random.next()) },
          isPageTable: false))
    }
    let leaf = codec.leaf(frame: data, permissions: permissions, level: arch.bottomLevel)
    setEntry(in: table, index: Int(indexes[arch.bottomLevel]), leaf.rawValue)
  }

  /// The page-table pages and data pages as a memory image, and the list
  /// of pages with the tables' final bytes.
  mutating func image() -> MemoryImage {
    for (frame, content) in bytes { pages.append(.init(frame: frame, bytes: content, isPageTable: true)) }
    bytes = [:]
    var image = MemoryImage(pageSize: Int(arch.pageSize))
    for page in pages { image.setPage(page.frame, bytes: page.bytes) }
    return image
  }
}
