import PagingCore
import PagingSimulator
import Testing

/// The virtual-memory iterator at the edges: the top of the space, partial
/// roots, narrow entries, large pages, permissions and running out of memory.
struct IteratorTests {
  private func machine(_ name: String, bytes: UInt128 = 1 << 24) throws -> Machine {
    try Machine(architecture: builtin(name), memoryBytes: bytes)
  }

  @Test func mapAndReadBackAtTheTopOfTheSpace() throws {
    let machine = try machine("x86-64")
    let process = try machine.createProcess()
    var it = machine.iterator(for: process)
    let top: UInt64 = 0xFFFF_FFFF_F000  // the last 4 KiB page of 48 bits
    let frame = try machine.memory.allocateData(owner: .data(process: process.id))
    it.move(to: top)
    #expect(!it.isPresent)
    try it.map(to: frame.address(offsetBits: 12), permissions: [.writable, .user])
    it.move(to: top + 0xABC)
    #expect(it.physicalAddress?.rawValue == frame.rawValue << 12 + 0xABC)
    #expect(it.permissions == [.writable, .user])
    // One table at each level, each the last entry of the one above.
    let pages = Array(PageTablePages(memory: machine.memory, root: process.root))
    #expect(pages.map(\.level) == [3, 2, 1])
    #expect(pages[0].start == 0xFFFF_FFE0_0000 && pages[0].end == 1 << 48)
    #expect(pages[2].start == 0xFF80_0000_0000 && pages[2].end == 1 << 48)
    // Stepping past the top ends the iterator instead of wrapping to 0.
    it.next()
    #expect(it.isAtEnd && !it.isPresent)
    it.move(to: top)
    it.advance(by: 4096)
    #expect(it.isAtEnd)
    it.move(to: top)
    it.advance(by: .max)
    #expect(it.isAtEnd)
  }

