// Names follow the manuals (x86_64, RLIMIT_AS) where they name their things.
// swift-format-ignore-file: AlwaysUseLowerCamelCase

import Testing

@testable import PagingCore

/// A virtual machine's page-table pages on both sides, counted by hand from
/// the table spans (x86-64: a PT maps 2 MiB, a PD 1 GiB, a PDPT 512 GiB).
@Suite struct VirtualMachineTablesTests {
  /// A 4-level, 48-bit second stage whose input is zero-extended, as EPT's
  /// (Intel SDM Vol. 3C, EPT translation: guest-physical bits 47:0).
  static let ept4 = TestArchitectures.make(
    "ept4", va: 48, page: 4096, entry: 8,
    levels: [("PML4", 9, nil), ("PDPT", 9, 1 << 30), ("PD", 9, 1 << 21), ("PT", 9, nil)], pointerBits: 64, upper: .zero)

  /// 1 GiB of guest memory, three processes of 8 MiB each.
  ///
  /// - guest, one process: 8 MiB = 2048 pages = 4 PTs, 1 PD, 1 PDPT, 1 PML4
  ///   = 7; three processes 21. With 2 MiB pages: 4 PD entries, no PT: 3, so 9.
  /// - host: 1 GiB = 512 PTs, 1 PD, 1 PDPT, 1 PML4 = 515; with a 1 GiB
  ///   page: the PDPT entry maps it, 2 tables.
  @Test func x86GuestOnEPT() throws {
    let answer = try NestedTranslation(
      guest: TestArchitectures.x86_64, host: Self.ept4,
      machine: VirtualMachineSize(guestMemoryBytes: 1 << 30, mappedBytes: 8 << 20, processes: 3))
    #expect(answer.baseWalk.memoryReferences == 24)
    let tables = try #require(answer.tables)
    let base = tables.side(largePages: false)
    let large = tables.side(largePages: true)
    #expect(base.guestPagesPerLevel == [3, 3, 3, 12])
    #expect(base.guestPages == 21)
    #expect(large.guestPagesPerLevel == [3, 3, 3, 0])
    #expect(base.hostPagesPerLevel == [1, 1, 1, 512])
    #expect(large.hostPagesPerLevel == [1, 1, 0, 0])
    #expect(base.totalPages == 536)
    #expect(large.totalPages == 11)
    #expect(base.totalBytes == 536 * 4096)
    #expect(tables.guestBytesUsed == 3 * (2048 + 7) * 4096)
    // EPT zero-extends: no note about a sign-extended host.
    #expect(answer.notes.count == 1)
  }

  /// x86-32 on x86-32, 64 MiB, two processes of 5 MiB: a PT maps 4 MiB, so
  /// 5 MiB needs 2 PTs and the PD: 3 each, 6 in all. The host maps 64 MiB
  /// with 16 PTs and its PD: 17. Plain 32-bit paging has no large pages.
  @Test func twoLevelsOnTwo() throws {
    let answer = try NestedTranslation(
      guest: TestArchitectures.x86_32, host: TestArchitectures.x86_32,
      machine: VirtualMachineSize(guestMemoryBytes: 64 << 20, mappedBytes: 5 << 20, processes: 2))
    #expect(answer.baseWalk.memoryReferences == 8)
    let side = try #require(answer.tables).side(largePages: false)
    #expect(side.guestPagesPerLevel == [2, 4])
    #expect(side.hostPagesPerLevel == [1, 16])
    #expect(side.totalPages == 23)
    #expect(try #require(answer.tables).side(largePages: true) == side)
  }

  /// PAE as a guest: its PDPT is a level, so 3 guest reads, 4 × 5 − 1 = 19.
  @Test func paeGuest() throws {
    #expect(try NestedTranslation(guest: TestArchitectures.pae, host: Self.ept4).baseWalk.memoryReferences == 19)
  }

  /// Each bad question names the quantity at fault.
  @Test func refusals() {
    func field(_ guest: Architecture, _ host: Architecture, _ size: VirtualMachineSize) -> NestedTranslationError.Field?
    {
      do {
        _ = try NestedTranslation(guest: guest, host: host, machine: size)
        return nil
      } catch { return error.field }
    }
    let x86 = TestArchitectures.x86_64
    let x86_32 = TestArchitectures.x86_32
    // 8 GiB of guest memory: more than a 32-bit host's input reaches, and
    // more than a 32-bit guest's physical addresses.
    #expect(field(x86, x86_32, .init(guestMemoryBytes: 8 << 30)) == .guestMemory)
    #expect(field(x86_32, Self.ept4, .init(guestMemoryBytes: 8 << 30)) == .guestMemory)
    #expect(field(x86, Self.ept4, .init(guestMemoryBytes: 0)) == .guestMemory)
    // A sign-extended host reaches only its lower half: 2^47 fits, 2^47 + 1 does not.
    #expect(field(x86, x86, .init(guestMemoryBytes: 1 << 47)) == nil)
    #expect(field(x86, x86, .init(guestMemoryBytes: 1 << 47 + 1)) == .guestMemory)
    // More than a process's address space.
    #expect(field(x86, Self.ept4, .init(guestMemoryBytes: 1 << 30, mappedBytes: 1 << 48 + 1)) == .mappedBytes)
    // Two processes of 512 MiB do not fit in 1 GiB with their tables.
    #expect(
      field(x86, Self.ept4, .init(guestMemoryBytes: 1 << 30, mappedBytes: 512 << 20, processes: 2)) == .mappedBytes)
    // One page and its 4 tables, 2^126 times: past 128 bits in pages.
    #expect(
      field(x86, Self.ept4, .init(guestMemoryBytes: 1 << 30, mappedBytes: 4096, processes: 1 << 126)) == .processes)
    // 5 × 2^120 pages fit in 128 bits, their bytes do not.
    #expect(
      field(x86, Self.ept4, .init(guestMemoryBytes: 1 << 30, mappedBytes: 4096, processes: 1 << 120)) == .mappedBytes)
  }
}
