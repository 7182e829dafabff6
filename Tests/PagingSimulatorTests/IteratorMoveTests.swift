import PagingCore
import PagingSimulator
import Testing

/// Moves to addresses inside a page, from every state the iterator can be
/// in off the bottom level: each must walk and land on the entry that
/// decides the address. On x86-64 0x1001 is PD entry 0 (bits 29:21 are 0)
/// and PT entry 1; with PD[0] empty and a 2 MiB page in PD[1], it maps nothing.
@Suite struct IteratorMoveTests {
  func machineWithALargePageAt2MiB() throws -> (Machine, Machine.Process) {
    let x86 = builtin("x86-64")
    let machine = try Machine(architecture: x86, memoryBytes: 16 << 20)
    let process = try machine.createProcess()
    let frame = try machine.memory.allocateContiguousData(count: 512, owner: .data(process: process.id))
    var it = machine.iterator(for: process, at: 0x20_0000)
    try it.mapLargePage(to: x86.address(of: frame), level: 2, permissions: [.writable, .user])
    return (machine, process)
  }

  @Test func fromAnUpperLevel() throws {
    let (machine, process) = try machineWithALargePageAt2MiB()
    var it = machine.iterator(for: process)
    #expect(it.level == 2 && !it.isPresent)  // PD[0] is empty
    it.move(to: 0x1001)
    #expect(!it.isPresent)
    #expect(it.physicalAddress == nil)
    #expect(it.level == 2)
  }

  @Test func atCreation() throws {
    let (machine, process) = try machineWithALargePageAt2MiB()
    let it = machine.iterator(for: process, at: 0x1001)
    #expect(it.level == 2 && !it.isPresent)
    #expect(machine.iterator(for: process, at: 0x20_1001).physicalAddress != nil)
  }

  @Test func fromPastTheEnd() throws {
    let (machine, process) = try machineWithALargePageAt2MiB()
    var it = machine.iterator(for: process, at: 0xFFFF_FFFF_F000)
    it.advance(by: 0x1000)
    #expect(it.isAtEnd)
    it.move(to: 0x1001)
    #expect(!it.isAtEnd)
    #expect(it.address == 0x1001 && !it.isPresent)
  }
}
