import PagingCore
import PagingDescriptors
import PagingSimulator
import Testing

/// Owners of data frames kept in a byte a frame: the dense case stays
/// small, and what a byte cannot say (two processes in one block of 64
/// frames, a frame shared more than 252 times) is still said exactly.
struct OwnerCodeTests {
  /// 2^16 pages from address 0 on x86-64, worked by hand: 128 bottom tables
  /// + 1 + 1 + 1 = 131 page-table pages. Bookkeeping: 65536 owner bytes,
  /// 1024 blocks × 4 bytes of block process (one host page), the tables'
  /// 131 words (one host page, plus the one the top of memory may share):
  /// 65536 + 4096 + 8192. Table storage: 131 pages in 9 chunks of 16, each
  /// page with an 8-byte extent. Together within 1.25 times the page-table
  /// bytes plus one 64 KiB chunk, which 4-byte owners (262144 bytes) would not be.
  @Test func denseMappingCostsAByteAFrame() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 30)
    let process = try machine.createProcess()
    try machine.allocate(in: process, AllocationRequest(start: 0, count: 1 << 16, size: 4096))
    let memory = machine.memory
    #expect(memory.pageTableBytesInUse == 131 * 4096)
    #expect(memory.frameBookkeepingBytes == 65536 + 4096 + 8192)
    #expect(memory.tableStorageBytes == 9 * 16 * (4096 + 8))
    #expect(memory.footprintBytes <= memory.pageTableBytesInUse * 5 / 4 + 65536)
    #expect(memory.ownerCounts()[.data(process: process.id)] == 1 << 16)
  }

  /// Host pages counted once however many blocks share them, worked by
  /// hand: 1 GiB (2^18 frames, so 4097 block words, 16388 bytes). Two
  /// processes' data meet in block 0 (frames 0 and 1), the first's next
  /// 100 pages take frames 2 to 101, and one more of the second's (frame
  /// 102) widens block 1. Owner words: blocks 0 and 1 (bytes 0 to 511,
  /// host page 0) and the 8 tables' at the top (page 255): 2 pages. Block
  /// words of blocks 0 and 1 (bytes 16380 to 16387, page 3) and the 103
  /// owner bytes after them (to byte 16490, page 4): 2 pages. No free
  /// list has grown. Counting each wide block, and the bytes and block
  /// words apart, would say 5 pages.
  @Test func bookkeepingCountsEachHostPageOnce() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 30)
    let first = try machine.createProcess()
    let second = try machine.createProcess()
    try machine.allocate(in: first, AllocationRequest(start: 0x1000, count: 1, size: 4096))
    try machine.allocate(in: second, AllocationRequest(start: 0x1000, count: 1, size: 4096))
    try machine.allocate(in: first, AllocationRequest(start: 0x10_0000, count: 100, size: 4096))
    try machine.allocate(in: second, AllocationRequest(start: 0x2000, count: 1, size: 4096))
    let memory = machine.memory
    #expect(memory.owner(of: 101) == .data(process: first.id))
    #expect(memory.owner(of: 102) == .data(process: second.id))
    #expect(memory.pageTableBytesInUse == 8 * 4096)
    #expect(memory.frameBookkeepingBytes == 4 * 4096)
  }

  /// Two processes' data in one block: frame 0 for the first, frame 1 for
  /// the second (their tables come from the top of memory). Both owners,
  /// the share fork makes and the frees at exit come out as with words.
  @Test func twoProcessesInOneBlock() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 22)
    let first = try machine.createProcess()
    let second = try machine.createProcess()
    try machine.allocate(in: first, AllocationRequest(start: 0x1000, count: 1, size: 4096))
    try machine.allocate(in: second, AllocationRequest(start: 0x1000, count: 1, size: 4096))
    let memory = machine.memory
    #expect(memory.owner(of: 0) == .data(process: first.id))
    #expect(memory.owner(of: 1) == .data(process: second.id))
    #expect(memory.owner(of: 2) == .free)
    // One more page of the first lands in the same block.
    try machine.allocate(in: first, AllocationRequest(start: 0x2000, count: 1, size: 4096))
    #expect(memory.owner(of: 2) == .data(process: first.id))
    let child = try machine.fork(second, copyingData: false)
    #expect(memory.owner(of: 1) == .shared(mappings: 2))
    #expect(memory.ownerCounts()[.data(process: first.id)] == 2)
    try machine.exit(first)
    #expect(memory.owner(of: 0) == .free)
    #expect(memory.owner(of: 2) == .free)
    // Freed frames of the block are not counted as owned by anyone.
    #expect(memory.ownerCounts()[.free] == nil)
    try machine.exit(second)
    #expect(memory.owner(of: 1) == .shared(mappings: 1))
    try machine.exit(child)
    #expect(memory.owner(of: 1) == .free)
    #expect(memory.allocatedFrames == 0)
    #expect(throws: SimulationError.doubleFree(frame: 1)) { try memory.release(1) }
  }

  /// A block whose data frames are all freed can stand for another
  /// process: the second process's frames (the first's, reused from the
  /// free list) read as its own.
  @Test func aBlockPassesToTheNextProcess() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 22)
    let first = try machine.createProcess()
    try machine.allocate(in: first, AllocationRequest(start: 0, count: 16, size: 4096))
    try machine.exit(first)
    let second = try machine.createProcess()
    try machine.allocate(in: second, AllocationRequest(start: 0, count: 16, size: 4096))
    for frame: FrameNumber in 0..<16 { #expect(machine.memory.owner(of: frame) == .data(process: second.id)) }
    #expect(machine.memory.owner(of: 16) == .free)
    #expect(machine.leakedFrames().isEmpty)
  }

  /// A second process's page in a block where 16 frames hold another's data
  /// (found eight bytes at a time): the block keeps words, and every
  /// frame's owner reads as before.
  @Test func anotherProcessBesideManyFrames() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 22)
    let first = try machine.createProcess()
    let second = try machine.createProcess()
    try machine.allocate(in: first, AllocationRequest(start: 0, count: 16, size: 4096))
    try machine.allocate(in: second, AllocationRequest(start: 0, count: 1, size: 4096))
    for frame: FrameNumber in 0..<16 { #expect(machine.memory.owner(of: frame) == .data(process: first.id)) }
    #expect(machine.memory.owner(of: 16) == .data(process: second.id))
    try machine.exit(first)
    try machine.exit(second)
    #expect(machine.memory.allocatedFrames == 0)
  }

  /// A byte counts up to 252 mappings; 253 (the parent and 252 children)
  /// needs a word, and counting back down goes through the same values.
  @Test func sharedMoreOftenThanAByteCounts() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 1 << 24)
    let parent = try machine.createProcess()
    try machine.allocate(in: parent, AllocationRequest(start: 0, count: 1, size: 4096))
    var children: [Machine.Process] = []
    for _ in 0..<252 { children.append(try machine.fork(parent, copyingData: false)) }
    #expect(machine.memory.owner(of: 0) == .shared(mappings: 253))
    try machine.exit(children.removeLast())
    #expect(machine.memory.owner(of: 0) == .shared(mappings: 252))
    try machine.exit(children.removeLast())
    #expect(machine.memory.owner(of: 0) == .shared(mappings: 251))
    for child in children { try machine.exit(child) }
    #expect(machine.memory.owner(of: 0) == .shared(mappings: 1))
    try machine.exit(parent)
    #expect(machine.memory.owner(of: 0) == .free)
    #expect(machine.memory.allocatedFrames == 0)
  }
}