  @Test func nonCanonicalAllocationsAreRefused() throws {
    let machine = try machine("x86-64")
    let process = try machine.createProcess()
    // 0x0000_8000_0000_0000 has bit 47 set but bits 63:48 clear.
    #expect(throws: SimulationError.self) {
      try machine.allocate(in: process, AllocationRequest(start: 0x8000_0000_0000, count: 1, size: 4096))
    }
    // A range that crosses from the lower half into the hole.
    #expect(throws: SimulationError.self) {
      try machine.allocate(in: process, AllocationRequest(start: 0x7FFF_FFFF_F000, count: 2, size: 4096))
    }
    #expect(machine.memory.allocatedFrames == 1)  // just the root
    // The upper half's canonical form lands at PML4 index 256.
    try machine.allocate(in: process, AllocationRequest(start: 0xFFFF_8000_0000_0000, count: 1, size: 4096))
    let codec = machine.memory.codec
    #expect(codec.decode(machine.memory.entry(inTable: process.root, at: 256), level: 0) != .notPresent)
    #expect(codec.decode(machine.memory.entry(inTable: process.root, at: 255), level: 0) == .notPresent)
  }

  @Test func paeRootHasFourEntries() throws {
    let architecture = builtin("x86-32-pae")
    let machine = try Machine(architecture: architecture, memoryBytes: 1 << 24)
    let process = try machine.createProcess()
    // 0xC0000000 = PDPT index 3 (bits 31:30), PD index 0, PT index 0.
    try machine.allocate(in: process, AllocationRequest(start: 0xC000_0000, count: 1, size: 4096))
    let codec = machine.memory.codec
    #expect(codec.decode(machine.memory.entry(inTable: process.root, at: 3), level: 0) != .notPresent)
    // The PDPT is 32 bytes: 4 entries of 8; the rest of its page is never touched.
    #expect(machine.memory.bytes(ofTable: process.root)[32...].allSatisfy { $0 == 0 })
    #expect(machine.counts(of: process).pageTablePagesPerLevel == [1, 1, 1])
    var it = machine.iterator(for: process, at: 0xFFFF_F000)
    #expect(!it.isPresent)
    it.next()
    #expect(it.isAtEnd)
  }

  @Test func arm16KiBRootHasTwoEntries() throws {
    let machine = try machine("arm64-16k-48", bytes: 1 << 26)
    let process = try machine.createProcess()
    // 48 = 1 + 11 + 11 + 11 + 14: the top address's L0 index is bit 47, so 1.
    // Bit 47 is translated under TTBR0 (bits 63:48 all zero), so a process
    // maps the top of the 48-bit range.
    let top: UInt128 = (1 << 48) - (1 << 14)
    try machine.allocate(in: process, AllocationRequest(start: top, count: 1, size: 1))
    let codec = machine.memory.codec
    #expect(codec.decode(machine.memory.entry(inTable: process.root, at: 1), level: 0) != .notPresent)
    #expect(codec.decode(machine.memory.entry(inTable: process.root, at: 0), level: 0) == .notPresent)
    #expect(machine.counts(of: process).pageTablePagesPerLevel == [1, 1, 1, 1])
    var it = machine.iterator(for: process, at: UInt64(top))
    #expect(it.isPresent && it.isUser)
    it.next()
    #expect(it.isAtEnd)
  }

  @Test func oneByteEntriesOnTheTeachingMachine() throws {
    let machine = try machine("teaching-15", bytes: 1024)
    let process = try machine.createProcess()
    var it = machine.iterator(for: process, at: 0x7FE0)  // the last 32-byte page
    // Frame 31 is the last of 32 and the one the root took (tables come from
    // the top), so map frame 2 instead: PTE byte = 2 << 3 | U | W | P = 0x17.
    try it.map(to: 0x40, permissions: [.writable, .user])  // frame 2 of 32-byte pages
    #expect(it.physicalAddress == 0x40)
    let pages = Array(PageTablePages(memory: machine.memory, root: process.root))
    #expect(pages.count == 1)
    // Index 31 at both levels: the last byte of each table.
    #expect(machine.memory.bytes(ofTable: pages[0].frame)[31] == 0x17)
    #expect(machine.memory.bytes(ofTable: process.root)[31] == UInt8(pages[0].frame.rawValue) << 3 | 0x7)
    #expect(machine.memory.bytes(ofTable: process.root)[0..<31].allSatisfy { $0 == 0 })
  }

  @Test func fourByteEntriesOnX86_32() throws {
    let machine = try machine("x86-32")
    let process = try machine.createProcess()
    var it = machine.iterator(for: process, at: 0xC040_3000)  // PD 769, PT 3
    try it.map(to: 0x5000, permissions: [.writable])
    let pt = try #require(PageTablePages(memory: machine.memory, root: process.root).first { _ in true })
    #expect(Array(machine.memory.bytes(ofTable: pt.frame)[12..<16]) == [0x03, 0x50, 0x00, 0x00])
    let pde = UInt32(pt.frame.rawValue) << 12 | 0x3  // P + R/W; no U/S because the page is kernel-only
    let root = machine.memory.bytes(ofTable: process.root)
    #expect(
      Array(root[769 * 4..<770 * 4]) == [
        UInt8(pde & 0xFF), UInt8(pde >> 8 & 0xFF), UInt8(pde >> 16 & 0xFF), UInt8(pde >> 24),
      ])
  }

  @Test func largePages() throws {
    let machine = try machine("x86-64", bytes: 1 << 26)
    let process = try machine.createProcess()
    var it = machine.iterator(for: process, at: 0x4000_0000)
    // Misaligned virtual or physical address: refused, nothing allocated.
    it.move(to: 0x4000_1000)
    #expect(throws: SimulationError.self) { try it.mapLargePage(to: 0x20_0000, level: 2, permissions: [.user]) }
    it.move(to: 0x4000_0000)
    #expect(throws: SimulationError.self) { try it.mapLargePage(to: 0x20_1000, level: 2, permissions: [.user]) }
    // PML4 entries cannot map pages on x86-64; neither can the bottom level "large".
    #expect(throws: SimulationError.self) { try it.mapLargePage(to: 0, level: 0, permissions: [.user]) }
    try it.mapLargePage(to: 0x20_0000, level: 2, permissions: [.writable, .user])
    it.move(to: 0x4012_3456)
    #expect(it.physicalAddress == 0x32_3456)
    #expect(it.entrySpan == 2 << 20 && it.level == 2)
    // A 4 KiB page inside the 2 MiB page is refused.
    #expect(throws: SimulationError.alreadyMapped("0x40100000 is inside a large page mapped at level 2")) {
      it.move(to: 0x4010_0000)
      try it.map(to: 0x1000, permissions: [.user])
    }
    // A 2 MiB page over an existing page table is refused too.
    it.move(to: 0x4060_0000)
    try it.map(to: 0x1000, permissions: [.user])
    it.move(to: 0x4060_0000)
    #expect(throws: SimulationError.self) { try it.mapLargePage(to: 0x40_0000, level: 2, permissions: [.user]) }
    // next() from inside the large page goes to its end in one step.
    it.move(to: 0x4000_0000)
    it.next()
    #expect(it.address == 0x4020_0000)
    #expect(machine.counts(of: process).pageTablePagesPerLevel == [1, 1, 1, 1])
  }

  @Test func permissionsLooserThanTheLevelsAboveAreRefused() throws {
    let machine = try machine("x86-64")
    let process = try machine.createProcess()
    var it = machine.iterator(for: process, at: 0x1000)
    // A kernel-only page: the tables made for it carry no U/S.
    try it.map(to: 0x1000, permissions: [.writable])
    it.move(to: 0x2000)
    #expect(throws: SimulationError.self) { try it.map(to: 0x2000, permissions: [.writable, .user]) }
    it.move(to: 0x2000)
    #expect(!it.isPresent)
    // The same permissions or tighter are fine.
    try it.map(to: 0x2000, permissions: [])
    #expect(it.permissions == [])
  }

  @Test func runningOutOfMemoryMidMapFailsCleanly() throws {
    // Three 4 KiB frames: the root, a PDPT and a PD; the PT does not fit.
    let three = try machine("x86-64", bytes: 3 << 12)
    let process = try three.createProcess()
    var it = three.iterator(for: process)
    #expect(throws: SimulationError.outOfMemory(needed: "a level-3 page-table page")) {
      try it.map(to: 0, permissions: [.user])
    }
    #expect(!three.iterator(for: process).isPresent)
    // Whatever tables were built still belong to the process; exit frees them.
    try three.exit(process)
    #expect(three.memory.allocatedFrames == 0)

    // Four frames through allocate: the data frame is taken first (frame 0),
    // then the root, PDPT and PD fill the rest, so the PT fails and the data
    // frame is given back.
    let four = try machine("x86-64", bytes: 4 << 12)
    let other = try four.createProcess()
    #expect(throws: SimulationError.outOfMemory(needed: "a level-3 page-table page")) {
      try four.allocate(in: other, AllocationRequest(start: 0, count: 1, size: 4096))
    }
    #expect(four.memory.allocatedByKind == (kernel: 0, data: 0, pageTables: 3))

    // Five frames: one page fits exactly (data, root, PDPT, PD, PT); a second
    // page finds no data frame.
    let five = try machine("x86-64", bytes: 5 << 12)
    let third = try five.createProcess()
    try five.allocate(in: third, AllocationRequest(start: 0, count: 1, size: 4096))
    #expect(throws: SimulationError.outOfMemory(needed: "a data page")) {
      try five.allocate(in: third, AllocationRequest(start: 0x1000, count: 1, size: 4096))
    }
    #expect(five.counts(of: third).dataPages == 1)
    try five.exit(third)
    #expect(five.memory.allocatedFrames == 0)
  }

  @Test func nextMappedSkipsEmptyStretchesWhole() throws {
    let machine = try machine("x86-64")
    let process = try machine.createProcess()
    var it = machine.iterator(for: process)
    for address: UInt64 in [0x1000, 0x2000, 0x40_0000, 0x7F00_0000_0000, 0xFFFF_FFFF_F000] {
      it.move(to: address)
      try it.map(to: 0x1000, permissions: [.user])
    }
    var visited: [UInt64] = []
    it.findMapped(from: 0)
    while !it.isAtEnd {
      visited.append(it.address)
      it.nextMapped()
    }
    #expect(visited == [0x1000, 0x2000, 0x40_0000, 0x7F00_0000_0000, 0xFFFF_FFFF_F000])
    // Count the single steps nextMapped takes: at most one per entry of each
    // table it crosses, never one per page (2^36 of them).
    it.move(to: 0x40_0000)
    var steps = 0
    repeat {
      it.next()
      steps += 1
    } while !it.isPresent && !it.isAtEnd
    #expect(it.address == 0x7F00_0000_0000)
    #expect(steps < 4 * 512)
  }

  @Test func unmapFreesTheFrameButKeepsTheTables() throws {
    let machine = try machine("x86-64")
    let process = try machine.createProcess()
    let ranges = try machine.allocate(in: process, AllocationRequest(start: 0x10000, count: 3, size: 4096))
    #expect(ranges == [AddressRange(start: 0x10000, end: 0x13000)])
    var it = machine.iterator(for: process, at: 0x11000)
    let frame = try #require(it.frame)
    try machine.unmap(in: process, start: 0x11000, length: 0x1000)
    it.move(to: 0x11000)
    #expect(!it.isPresent)
    #expect(machine.memory.owner(of: frame) == .free)
    let counts = machine.counts(of: process)
    #expect(counts.dataPages == 2 && counts.pageTablePagesPerLevel == [1, 1, 1, 1])
    // Unmapping what is not mapped is a no-op, not an error.
    try machine.unmap(in: process, start: 0x11000, length: 0x1000)
    #expect(try it.unmap() == nil)
  }

  /// Two iterators on one table: each reads what the other wrote, as vmiter
  /// reads through its entry pointer.
  @Test func iteratorsSeeEachOthersWrites() throws {
    let machine = try machine("x86-64")
    let process = try machine.createProcess()
    try machine.allocate(in: process, AllocationRequest(start: 0, count: 1, size: 4096))
    // A stops on the empty PD entry for 2 MiB; B then puts a PT there.
    var a = machine.iterator(for: process, at: 0x20_0000)
    #expect(a.level == 2 && !a.isPresent)
    var b = machine.iterator(for: process, at: 0x20_0000)
    try b.map(to: 0x5000, permissions: [.writable, .user])
    #expect(a.physicalAddress == nil)  // A still sits on the PD entry, which is now a pointer
    #expect(throws: SimulationError.self) { try a.mapLargePage(to: 0x40_0000, level: 2, permissions: [.user]) }
    // A page unmapped behind an iterator's back is gone for it too.
    var c = machine.iterator(for: process, at: 0)
    #expect(c.isPresent)
    try machine.unmap(in: process, start: 0, length: 4096)
    #expect(!c.isPresent && c.frame == nil)
    #expect(try c.unmap() == nil)
  }

  @Test func pageTablePagesComeChildrenFirst() throws {
    let machine = try machine("x86-64")
    let process = try machine.createProcess()
    // Two pages in different 1 GiB regions: two PDs, two PTs, one PDPT.
    try machine.allocate(in: process, AllocationRequest(start: 0, count: 1, size: 1))
    try machine.allocate(in: process, AllocationRequest(start: 0x4000_0000, count: 1, size: 1))
    let pages = Array(PageTablePages(memory: machine.memory, root: process.root))
    #expect(pages.map(\.levelName) == ["PT", "PD", "PT", "PD", "PDPT"])
    #expect(pages.map(\.levelFromBottom) == [1, 2, 1, 2, 3])
    #expect(pages.map(\.start) == [0, 0, 0x4000_0000, 0x4000_0000, 0])
    #expect(pages.map(\.end) == [0x20_0000, 0x4000_0000, 0x4020_0000, 0x8000_0000, 0x80_0000_0000])
    #expect(
      pages[0].description == "0x0-0x1fffff: level 1 page-table page (PT) at pa \(formatHex(pages[0].physicalAddress))")
    #expect(Set(pages.map(\.frame)).count == 5 && !pages.map(\.frame).contains(process.root))
  }
}
