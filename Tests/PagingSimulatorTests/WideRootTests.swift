import PagingCore
import PagingSimulator
import Testing

/// Roots wider than a page, on an Sv39x4 G-stage machine built here from the
/// RISC-V privileged spec (hypervisor chapter, "Guest Physical Address
/// Translation"): a 41-bit guest physical address, VPN[2] of 11 bits, so a
/// root of 2^11 eight-byte entries, 16 KiB, 16 KiB aligned; PTEs as in Sv39
/// (V 0, R 1, W 2, X 3, U 4, G 5, A 6, D 7, PPN from bit 10).
@Suite struct WideRootTests {
  static func sv39x4(rootPages: Int? = 4, rootBits: Int = 11) throws(ArchitectureError) -> Architecture {
    let format = ArchitectureSpec.EntryFormatSpec(
      leafEncoding: .permissionBits, pointerPermissions: false,
      bits: [
        .present: 0, .readable: 1, .writable: 2, .executable: 3, .user: 4, .global: 5,
        .accessed: 6, .dirty: 7,
      ],
      frameLowBit: 10, frameBits: 44)
    return try Architecture(
      validating: ArchitectureSpec(
        name: "sv39x4", title: "Sv39x4", summary: "test", virtualAddressBits: 41, pointerBits: 64, upperBits: .zero,
        physicalAddressBits: 56, pageSize: 4096, entrySize: 8,
        levels: [
          .init(name: "VPN[2]", indexBits: rootBits, largePage: 1 << 30, pages: rootPages),
          .init(name: "VPN[1]", indexBits: 9, largePage: 1 << 21),
          .init(name: "VPN[0]", indexBits: 9),
        ],
        entryFormat: format, sources: ["RISC-V privileged spec, hypervisor chapter"]))
  }

  @Test func geometryCountsEveryPageOfTheRoot() throws {
    let arch = try Self.sv39x4()
    #expect(arch.tableBytes(atLevel: 0) == 16384)  // 2^11 × 8
    #expect(arch.rootPages == 4)
    // One root of 4 pages, 2^11 VPN[1] tables, 2^11 × 2^9 VPN[0] tables.
    #expect(arch.maxPageTablePages == 4 + 2048 + 1_048_576)
  }

  /// 1 page at 0: the root (4 pages) and one table at each level below.
  /// 2^18+1 pages at 0: ceil(262145 / 512) = 513 VPN[0] tables, ceil(513 /
  /// 512) = 2 VPN[1] tables, the root's 4 pages.
  @Test func footprintCountsTheRootAsItsPages() throws {
    let arch = try Self.sv39x4()
    #expect(try arch.footprint(of: .pages(1)).pageTablePagesPerLevel == [4, 1, 1])
    #expect(try arch.footprint(of: .pages(262_145)).pageTablePagesPerLevel == [4, 2, 513])
  }

  @Test func aRootWiderThanAPageMustSaySo() {
    #expect(
      throws: ArchitectureError(
        path: "levels[0].index_bits",
        "2^11 entries of 8 bytes need 16 KiB, more than one 4 KiB page holds; a root that spans several pages says so with \"pages\": 4"
      )
    ) {
      try Self.sv39x4(rootPages: nil)
    }
    #expect(
      throws: ArchitectureError(
        path: "levels[0].pages",
        "2^11 entries of 8 bytes make a 16 KiB root, which fills 4 4 KiB pages, not 2")
    ) {
      try Self.sv39x4(rootPages: 2)
    }
    #expect(throws: ArchitectureError(path: "levels[0].pages", "expected a power of two from 1 to 16, got 3")) {
      try Self.sv39x4(rootPages: 3)
    }
  }

  /// The root is four contiguous frames aligned to four, owned by the
  /// process; an entry in its third page sits where hardware would read it:
  /// root + VPN[2] × 8. For 0x177_0000_0000, VPN[2] = 0x17700000000 >> 30 =
  /// 1500, so the entry is 12000 bytes in: page 2, offset 3808.
  @Test func theSimulatorAllocatesAndWalksAWideRoot() throws {
    let arch = try Self.sv39x4()
    let machine = try Machine(architecture: arch, memoryBytes: 1 << 24)
    // A data page first, so the root cannot land on frame 0 by luck.
    let first = try machine.createProcess()
    try machine.allocate(in: first, AllocationRequest(start: 0, count: 1, size: 4096))
    let process = try machine.createProcess()
    #expect(process.root.rawValue % 4 == 0)
    for page in 0..<4 {
      #expect(machine.memory.owner(of: process.root.advanced(by: page)) == .pageTable(process: process.id, level: 0))
    }
    try machine.allocate(in: process, AllocationRequest(start: 0x177_0000_0000, count: 1, size: 4096))
    #expect(machine.counts(of: process).pageTablePagesPerLevel == [4, 1, 1])
    #expect(machine.report(label: "").pageTablePagesPerLevel == [8, 2, 2])
    #expect(machine.leakedFrames().isEmpty)

    let image = machine.tableImage()
    let rootAddress = process.root.rawValue * 4096
    let walk = try image.walk(0x177_0000_0123, architecture: arch, rootAddress: PhysicalAddress(rootAddress))
    #expect(walk.steps.first?.entryAddress.rawValue == rootAddress + 2 * 4096 + 3808)
    #expect(walk.steps.map(\.index) == [1500, 0, 0])
    #expect(walk.physicalAddress.map { $0.rawValue & 0xFFF } == 0x123)

    let before = machine.memory.allocatedFrames
    try machine.exit(process)
    // The root's four pages, one table at each lower level, one data page.
    #expect(machine.memory.allocatedFrames == before - 4 - 2 - 1)
    let again = try machine.createProcess()
    #expect(again.root.rawValue % 4 == 0)
    #expect(machine.leakedFrames().isEmpty)
  }
}
