import PagingCore
import PagingDescriptors
import PagingSimulator
import Testing

/// The simulator builds real tables and counts them by walking memory; the
/// engine counts them by arithmetic on ranges. For random allocations with
/// fixed seeds, on every built-in, the two must agree level by level.
struct AgreementTests {
  static let seeds: [UInt64] = [1, 2, 3, 4, 5]

  /// One random request inside `[base, base + regionSize)`.
  static func randomRequest(
    _ architecture: Architecture, base: UInt128, regionSize: UInt128,
    maxPages: UInt128, generator: inout SplitMix64
  ) -> AllocationRequest {
    let page = architecture.pageSize
    let regionPages = regionSize / page
    let largeSizes = architecture.largePageSizes.filter { $0 / page <= min(maxPages / 2, 8192) && $0 <= regionSize / 4 }
    let useLarge = !largeSizes.isEmpty && generator.next() % 3 == 0
    if useLarge {
      // Whole large pages, plus a few base pages either side when the start is unaligned.
      let large = largeSizes[Int(generator.next() % UInt64(largeSizes.count))]
      let count = 1 + UInt128(generator.next() % 2)
      let slots = regionSize / large
      let slot = UInt128(generator.next()) % (slots - count)
      let nudge = generator.next() % 2 == 0 ? 0 : page * UInt128(1 + generator.next() % 3)
      return AllocationRequest(start: base + slot * large + nudge, count: count, size: large, largePages: true)
    }
    // Sometimes not a page multiple.
    let size = page * (1 + UInt128(generator.next() % 3)) - UInt128(generator.next() % 2)
    let slotPages = (size + page - 1) / page
    let count = 1 + UInt128(generator.next()) % max(1, min(maxPages, regionPages) / slotPages / 2)
    switch generator.next() % 3 {
    case 0:
      let spare = regionPages - count * slotPages
      let offset = UInt128(generator.next()) % (spare + 1)
      return AllocationRequest(start: base + offset * page, count: count, size: size)
    case 1:
      let maxStridePages = regionPages / count
      let stridePages = slotPages + UInt128(generator.next()) % max(1, maxStridePages - slotPages + 1)
      return AllocationRequest(start: base, count: count, size: size, layout: .stride(stridePages * page))
    default:
      return AllocationRequest(
        start: base, count: count, size: size,
        layout: .random(seed: generator.next(), within: regionSize))
    }
  }

  @Test(arguments: BuiltinArchitectures.names, seeds)
  func simulatorCountsEqualTheEngines(name: String, seed: UInt64) throws {
    let architecture = builtin(name)
    var generator = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(name.utf8.count))
    // Two regions in the lower half of the space (valid under every rule for upper bits).
    let half = UInt128(1) << (architecture.virtualAddressBits - 1)
    let quarter = half / 2
    let reachableFrames = UInt128(1) << (architecture.physicalAddressBits - architecture.offsetBits)
    let maxPages = min(2048, reachableFrames / 8)
    let requests = [
      Self.randomRequest(architecture, base: 0, regionSize: quarter, maxPages: maxPages, generator: &generator),
      Self.randomRequest(architecture, base: quarter, regionSize: quarter, maxPages: maxPages, generator: &generator),
    ]
    var groups: [(ranges: [AddressRange], largePages: Bool)] = []
    for request in requests {
      groups.append((try request.ranges(architecture: architecture), request.largePages))
    }
    let predicted = architecture.footprint(of: groups)

    // Room for the data, the tables twice (the fork below), large-page
    // alignment and some slack.
    let largeFrames = (architecture.largePageSizes.max() ?? 0) / architecture.pageSize
    let frames = min(reachableFrames, predicted.totalPages + predicted.pageTablePages + 4 * min(largeFrames, 8192) + 64)
    let machine = try Machine(architecture: architecture, memoryBytes: frames * architecture.pageSize)
    let process = try machine.createProcess()
    for request in requests { try machine.allocate(in: process, request) }

    let counts = machine.counts(of: process)
    #expect(counts.pageTablePagesPerLevel == predicted.pageTablePagesPerLevel, "\(requests)")
    #expect(counts.dataPages == predicted.dataPages, "\(requests)")
    // The machine-wide count from frame owners agrees with the walk.
    #expect(machine.report(label: "").pageTablePagesPerLevel == predicted.pageTablePagesPerLevel)

    // Leaves found by walking, level by level, against the engine's leaves.
    var leaves = [UInt128](repeating: 0, count: architecture.levelCount)
    var it = machine.iterator(for: process)
    it.findMapped(from: 0)
    while !it.isAtEnd {
      leaves[it.level] += 1
      it.nextMapped()
    }
    #expect(leaves == predicted.leavesPerLevel)

    // A fork without data copies doubles the tables and nothing else.
    let child = try machine.fork(process, copyingData: false)
    #expect(machine.counts(of: child).pageTablePagesPerLevel == predicted.pageTablePagesPerLevel)
    try machine.exit(process)
    try machine.exit(child)
    #expect(machine.memory.allocatedFrames == 0)
    #expect(machine.leakedFrames().isEmpty)
  }
}
