import PagingCore
import PagingDescriptors
import Testing

@testable import PagingSimulator

/// The client's loop (a frame, a move, a map, page by page) runs mostly in
/// the iterator's inlined map, which stores entries without the codec: with
/// immediate shifts for 4 KiB pages whose frame field starts at bit 12, and
/// with shifts by the stored counts for every other layout (RISC-V's frame
/// field at bit 10, AArch64's 16 and 64 KiB granules). Every entry it writes
/// must be the one the codec's own encoder writes (checked against the
/// manuals by hand in EntryCodecTests), and every page it must refuse it
/// must refuse the way the slow path does.
@Suite struct IteratorMapFastPathTests {
  static let architectures = [
    "x86-64", "x86-32-pae", "arm64-4k-48", "power9-radix-4k",  // 4 KiB, frame at bit 12
    "riscv-sv39", "arm64-16k-47", "arm64-64k-48",  // other layouts
    "x86-32",  // 4-byte entries: no inlined store at all
  ]
  static let userWritable: Permissions = [.writable, .user]

  /// A machine with room for a few pages and their tables, a process, and
  /// six pages mapped by the client's loop from two entries before the end
  /// of a bottom-level table: two pages in the first table, four in the
  /// next, so the last two are stored by the inlined map.
  struct Mapped {
    let machine: Machine
    let process: Machine.Process
    var iterator: VirtualMemoryIterator
    let start: UInt64
    let frames: [FrameNumber]
    let pageBits: UInt64
    let bottom: Int
    /// For each page, how many times its map left the inlined fast path
    /// (debug builds count them; empty in other builds).
    let slowMaps: [Int]
  }

  static func mapSixPages(on name: String) throws -> Mapped {
    let architecture = builtin(name)
    let pageBits = UInt64(architecture.offsetBits)
    let bottom = architecture.levels.count - 1
    let bottomEntries = UInt64(1) << UInt64(architecture.levels[bottom].indexBits)
    let machine = try Machine(architecture: architecture, memoryBytes: UInt128(64) << pageBits)
    let process = try machine.createProcess()
    let start = (bottomEntries - 2) << pageBits
    var iterator = machine.iterator(for: process)
    var frames: [FrameNumber] = []
    var slowMaps: [Int] = []
    for page in 0..<UInt64(6) {
      let frame = try machine.memory.allocateData(owner: .data(process: process.id))
      iterator.move(to: start + page << pageBits)
      #if PAGING_INTERNAL_CHECKS
        let before = machine.memory._slowMaps
      #endif
      try iterator.map(to: frame.address(offsetBits: Int(pageBits)), permissions: userWritable)
      #if PAGING_INTERNAL_CHECKS
        slowMaps.append(machine.memory._slowMaps - before)
      #endif
      frames.append(frame)
    }
    return Mapped(
      machine: machine, process: process, iterator: iterator, start: start, frames: frames, pageBits: pageBits,
      bottom: bottom, slowMaps: slowMaps)
  }

  @Test(arguments: architectures)
  func entriesAreTheCodecsOwn(name: String) throws {
    let mapped = try Self.mapSixPages(on: name)
    let codec = mapped.machine.memory.codec
    var reader = mapped.machine.iterator(for: mapped.process)
    for (page, frame) in mapped.frames.enumerated() {
      reader.move(to: mapped.start + UInt64(page) << mapped.pageBits)
      #expect(reader.level == mapped.bottom, "page \(page)")
      let expected = codec.leaf(frame: frame, permissions: Self.userWritable, level: mapped.bottom)
      #expect(reader.entry == expected, "page \(page) of \(name)")
    }
    #expect(mapped.machine.counts(of: mapped.process).dataPages == 6)
    #expect(mapped.machine.leakedFrames().isEmpty)
  }

  #if PAGING_INTERNAL_CHECKS
    /// The last two pages really are stored by the inlined map, with no
    /// call of `mapSlowly`, for every layout with 8-byte entries; 4-byte
    /// entries (x86-32) keep no leaf key, so every map of theirs is slow.
    @Test(arguments: architectures)
    func theLastPagesTakeTheFastPath(name: String) throws {
      let mapped = try Self.mapSixPages(on: name)
      let expected = mapped.machine.memory.entrySize == 8 ? 0 : 1
      #expect(mapped.slowMaps.count == 6)
      #expect(mapped.slowMaps.suffix(2) == [expected, expected], "\(name): \(mapped.slowMaps)")
      // Each table's first page goes the long way, on every layout.
      #expect(mapped.slowMaps[0] == 1 && mapped.slowMaps[2] == 1, "\(name): \(mapped.slowMaps)")
    }
  #endif

  /// With the fast path primed (the same permissions on the same bottom
  /// table), a physical address inside a page and one past memory still
  /// fail, leaving the entry empty; the last frame of memory maps.
  @Test(arguments: architectures)
  func refusalsStillHappenOnTheFastPath(name: String) throws {
    var mapped = try Self.mapSixPages(on: name)
    let memory = mapped.machine.memory
    let next = mapped.start + 6 << mapped.pageBits
    mapped.iterator.move(to: next)

    // A physical address inside a page, then one past memory; on pages
    // larger than 4 KiB also one aligned to 4 KiB only, which the 4 KiB
    // layout's alignment test would pass.
    let isMisaligned: (SimulationError) -> Bool = { if case .misaligned = $0 { true } else { false } }
    var refusals: [(address: PhysicalAddress, isExpected: (SimulationError) -> Bool)] = [
      (PhysicalAddress(UInt64(0x10) << mapped.pageBits | 8), isMisaligned),
      (
        PhysicalAddress(UInt64(memory.frameCount) << mapped.pageBits), { if case .invalid = $0 { true } else { false } }
      ),
    ]
    if mapped.pageBits > 12 {
      refusals.append((PhysicalAddress(UInt64(0x10) << mapped.pageBits | 0x1000), isMisaligned))
    }
    for refusal in refusals {
      #expect {
        try mapped.iterator.map(to: refusal.address, permissions: Self.userWritable)
      } throws: { error in
        (error as? SimulationError).map(refusal.isExpected) ?? false
      }
      #expect(mapped.iterator.entry == .empty, "after mapping \(refusal.address)")
    }

    let lastFrame = FrameNumber(UInt64(memory.frameCount - 1))
    try mapped.iterator.map(to: lastFrame.address(offsetBits: Int(mapped.pageBits)), permissions: Self.userWritable)
    let expected = memory.codec.leaf(frame: lastFrame, permissions: Self.userWritable, level: mapped.bottom)
    #expect(mapped.iterator.entry == expected)
    // The last frame of memory is the first page the table zone handed
    // out (this process's root), not a data frame: the map only has to
    // take it. Unmapped again, the tables are as the six pages left them.
    #expect(try mapped.iterator.unmap() == lastFrame)
    #expect(mapped.machine.counts(of: mapped.process).dataPages == 6)
    #expect(mapped.machine.leakedFrames().isEmpty)
  }
}
