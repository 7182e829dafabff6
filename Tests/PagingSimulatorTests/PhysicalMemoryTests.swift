import PagingCore
import PagingSimulator
import Testing

/// Physical memory's allocator on its own: which owners data frames take,
/// which runs fit, and frees of frames that are not allocated.
@Suite struct PhysicalMemoryTests {
  /// Data frames belong to the kernel or to a process whose id fits the
  /// owner word; anything else is refused, not written into the owner word.
  @Test(arguments: [
    FrameOwner.free, .pageTable(process: 1, level: 0), .shared(mappings: 2),
    .data(process: 1 << 24), .data(process: -1),
  ])
  func dataFramesNeedADataOwner(owner: FrameOwner) throws {
    let memory = try PhysicalMemory(architecture: builtin("x86-64"), bytes: 1 << 20)
    #expect(throws: SimulationError.self) { _ = try memory.allocateData(owner: owner) }
    #expect(throws: SimulationError.self) { _ = try memory.allocateContiguousData(count: 2, owner: owner) }
    #expect(memory.allocatedFrames == 0)
    let frame = try memory.allocateData(owner: .data(process: (1 << 24) - 1))
    #expect(memory.owner(of: frame) == .data(process: (1 << 24) - 1))
    #expect(try memory.allocateData(owner: .kernel) == frame.advanced(by: 1))
    #expect(memory.allocatedFrames == 2)
  }

  @Test(arguments: [0, -1, Int.max, 257])
  func contiguousDataNeedsACountThatFits(count: Int) throws {
    let memory = try PhysicalMemory(architecture: builtin("x86-64"), bytes: 256 << 12)
    #expect(throws: SimulationError.self) { _ = try memory.allocateContiguousData(count: count, owner: .kernel) }
    #expect(memory.allocatedFrames == 0)
  }

  @Test func freeingAFreeFrameIsReported() throws {
    let memory = try PhysicalMemory(architecture: builtin("x86-64"), bytes: 1 << 20)
    let frame = try memory.allocateData(owner: .data(process: 1))
    try memory.release(frame)
    #expect(throws: SimulationError.doubleFree(frame: frame)) { try memory.release(frame) }
    let outside = FrameNumber(0x100_0000_0000)
    #expect(throws: SimulationError.doubleFree(frame: outside)) { try memory.release(outside) }
    #expect(memory.allocatedFrames == 0)
  }
}
