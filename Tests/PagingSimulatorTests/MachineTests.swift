import Foundation
import PagingCore
import PagingDescriptors
import PagingSimulator
import Testing

/// Processes: the classic allocations, fork, exit, the kernel, leaks and
/// double frees.
struct MachineTests {
  /// Page-table pages per level for K contiguous pages from address 0, worked
  /// out by hand: x86-64 has 512 entries a table, x86-32 1024.
  ///   x86-64: 1 page -> 1,1,1,1; 512 -> 1,1,1,1; 513 -> 1,1,1,2;
  ///           2^18+1 -> ceil(262145/512) = 513 PTs, ceil(513/512) = 2 PDs.
  ///   x86-32: 513 -> 1 PD, 1 PT; 2^18+1 -> ceil(262145/1024) = 257 PTs.
  @Test(arguments: [
    ("x86-64", 1 as UInt128, 1 as UInt128, [1, 1, 1, 1] as [UInt128]),
    ("x86-64", 1, 4096, [1, 1, 1, 1]),
    ("x86-64", 512, 4096, [1, 1, 1, 1]),
    ("x86-64", 513, 4096, [1, 1, 1, 2]),
    ("x86-64", 262_145, 4096, [1, 1, 2, 513]),
    ("x86-32", 1, 1, [1, 1]),
    ("x86-32", 513, 4096, [1, 1]),
    ("x86-32", 262_145, 4096, [1, 257]),
  ])
  func classicAllocations(name: String, count: UInt128, size: UInt128, tables: [UInt128]) throws {
    let machine = try Machine(architecture: builtin(name), memoryBytes: 2 << 30)
    let process = try machine.createProcess()
    try machine.allocate(in: process, AllocationRequest(start: 0, count: count, size: size))
    let counts = machine.counts(of: process)
    #expect(counts.pageTablePagesPerLevel == tables)
    #expect(counts.dataPages == (count * size + 4095) / 4096)
    let report = machine.report(label: "after")
    #expect(report.pageTablePagesPerLevel == tables)
    #expect(report.totalPages == counts.dataPages + tables.reduce(0, +))
    try machine.exit(process)
    #expect(machine.memory.allocatedFrames == 0)
  }

