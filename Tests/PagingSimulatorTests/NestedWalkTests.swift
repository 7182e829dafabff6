import PagingCore
import PagingDescriptors
import PagingSimulator
import Testing

/// Issue 15, nested translation: the worst-case counts, the order of a
/// two-stage walk through a hand-built image, and simulated guests checked
/// against their two stages walked one after the other.
@Suite struct NestedWalkTests {
  /// Worst cases from the literature: Bhargava et al. (ASPLOS 2008) give 24
  /// references for a 4-level guest on 4-level nested tables, and the same
  /// reasoning gives 6 × 6 − 1 = 35 for five levels on five (Intel's
  /// 5-level paging with 5-level EPT) and 4 × 4 − 1 = 15 for Sv39 on Sv39x4.
  @Test func worstCases() throws {
    let fourOnFour = try NestedTranslation(guest: builtin("x86-64"), host: builtin("x86-64"))
    #expect(fourOnFour.baseWalk.memoryReferences == 24)
    #expect(fourOnFour.baseWalk.guestReads == 4)
    #expect(fourOnFour.baseWalk.hostReads == 20)
    let fiveOnFive = try NestedTranslation(guest: builtin("x86-64-la57"), host: builtin("x86-64-la57"))
    #expect(fiveOnFive.baseWalk.memoryReferences == 35)
    // Sv39 on Sv39x4 (41-bit guest-physical input, 3 levels): 3 guest
    // reads + 4 host walks of 3 = 15.
    let sv39 = try NestedTranslation(guest: builtin("riscv-sv39"), host: builtin("riscv-sv39x4"))
    #expect(sv39.baseWalk.memoryReferences == 15)
    // Two levels on two: 2 guest reads + 3 host walks of 2 = 8.
    #expect(try NestedTranslation(guest: builtin("x86-32"), host: builtin("x86-32")).baseWalk.memoryReferences == 8)
  }

  /// Large pages end walks early. Counted by hand on x86-64: a 2 MiB guest
  /// page stops the guest at its PD (3 reads, 4 host walks); a 1 GiB host
  /// page stops each host walk at its PDPT (2 reads): 3 + 4 × 2 = 11.
  @Test func largePagesShortenEachStage() throws {
    let answer = try NestedTranslation(guest: builtin("x86-64"), host: builtin("x86-64"))
    func references(guest: UInt128, host: UInt128) -> Int? {
      answer.walks.first { $0.guestPageSize == guest && $0.hostPageSize == host }?.memoryReferences
    }
    #expect(answer.walks.count == 9)
    #expect(references(guest: 4096, host: 4096) == 24)
    #expect(references(guest: 2 << 20, host: 4096) == 3 + 4 * 4)
    #expect(references(guest: 4096, host: 2 << 20) == 4 + 5 * 3)
    #expect(references(guest: 2 << 20, host: 1 << 30) == 3 + 4 * 2)
    #expect(references(guest: 1 << 30, host: 1 << 30) == 2 + 3 * 2)
  }

  /// The order for 4 on 4, written out by hand: host PML4, PDPT, PD, PT for
  /// the guest's PML4 entry, then that entry, and so on, ending with a
  /// host walk for the data.
  @Test func referenceOrder() throws {
    let x86 = builtin("x86-64")
    let walk = try NestedTranslation(guest: x86, host: x86).baseWalk
    let written = walk.references.map { "\($0.stage.rawValue) \($0.levelName(guest: x86, host: x86))" }
    let hostWalk = ["host PML4", "host PDPT", "host PD", "host PT"]
    let expected =
      hostWalk + ["guest PML4"] + hostWalk + ["guest PDPT"] + hostWalk + ["guest PD"]
      + hostWalk + ["guest PT"] + hostWalk
    #expect(written == expected)
  }

  /// A 2-level guest on a 2-level host (x86-32 on x86-32), every byte of
  /// the image placed by hand. The host maps gpa pages 3, 4 and 5 (the
  /// guest's page directory, page table and data) to host pages 0xa, 0xb
  /// and 0xc. Guest address 0x00401234 is PD index 1, PT index 1, offset
  /// 0x234, so the walk reads, in order:
  ///
  ///     1 host PD[0] at 0x1000 (for gpa 0x3004)  2 host PT[3] at 0x200c
  ///     3 guest PD[1] at 0xa004                  4 host PD[0] at 0x1000 (gpa 0x4004)
  ///     5 host PT[4] at 0x2010                   6 guest PT[1] at 0xb004
  ///     7 host PD[0] at 0x1000 (gpa 0x5234)      8 host PT[5] at 0x2014
  ///
  /// and ends at host-physical 0xc234, where the byte is 0x5a.
  @Test func twoOnTwoByHand() throws {
    var bytes = [UInt8](repeating: 0, count: 0x10000)
    func store(_ value: UInt32, at address: Int) {
      for index in 0..<4 { bytes[address + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
    // Present (bit 0), writable (1), user (2): 0x007.
    store(0x2007, at: 0x1000)  // host PD[0] -> host PT at 0x2000
    store(0xa007, at: 0x2000 + 3 * 4)  // gpa page 3 -> host page 0xa
    store(0xb007, at: 0x2000 + 4 * 4)  // gpa page 4 -> host page 0xb
    store(0xc007, at: 0x2000 + 5 * 4)  // gpa page 5 -> host page 0xc
    store(0x4007, at: 0xa000 + 1 * 4)  // guest PD[1] -> guest PT at gpa 0x4000
    store(0x5007, at: 0xb000 + 1 * 4)  // guest PT[1] -> data at gpa 0x5000
    bytes[0xc234] = 0x5a
    let x86 = builtin("x86-32")
    let image = MemoryImage(raw: bytes, pageSize: 4096)
    let walk = try image.nestedWalk(0x0040_1234, guest: x86, guestRoot: 0x3000, host: x86, hostRoot: 0x1000)
    let read = walk.references.map { ($0.stage.rawValue, $0.step.levelName, $0.step.entryAddress, $0.step.entry) }
    let expected: [(String, String, PhysicalAddress, UInt64)] = [
      ("host", "PD", 0x1000, 0x2007), ("host", "PT", 0x200c, 0xa007), ("guest", "PD", 0xa004, 0x4007),
      ("host", "PD", 0x1000, 0x2007), ("host", "PT", 0x2010, 0xb007), ("guest", "PT", 0xb004, 0x5007),
      ("host", "PD", 0x1000, 0x2007), ("host", "PT", 0x2014, 0xc007),
    ]
    #expect(read.count == expected.count)
    for (got, want) in zip(read, expected) {
      #expect(got.0 == want.0 && got.1 == want.1 && got.2 == want.2 && got.3 == want.3)
    }
    #expect(
      walk.references.map(\.guestPhysicalAddress) == [0x3004, 0x3004, 0x3004, 0x4004, 0x4004, 0x4004, 0x5234, 0x5234])
    #expect(walk.guestPhysicalAddress == 0x5234)
    #expect(walk.hostPhysicalAddress == 0xc234)
    #expect(walk.value == 0x5a)
    // The same image without the host's mapping of gpa page 4 faults in
    // the host stage after five references (the host PT entry is read).
    store(0, at: 0x2000 + 4 * 4)
    let broken = try MemoryImage(raw: bytes, pageSize: 4096)
      .nestedWalk(0x0040_1234, guest: x86, guestRoot: 0x3000, host: x86, hostRoot: 0x1000)
    #expect(broken.references.count == 5)
    #expect(broken.faultStage == .host)
    #expect(broken.faultLevel == "PT")
    #expect(broken.hostPhysicalAddress == nil)
  }
}
