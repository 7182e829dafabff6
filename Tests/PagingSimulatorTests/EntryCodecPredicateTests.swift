import PagingCore
import PagingDescriptors
import Testing

@testable import PagingSimulator

/// The codec's bit predicates (present, table pointer, leaf, large page,
/// user page, frame field) against entries assembled by hand from the
/// manuals: Intel SDM Vol. 3A tables 4-15 to 4-20 (P bit 0, R/W 1, U/S 2,
/// PS 7 in a PDE or PDPTE, PAT 7 in a PTE, XD 63, frame from bit 12); ARM
/// ARM D8.3 (bits 1:0 = 0b11 a table at levels 0 to 2 and a page at level
/// 3, 0b01 a block at levels 1 and 2 and reserved at level 3, AP[1] bit 6,
/// AF bit 10); the RISC-V privileged spec, Sv39 PTEs (V bit 0, R 1, W 2,
/// X 3, U 4, A 6, D 7, PPN from bit 10; V with R = W = X = 0 points to the
/// next level).
struct EntryCodecPredicateTests {
  @Test func x86_64PageTableEntriesAndThePSBit() throws {
    let codec = try EntryCodec(builtin("x86-64"))
    // A PDE pointing to the PT in frame 5: P + R/W + U/S, PS clear.
    let pointer: UInt64 = 0x5007
    #expect(codec.isPresent(pointer))
    #expect(codec.isTablePointer(pointer, atLevel: 2))
    #expect(!codec.isLeaf(pointer, atLevel: 2))
    #expect(!codec.isLargePage(pointer, atLevel: 2))
    // A 2 MiB page in a PDE: PS (bit 7) set, frame 0x200.
    let largePage: UInt64 = 0x20_0087
    #expect(!codec.isTablePointer(largePage, atLevel: 2))
    #expect(codec.isLeaf(largePage, atLevel: 2))
    #expect(codec.isLargePage(largePage, atLevel: 2))
    #expect(codec.frame(of: largePage) == 0x200)
    // A 1 GiB page in a PDPTE: PS set, frame 0x40000.
    #expect(codec.isLargePage(0x4000_0081, atLevel: 1))
    // A PTE: bit 7 is PAT there, not PS, and every present PTE maps a page.
    let pte: UInt64 = 0x123_4087
    #expect(codec.isLeaf(pte, atLevel: 3))
    #expect(!codec.isTablePointer(pte, atLevel: 3))
    #expect(!codec.isLargePage(pte, atLevel: 3))
    #expect(codec.bottomLeafTest.matches(pte))
    // x86 sets its own accessed bits (A, bit 5): a clear one never faults.
    #expect(!codec.lacksAccessFlag(0x123_4007))
    // P clear: nothing, whatever else is set.
    let absent: UInt64 = 0x123_4086
    #expect(!codec.isPresent(absent))
    #expect(!codec.isLeaf(absent, atLevel: 3))
    #expect(!codec.isLeaf(absent, atLevel: 2))
    #expect(!codec.isTablePointer(absent, atLevel: 2))
    #expect(!codec.presentBit.isSet(absent))
    // The frame field is bits 51:12; XD (63) and the low flags are not part of it.
    #expect(codec.frame(of: 0x8000_0000_0123_4007) == 0x1234)
    // User pages have U/S (bit 2) set.
    let userPage = try #require(codec.userPageTest)
    #expect(userPage.matches(0x123_4007))
    #expect(!userPage.matches(0x123_4003))
    #expect(!userPage.matches(0x123_4006))
    // Permission bits: R/W (1), U/S (2) and XD (63); not A (5) or D (6).
    #expect(codec.permissionField.read(0x8000_0000_0123_4067) == 0x8000_0000_0000_0006)
    // A leaf's bits for frame 0 and a frame: the same as building it whole.
    let bits = codec.bottomLeaf(frame: 0, permissions: [.writable, .user, .executable]).rawValue
    #expect(bits == 0x7)
    #expect(codec.frameField.placing(0x1234, into: bits) == 0x123_4007)
    #expect(codec.frameField.read(0x8000_0000_0123_4007) == 0x1234)
  }

