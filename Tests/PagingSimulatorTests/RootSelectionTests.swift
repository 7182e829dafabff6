import PagingCore
import PagingDescriptors
import PagingSimulator
import Testing

/// AArch64's two trees (Arm ARM DDI 0487, VMSAv8-64: bit 55 chooses TTBR0 or
/// TTBR1, and every other bit above the VA width must equal it unless
/// top-byte-ignore is on for bits 63:56).
@Suite struct RootSelectionTests {
  /// On 4K/48 bit 47 is translated, not a sign: 0x0000_8000_0000_0000 is a
  /// user address in TTBR0's tree, 0xffff_0000_0000_1000 a kernel address
  /// in TTBR1's, and 0x0001_0000_0000_0000 (bit 48 alone) neither.
  @Test func bit55ChoosesTheTree() {
    let arch = builtin("arm64-4k-48")
    #expect(arch.isCanonical(0x0000_8000_0000_0000))
    #expect(arch.selectedRoot(of: 0x0000_8000_0000_0000)?.name == "TTBR0")
    #expect(arch.translation(of: 0x0000_8000_0000_0000).indexes == [256, 0, 0, 0])  // bit 47 is L0's top bit
    #expect(arch.selectedRoot(of: 0xFFFF_0000_0000_1000)?.name == "TTBR1")
    #expect(arch.translation(of: 0xFFFF_0000_0000_1000).indexes == [0, 0, 0, 1])
    #expect(!arch.isCanonical(0x0001_0000_0000_0000))
    #expect(!arch.isCanonical(0x7FFF_0000_0000_0000))  // bit 55 is 1 but bit 63 is 0
  }

  /// With top-byte-ignore, bits 63:56 carry a tag; bit 55 still chooses.
  @Test func topByteIgnoreLeavesTheTagAlone() throws {
    let plain = builtin("arm64-4k-48")
    let selection = try #require(plain.rootSelection)
    let tagged = RootSelection(
      highBit: 55, lowBit: 55, otherBits: .copies, topByteIgnored: true, roots: selection.roots)
    #expect(tagged.root(of: 0x5A00_0000_0000_1000, virtualAddressBits: 48, pointerBits: 64) == 0)
    #expect(tagged.root(of: 0x5AFF_0000_0000_1000, virtualAddressBits: 48, pointerBits: 64) == 1)
    #expect(tagged.root(of: 0x5A80_0000_0000_1000, virtualAddressBits: 48, pointerBits: 64) == nil)  // 54:48 not all 1
    #expect(selection.root(of: 0x5A00_0000_0000_1000, virtualAddressBits: 48, pointerBits: 64) == nil)
  }

  /// The kernel maps under TTBR1 in a tree of its own: a new process's tree
  /// holds nothing of it, and a process maps the whole 48-bit TTBR0 range.
  @Test func theKernelKeepsItsOwnTree() throws {
    let machine = try Machine(architecture: builtin("arm64-4k-48"), memoryBytes: 1 << 26)
    try machine.createKernel(mapping: [(start: 0xFFFF_0000_0000_0000, length: 4096)])
    let process = try machine.createProcess()
    #expect(machine.counts(of: process).pageTablePagesPerLevel == [1, 0, 0, 0])
    try machine.allocate(in: process, AllocationRequest(start: 0x0000_8000_0000_0000, count: 1, size: 4096))
    #expect(machine.counts(of: process).pageTablePagesPerLevel == [1, 1, 1, 1])
    var it = machine.iterator(for: process, at: 0x8000_0000_0000)
    #expect(it.frame != nil && it.isUser)
    it.move(to: 0)
    #expect(it.frame == nil)  // the kernel's page at TTBR1 offset 0 is not in this tree
    #expect(
      throws: SimulationError.notCanonical(
        "0xffff000000002000 selects TTBR1, but on arm64-4k-48 processes map under TTBR0")
    ) {
      try machine.allocate(in: process, AllocationRequest(start: 0xFFFF_0000_0000_2000, count: 1, size: 4096))
    }
    #expect(
      throws: SimulationError.notCanonical(
        "0x1000 selects TTBR0, but on arm64-4k-48 the kernel maps under TTBR1")
    ) {
      try Machine(architecture: builtin("arm64-4k-48"), memoryBytes: 1 << 26).createKernel(mapping: [
        (start: 0x1000, length: 4096)
      ])
    }
    try machine.exit(process)
    #expect(machine.leakedFrames().isEmpty)
  }
}
