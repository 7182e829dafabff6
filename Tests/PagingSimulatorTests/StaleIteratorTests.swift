import PagingCore
import PagingDescriptors
import PagingSimulator
import Testing

/// Issue 9: an iterator kept after its process exits wrote, through its
/// inlined map, into the table another process had reused, taking that
/// process's data pages from 1 to 2. It must be refused instead.
@Suite struct StaleIteratorTests {
  @Test func anIteratorOfAnExitedProcessCannotWrite() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 24)
    let first = try machine.createProcess()
    try machine.allocate(in: first, AllocationRequest(start: 0x40_0000, count: 1, size: 4096))
    var stale = machine.iterator(for: first, at: 0x40_0000)
    let frame = try #require(stale.frame)
    // Prime the inlined fast path: the same permissions again on this entry.
    try stale.map(to: frame.address(offsetBits: 12), permissions: [.writable, .user])
    try machine.exit(first)

    // The next process reuses the freed tables, in the same order.
    let second = try machine.createProcess()
    try machine.allocate(in: second, AllocationRequest(start: 0x40_0000, count: 1, size: 4096))
    #expect(machine.counts(of: second).dataPages == 1)

    stale.move(to: 0x40_1000)  // the next entry of the same bottom table
    #expect(
      throws: SimulationError.noSuchProcess("process 1 has exited: its iterator can no longer change a page table")
    ) {
      try stale.map(to: 0x5000, permissions: [.writable, .user])
    }
    #expect(
      throws: SimulationError.noSuchProcess("process 1 has exited: its iterator can no longer change a page table")
    ) {
      try stale.unmap()
    }
    #expect(machine.counts(of: second).dataPages == 1)
    #expect(machine.leakedFrames().isEmpty)
    // A walk from the old root reads as the end of the space.
    stale.move(to: 0)
    #expect(stale.isAtEnd)
  }

  /// Another process's exit does not stop a live process's iterator.
  @Test func anotherProcessExitingLeavesALiveIteratorWorking() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 24)
    let keeper = try machine.createProcess()
    let leaver = try machine.createProcess()
    try machine.allocate(in: keeper, AllocationRequest(start: 0x40_0000, count: 1, size: 4096))
    try machine.allocate(in: leaver, AllocationRequest(start: 0x40_0000, count: 1, size: 4096))
    var it = machine.iterator(for: keeper, at: 0x40_0000)
    let frame = try #require(it.frame)
    try it.map(to: frame.address(offsetBits: 12), permissions: [.writable, .user])
    try machine.exit(leaver)
    it.move(to: 0x40_1000)
    let fresh = try machine.memory.allocateData(owner: .data(process: keeper.id))
    try it.map(to: fresh.address(offsetBits: 12), permissions: [.writable, .user])
    #expect(machine.counts(of: keeper).dataPages == 2)
    #expect(machine.leakedFrames().isEmpty)
  }
}