  @Test func arm64TableBlockAndPageDescriptors() throws {
    let codec = try EntryCodec(builtin("arm64-4k-48"))
    // Levels 0 to 2: bits 1:0 = 0b11 is a table descriptor.
    for level in 0...2 {
      #expect(codec.isTablePointer(0x4000_0003, atLevel: level))
      #expect(!codec.isLeaf(0x4000_0003, atLevel: level))
    }
    // Levels 1 and 2: bits 1:0 = 0b01 (with AF, bit 10) is a block.
    let block: UInt64 = 0x4000_0401
    for level in 1...2 {
      #expect(codec.isLeaf(block, atLevel: level))
      #expect(codec.isLargePage(block, atLevel: level))
      #expect(!codec.isTablePointer(block, atLevel: level))
    }
    // Level 3: 0b11 is a page descriptor, not a table.
    let page: UInt64 = 0x1234_5403
    #expect(codec.isLeaf(page, atLevel: 3))
    #expect(!codec.isTablePointer(page, atLevel: 3))
    #expect(!codec.isLargePage(page, atLevel: 3))
    #expect(codec.frame(of: page) == 0x12345)
    // Level 3: 0b01 is reserved: valid bit set, but it maps nothing.
    let reserved: UInt64 = 0x1234_5401
    #expect(codec.isPresent(reserved))
    #expect(!codec.isLeaf(reserved, atLevel: 3))
    #expect(!codec.bottomLeafTest.matches(reserved))
    #expect(!codec.isTablePointer(reserved, atLevel: 3))
    // Bit 0 clear: invalid at every level.
    for level in 0...3 {
      #expect(!codec.isLeaf(0x1234_5402, atLevel: level))
      #expect(!codec.isTablePointer(0x1234_5402, atLevel: level))
    }
    // AF is bit 10: clear, the descriptor faults.
    #expect(!codec.lacksAccessFlag(page))
    #expect(codec.lacksAccessFlag(0x1234_5003))
    // User pages have AP[1] (bit 6) set.
    let userPage = try #require(codec.userPageTest)
    #expect(userPage.matches(0x1234_5443))
    #expect(!userPage.matches(0x1234_5403))
    #expect(!userPage.matches(0x1234_5441))
  }

  @Test func riscvSv39PointersAndLeaves() throws {
    let codec = try EntryCodec(builtin("riscv-sv39"))
    // V alone, PPN 0x1234 at bit 10: a pointer to the next level.
    let pointer: UInt64 = 0x1234 << 10 | 0x1
    #expect(pointer == 0x48_D001)
    for level in 0...1 {
      #expect(codec.isTablePointer(pointer, atLevel: level))
      #expect(!codec.isLeaf(pointer, atLevel: level))
    }
    #expect(codec.frame(of: pointer) == 0x1234)
    // V + R + W + A at level 1: a 2 MiB megapage.
    let megapage: UInt64 = 0x200 << 10 | 0x47
    #expect(codec.isLeaf(megapage, atLevel: 1))
    #expect(codec.isLargePage(megapage, atLevel: 1))
    #expect(!codec.isTablePointer(megapage, atLevel: 1))
    // V + X alone is a leaf too (execute-only), at any level.
    #expect(codec.isLeaf(0x200 << 10 | 0x9, atLevel: 0))
    #expect(!codec.isTablePointer(0x200 << 10 | 0x9, atLevel: 0))
    // V + R + U + A at the bottom level: a user page.
    let userLeaf: UInt64 = 0x1234 << 10 | 0x53
    #expect(codec.isLeaf(userLeaf, atLevel: 2))
    #expect(!codec.isTablePointer(userLeaf, atLevel: 2))
    let userPage = try #require(codec.userPageTest)
    #expect(userPage.matches(userLeaf))
    #expect(!userPage.matches(0x1234 << 10 | 0x43))
    // V clear: nothing.
    #expect(!codec.isPresent(0x1234 << 10 | 0x52))
    #expect(!codec.isLeaf(0x1234 << 10 | 0x52, atLevel: 2))
  }
}