  @Test func forkCopiesWritableUserPagesAndSharesTheRest() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 26)
    // The kernel: 4 pages at the bottom of the upper half, kernel-only.
    try machine.createKernel(mapping: [(start: 0xFFFF_8000_0000_0000, length: 4 << 12)])
    let kernelFrames = machine.memory.allocatedFrames
    #expect(kernelFrames == 4 + 4)  // 4 data + PML4, PDPT, PD, PT
    let parent = try machine.createProcess()
    try machine.allocate(in: parent, AllocationRequest(start: 0x40_0000, count: 3, size: 4096))  // writable
    try machine.allocate(
      in: parent,
      AllocationRequest(
        start: 0x80_0000, count: 2, size: 4096,
        permissions: [.user, .executable]))  // read-only code
    let child = try machine.fork(parent)
    var parentIt = machine.iterator(for: parent, at: 0x40_0000)
    var childIt = machine.iterator(for: child, at: 0x40_0000)
    // Writable data: a fresh frame in the child.
    #expect(childIt.frame != nil && childIt.frame != parentIt.frame)
    #expect(machine.memory.owner(of: childIt.frame!) == .data(process: child.id))
    // Read-only data: the same frame, shared by two page tables.
    parentIt.move(to: 0x80_0000)
    childIt.move(to: 0x80_0000)
    #expect(childIt.frame == parentIt.frame)
    #expect(machine.memory.shareCount(of: childIt.frame!) == 2)
    #expect(childIt.permissions == [.user, .executable])
    // Kernel pages: shared, still the kernel's.
    parentIt.move(to: 0x8000_0000_0000)
    childIt.move(to: 0x8000_0000_0000)
    #expect(childIt.frame == parentIt.frame && !childIt.isUser)
    #expect(machine.memory.owner(of: childIt.frame!) == .kernel)
    // Each process has its own tables: root, PDPTs for index 0 and 256, ...
    let childCounts = machine.counts(of: child)
    #expect(childCounts.pageTablePagesPerLevel == machine.counts(of: parent).pageTablePagesPerLevel)
    #expect(childCounts.dataPages == 5)
    #expect(machine.leakedFrames().isEmpty)

    // Exit in either order: the shared pages stay until the last user goes.
    try machine.exit(parent)
    childIt.move(to: 0x80_0000)
    #expect(machine.memory.owner(of: childIt.frame!) != .free)
    try machine.exit(child)
    #expect(machine.leakedFrames().isEmpty)
    #expect(machine.memory.allocatedFrames == kernelFrames)
    #expect(machine.memory.allocatedByKind == (kernel: 8, data: 0, pageTables: 0))
  }

  @Test func forkWithoutDataCopiesSharesEveryUserPage() throws {
    let machine = try Machine(architecture: builtin("riscv-sv39"), memoryBytes: 1 << 26)
    let parent = try machine.createProcess()
    try machine.allocate(in: parent, AllocationRequest(start: 0, count: 600, size: 4096))
    let before = machine.memory.allocatedFrames
    let child = try machine.fork(parent, copyingData: false)
    // Only the child's tables are new: 1 root + 1 middle + 2 leaf tables (600 > 512).
    #expect(machine.memory.allocatedFrames - before == 4)
    try machine.exit(child)
    try machine.exit(parent)
    #expect(machine.memory.allocatedFrames == 0)
  }

  /// When the table zone (top of memory) meets the data zone, page-table
  /// pages come from freed data frames ("strays"). Worked by hand on eight
  /// frames: the root takes 7; four pages at 0 take data 0, then PDPT 6,
  /// PD 5, PT 4, then data 1, 2, 3. Unmapping pages 1-3 frees frames 1-3; a
  /// page at 1 GiB then takes data 3 and, for its new PD and PT, frames 2
  /// and 1 from the data zone.
  @Test func pageTablesFromFreedDataFrames() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 8 << 12)
    let process = try machine.createProcess()
    try machine.allocate(in: process, AllocationRequest(start: 0, count: 4, size: 4096))
    #expect(machine.memory.allocatedFrames == 8)
    try machine.unmap(in: process, start: 0x1000, length: 0x3000)
    try machine.allocate(in: process, AllocationRequest(start: 0x4000_0000, count: 1, size: 4096))
    #expect(machine.memory.owner(of: 3) == .data(process: process.id))
    #expect(machine.memory.owner(of: 2) == .pageTable(process: process.id, level: 2))
    #expect(machine.memory.owner(of: 1) == .pageTable(process: process.id, level: 3))
    #expect(machine.counts(of: process).pageTablePagesPerLevel == [1, 1, 2, 2])
    var it = machine.iterator(for: process, at: 0x4000_0000)
    #expect(it.frame == 3)
    it.move(to: 0)
    #expect(it.frame == 0)
    #expect(machine.leakedFrames().isEmpty)
    try machine.exit(process)
    #expect(machine.memory.allocatedFrames == 0)
    // Everything is reusable: the same pages fit again.
    let again = try machine.createProcess()
    try machine.allocate(in: again, AllocationRequest(start: 0, count: 4, size: 4096))
    #expect(machine.memory.allocatedFrames == 8)
    try machine.exit(again)
    #expect(machine.memory.allocatedFrames == 0)
  }

  /// A fork that runs out of memory part-way leaves the machine as it was:
  /// the parent needs 1 + 1 + 1 + 2 tables and 600 data frames (605); with
  /// 608 frames the child gets its root, PDPT and PD, then no PT.
  @Test(arguments: [false, true])
  func forkRunningOutOfMemoryLeavesNothingBehind(copyingData: Bool) throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 608 << 12)
    let parent = try machine.createProcess()
    try machine.allocate(in: parent, AllocationRequest(start: 0, count: 600, size: 4096))
    #expect(machine.memory.allocatedFrames == 605)
    #expect(throws: SimulationError.self) { try machine.fork(parent, copyingData: copyingData) }
    #expect(machine.processes.map(\.id) == [parent.id])
    #expect(machine.memory.allocatedFrames == 605)
    #expect(machine.leakedFrames().isEmpty)
    var it = machine.iterator(for: parent)
    it.findMapped(from: 0)
    while !it.isAtEnd {
      #expect(machine.memory.shareCount(of: it.frame!) == 1)
      it.nextMapped()
    }
    try machine.exit(parent)
    #expect(machine.memory.allocatedFrames == 0)
  }

  @Test func allocatingOverAMappingIsRefused() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 22)
    let process = try machine.createProcess()
    try machine.allocate(in: process, AllocationRequest(start: 0, count: 2, size: 4096))
    #expect(throws: SimulationError.alreadyMapped("0x1000 is already mapped; unmap it before allocating there again")) {
      try machine.allocate(in: process, AllocationRequest(start: 0x1000, count: 1, size: 4096))
    }
    #expect(machine.counts(of: process).dataPages == 2)
    #expect(machine.leakedFrames().isEmpty)
  }

  /// Part-way through a bottom-level table, where allocation takes the
  /// table's frames in one run, a page in the way stops it with the pages
  /// before it mapped and no frame lost. Worked by hand: page 5 takes data
  /// frame 0; pages 0-4 of the second request take frames 1-5 (the run is
  /// the five empty entries before page 5), page 5 refuses; frames 6-10
  /// were never taken, and the next page takes frame 6.
  @Test func allocatingIntoAMappingPartWayThroughATable() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 22)
    let process = try machine.createProcess()
    try machine.allocate(in: process, AllocationRequest(start: 0x5000, count: 1, size: 4096))
    #expect(throws: SimulationError.alreadyMapped("0x5000 is already mapped; unmap it before allocating there again")) {
      try machine.allocate(in: process, AllocationRequest(start: 0, count: 10, size: 4096))
    }
    #expect(machine.counts(of: process).dataPages == 6)
    #expect(machine.memory.allocatedFrames == 6 + 4)
    var it = machine.iterator(for: process, at: 0x4000)
    #expect(it.frame == 5)
    for frame: FrameNumber in 6...10 { #expect(machine.memory.owner(of: frame) == .free) }
    try machine.allocate(in: process, AllocationRequest(start: 0x10_0000, count: 1, size: 4096))
    it.move(to: 0x10_0000)
    #expect(it.frame == 6)
    #expect(machine.leakedFrames().isEmpty)
    try machine.exit(process)
    #expect(machine.memory.allocatedFrames == 0)
  }

  /// A user allocation beside a kernel page, in the same bottom-level
  /// table, is refused by the kernel's pointer entries (no user bit) at its
  /// first page, after the table's run of frames was taken: all of it goes back.
  @Test func refusedAllocationGivesItsRunBack() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 22)
    try machine.createKernel(mapping: [(start: 0x40_0000, length: 4096)])
    let kernelFrames = machine.memory.allocatedFrames
    let process = try machine.createProcess()
    let withProcess = machine.memory.allocatedFrames
    do {
      try machine.allocate(in: process, AllocationRequest(start: 0x40_1000, count: 3, size: 4096))
      Issue.record("a user page under kernel-only pointers was mapped")
    } catch {
      guard case .permissionsTooLoose = error else {
        Issue.record("unexpected \(error)")
        return
      }
    }
    #expect(machine.memory.allocatedFrames == withProcess)
    #expect(machine.counts(of: process).dataPages == 0)
    try machine.exit(process)
    #expect(machine.memory.allocatedFrames == kernelFrames)
    #expect(machine.leakedFrames().isEmpty)
  }

  /// Freed frames go first, in the free list's last-in-first-out order, even
  /// when a whole run of them is taken for one table: frames 0–4 freed in
  /// the order 3, 1, 0, 2 come back as 2, 0, 1, 3, then the data zone goes
  /// on from 5.
  @Test func allocationTakesFreedFramesLastFreedFirst() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 22)
    for expected: FrameNumber in 0..<5 { #expect(try machine.memory.allocateData(owner: .kernel) == expected) }
    for frame: FrameNumber in [3, 1, 0, 2] { try machine.memory.release(frame) }
    let process = try machine.createProcess()
    try machine.allocate(in: process, AllocationRequest(start: 0, count: 6, size: 4096))
    var it = machine.iterator(for: process)
    var frames: [FrameNumber] = []
    for page in 0..<6 as Range<UInt64> {
      it.move(to: page << 12)
      frames.append(it.frame ?? FrameNumber(.max))
    }
    #expect(frames == [2, 0, 1, 3, 5, 6])
    for frame: FrameNumber in [0, 1, 2, 3, 5, 6] {
      #expect(machine.memory.owner(of: frame) == .data(process: process.id))
    }
    try machine.exit(process)
    #expect(machine.memory.allocatedFrames == 1)
    #expect(machine.memory.owner(of: 4) == .kernel)
  }

  /// As `refusedAllocationGivesItsRunBack`, with the run taken from the
  /// free list: the list is as it was, so frames come back in the same order.
  @Test func refusedAllocationGivesFreedFramesBack() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 22)
    try machine.createKernel(mapping: [(start: 0x40_0000, length: 4096)])
    let spare = try (0..<3).map { _ in try machine.memory.allocateData(owner: .kernel) }
    try machine.memory.release(spare[1])
    try machine.memory.release(spare[2])
    let process = try machine.createProcess()
    let withProcess = machine.memory.allocatedFrames
    #expect(throws: SimulationError.self) {
      try machine.allocate(in: process, AllocationRequest(start: 0x40_1000, count: 3, size: 4096))
    }
    #expect(machine.memory.allocatedFrames == withProcess)
    #expect(machine.memory.owner(of: spare[1]) == .free)
    #expect(machine.memory.owner(of: spare[2]) == .free)
    #expect(try machine.memory.allocateData(owner: .kernel) == spare[2])
    #expect(try machine.memory.allocateData(owner: .kernel) == spare[1])
    for frame in spare { try machine.memory.release(frame) }
    try machine.exit(process)
    #expect(machine.leakedFrames().isEmpty)
  }

  /// Without a user bit every page is the user's: fork copies it (it is
  /// writable too, with no write bit) and exit frees it; a kernel, which
  /// could not be told apart, is refused. OSTEP's machine, by hand: 3 pages
  /// in one page table, so 1 PD + 1 PT; the fork copies all five frames.
  @Test func entryFormatWithoutPermissionBits() throws {
    let machine = try Machine(architecture: builtin("ostep-multilevel"), memoryBytes: 4096)
    let parent = try machine.createProcess()
    try machine.allocate(in: parent, AllocationRequest(start: 0, count: 3, size: 32))
    #expect(machine.report(label: "a").dataPages == 3)
    #expect(machine.report(label: "a").pageTablePages == 2)
    let child = try machine.fork(parent)
    #expect(machine.report(label: "b").dataPages == 6)
    #expect(machine.report(label: "b").pageTablePages == 4)
    try machine.exit(parent)
    try machine.exit(child)
    #expect(machine.report(label: "c").totalPages == 0)
    #expect(machine.report(label: "c").leakedFrames == 0)
    let kernel = try Machine(architecture: builtin("ostep-multilevel"), memoryBytes: 4096)
    #expect(
      throws: SimulationError.unsupported(
        "ostep-multilevel has no user bit, so kernel mappings cannot be told from user ones")
    ) {
      try kernel.createKernel(mapping: [(start: 0x4000, length: 32)])
    }
  }

  @Test func exitingTwiceIsAnErrorNotACrash() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 22)
    let process = try machine.createProcess()
    try machine.allocate(in: process, AllocationRequest(start: 0, count: 2, size: 4096))
    try machine.exit(process)
    #expect(throws: SimulationError.self) { try machine.exit(process) }
    #expect(throws: SimulationError.self) { _ = try machine.process(process.id) }
  }

  @Test func memoryGrowsWithWhatIsMappedNotWithTheSpace() throws {
    // 57-bit space, 64 MiB of physical memory, eight pages spread over the whole space.
    let machine = try Machine(architecture: builtin("x86-64-la57"), memoryBytes: 64 << 20)
    let process = try machine.createProcess()
    try machine.allocate(
      in: process,
      AllocationRequest(
        start: 0, count: 8, size: 4096,
        layout: .random(seed: 3, within: 1 << 56)))
    let tableBytes = machine.memory.pageTableBytesInUse
    #expect(tableBytes / 4096 <= 1 + 8 * 4)
    // Page-table storage is sized by the tables held, at most 1.25 times
    // their bytes plus one 64 KiB chunk, never by the 2^57-byte space.
    #expect(machine.memory.tableStorageBytes <= tableBytes * 5 / 4 + 65536)
    // Owners are touched only for frames handed out: 8 data frames at the
    // bottom (one host page of owner bytes, one of block processes) and at
    // most 33 tables at the top (at most two pages of words, the top one
    // not ending on a host page). No free lists yet.
    #expect(machine.memory.frameBookkeepingBytes <= 4 * 4096)
  }

  /// Nor with the size of physical memory: 1 TiB (2^28 frames) with one
  /// page mapped is reported, leak-checked and drawn from the frames handed
  /// out, not the quarter billion in between.
  @Test func memoryGrowsWithWhatIsMappedNotWithMemorySize() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 40)
    let process = try machine.createProcess()
    try machine.allocate(in: process, AllocationRequest(start: 0, count: 1, size: 4096))
    let report = machine.report(label: "one page")
    #expect(report.dataPages == 1 && report.pageTablePagesPerLevel == [1, 1, 1, 1])
    #expect(report.freeFrames == (1 << 28) - 5)
    #expect(machine.leakedFrames().isEmpty)
    #expect(
      machine.memory.ownerCounts() == [
        .data(process: process.id): 1,
        .pageTable(process: process.id, level: 0): 1,
        .pageTable(process: process.id, level: 1): 1,
        .pageTable(process: process.id, level: 2): 1,
        .pageTable(process: process.id, level: 3): 1,
      ])
    #expect(machine.memory.frameBookkeepingBytes <= 4 * 4096)
    // Lines 1 to 2^22 - 2 of 64 frames are never used.
    let map = machine.memoryMap().text().split(separator: "\n")
    #expect(map.count == 3)
    #expect(map[1] == "           * 4194302 lines (268435328 frames) never used: all free")
    #expect(machine.tableImage().textDump(header: "tables").split(separator: "\n").count == 1 + 4)
    try machine.exit(process)
    #expect(machine.memory.allocatedFrames == 0)
  }

  /// The memory map, worked by hand for 2 MiB (512 frames, 8 lines of 64):
  /// data frame 0 is process 1's page; the root and its three tables take
  /// the top four frames (508-511, in line 7 at 448 × 4 KiB = 0x1c0000);
  /// lines 1-6 were never used.
  @Test func memoryMapDrawsFramesAndElidesTheUnusedMiddle() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 2 << 20)
    let process = try machine.createProcess()
    #expect(process.id == 1)
    try machine.allocate(in: process, AllocationRequest(start: 0, count: 1, size: 4096))
    let expected = [
      "         0x0 1" + String(repeating: ".", count: 63),
      "           * 6 lines (384 frames) never used: all free",
      "    0x1c0000 " + String(repeating: ".", count: 60) + "####",
    ]
    #expect(machine.memoryMap().text() == expected.joined(separator: "\n"))
    // Two lines or fewer of unused frames are drawn, not elided.
    let small = try Machine(architecture: builtin("x86-64"), memoryBytes: 256 << 12)
    try small.allocate(in: try small.createProcess(), AllocationRequest(start: 0, count: 1, size: 4096))
    #expect(small.memoryMap().text().split(separator: "\n").count == 4)
  }
}
