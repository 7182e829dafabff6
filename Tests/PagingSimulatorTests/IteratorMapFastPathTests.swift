import PagingCore
import PagingDescriptors
import PagingSimulator
import Testing

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
    for page in 0..<UInt64(6) {
      let frame = try machine.memory.allocateData(owner: .data(process: process.id))
      iterator.move(to: start + page << pageBits)
      try iterator.map(to: frame.address(offsetBits: Int(pageBits)), permissions: userWritable)
      frames.append(frame)
    }
    return Mapped(
      machine: machine, process: process, iterator: iterator, start: start, frames: frames, pageBits: pageBits,
      bottom: bottom)
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

  /// With the fast path primed (the same permissions on the same bottom
  /// table), a physical address inside a page and one past memory still
  /// fail, leaving the entry empty; the last frame of memory maps.
  @Test(arguments: architectures)
  func refusalsStillHappenOnTheFastPath(name: String) throws {
    var mapped = try Self.mapSixPages(on: name)
    let memory = mapped.machine.memory
    let next = mapped.start + 6 << mapped.pageBits
    mapped.iterator.move(to: next)

    // A physical address inside a page, then one past memory.
    let refusals: [(address: PhysicalAddress, isExpected: (SimulationError) -> Bool)] = [
      (PhysicalAddress(UInt64(0x10) << mapped.pageBits | 8), { if case .misaligned = $0 { true } else { false } }),
      (
        PhysicalAddress(UInt64(memory.frameCount) << mapped.pageBits), { if case .invalid = $0 { true } else { false } }
      ),
    ]
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
    // The frame is the test's to give back: unmap it before the leak check.
    #expect(try mapped.iterator.unmap() == lastFrame)
    #expect(mapped.machine.leakedFrames().isEmpty)
  }
}
