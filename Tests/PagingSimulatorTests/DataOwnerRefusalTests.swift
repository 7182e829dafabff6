import PagingCore
import PagingSimulator
import Testing

/// `allocateData(owner:)` takes a frame before it looks at the owner (its
/// inlined path tests the owner with the frame's block): a refused owner
/// must leave memory as it was, whichever place the frame came from.
struct DataOwnerRefusalTests {
  @Test(arguments: [
    FrameOwner.free, .pageTable(process: 1, level: 0), .shared(mappings: 2),
    .data(process: 1 << 24), .data(process: -1),
  ])
  func refusedOwnerGivesAFreedFrameBack(owner: FrameOwner) throws {
    let memory = try PhysicalMemory(architecture: builtin("x86-64"), bytes: 1 << 20)
    let frames = try (0..<3).map { _ in try memory.allocateData(owner: .data(process: 1)) }
    try memory.release(frames[1])
    try memory.release(frames[0])
    #expect(throws: SimulationError.self) { _ = try memory.allocateData(owner: owner) }
    #expect(memory.allocatedFrames == 1)
    #expect(memory.owner(of: frames[0]) == .free)
    // The free list hands out the same frames, last freed first, then the zone.
    #expect(try memory.allocateData(owner: .kernel) == frames[0])
    #expect(try memory.allocateData(owner: .data(process: 2)) == frames[1])
    #expect(try memory.allocateData(owner: .data(process: 1)) == frames[2].advanced(by: 1))
    #expect(memory.owner(of: frames[1]) == .data(process: 2))
  }

  @Test(arguments: [FrameOwner.free, .data(process: -1)])
  func refusedOwnerGivesAZoneFrameBack(owner: FrameOwner) throws {
    let memory = try PhysicalMemory(architecture: builtin("x86-64"), bytes: 1 << 20)
    let first = try memory.allocateData(owner: .data(process: 7))
    #expect(throws: SimulationError.self) { _ = try memory.allocateData(owner: owner) }
    #expect(memory.allocatedFrames == 1)
    #expect(try memory.allocateData(owner: .data(process: 7)) == first.advanced(by: 1))
  }
}
