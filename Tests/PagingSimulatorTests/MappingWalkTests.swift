import PagingCore
import Testing

@testable import PagingSimulator

/// Issue 9: the mapping listing on the one tree walk. Each image is written
/// entry by entry and each expectation worked out from the manuals' formats
/// by hand: RISC-V Sv39 (V bit 0, R 1, W 2, X 3, U 4, A 6, D 7, PPN from
/// bit 10) and x86-64 (P bit 0, R/W 1, U/S 2, PS 7, frame from bit 12).
@Suite struct MappingWalkTests {
  /// A text dump giving only the 4 KiB pages numbered in `pages`, holding `entries`.
  func textDump(pages: [UInt64], _ entries: [(address: UInt64, value: UInt64)]) -> MemoryImage {
    var image = MemoryImage(pageSize: 4096)
    for page in pages {
      var bytes = [UInt8](repeating: 0, count: 4096)
      for (address, value) in entries where address >> 12 == page {
        let offset = Int(address & 0xFFF)
        bytes.replaceSubrange(offset..<offset + 8, with: entryBytes(value))
      }
      image.setPage(FrameNumber(page), bytes: bytes)
    }
    return image
  }

  func run(
    _ start: UInt128, _ size: UInt128, physical: PhysicalAddress?, pages: UInt128 = 1, pageSize: UInt128 = 0x1000,
    _ permissions: Permissions, level: Int, _ name: String
  ) -> MappingRun {
    MappingRun(
      virtualStart: start, size: size, physicalStart: physical, pages: pages, pageSize: pageSize,
      permissions: permissions, level: level, levelName: name)
  }

  /// Sv39: pages merged and split, a megapage and a gigapage, a pointer to
  /// the root from below it and from the root itself, and a table the
  /// image does not hold in the upper half of the space.
  @Test func sv39Tree() throws {
    let list = try rawImage([
      (0x1000, 0x801),  // VPN[2][0] -> table at 0x2000 (PPN 2)
      (0x1008, 0x1000_00D7),  // VPN[2][1]: gigapage at 0x40000000, R W U A D
      (0x1800, 0x4_0001),  // VPN[2][256] -> table at 0x100000, past the image
      (0x1FF8, 0x401),  // VPN[2][511] -> the root itself
      (0x2000, 0x1001),  // VPN[1][0] -> table at 0x4000
      (0x2008, 0x8_005B),  // VPN[1][1]: megapage at 0x200000, R X U A
      (0x2010, 0x401),  // VPN[1][2] -> the root, its parent
      (0x4000, 0x14D7), (0x4008, 0x18D7),  // pages at 0x5000 and 0x6000, R W U A D
      (0x4010, 0x24D7),  // page at 0x9000: the run goes on, not contiguous in frames
      (0x4018, 0x2853),  // page at 0xA000, R U A: read-only, a run of its own
      (0x4030, 0x2CD7),  // VPN[0][6], page at 0xB000: entries 4 and 5 are empty
    ]).mappings(architecture: builtin("riscv-sv39"), rootAddress: 0x1000)
    #expect(
      list.runs == [
        run(0, 0x3000, physical: nil, pages: 3, [.writable, .user], level: 2, "VPN[0]"),
        run(0x3000, 0x1000, physical: 0xA000, [.user], level: 2, "VPN[0]"),
        run(0x6000, 0x1000, physical: 0xB000, [.writable, .user], level: 2, "VPN[0]"),
        run(
          0x20_0000, 0x20_0000, physical: 0x20_0000, pageSize: 0x20_0000, [.user, .executable], level: 1, "VPN[1]"),
        run(
          0x4000_0000, 0x4000_0000, physical: 0x4000_0000, pageSize: 0x4000_0000, [.writable, .user], level: 0,
          "VPN[2]"),
      ])
    // In the walk's order: below VPN[2][0] first. VPN[2][256] covers
    // 2^38, sign-extended; VPN[2][511] covers 511 × 2^30, sign-extended.
    #expect(
      list.faults == [
        MappingFault(
          virtualAddress: 0x40_0000, levelName: "VPN[1]", entryAddress: 0x2010,
          reason: "points back up the tree, to the table at pa 0x1000"),
        MappingFault(
          virtualAddress: 0xFFFF_FFC0_0000_0000, levelName: "VPN[1]", entryAddress: 0x10_0000,
          reason: "the table at pa 0x100000 is not in the image"),
        MappingFault(
          virtualAddress: 0xFFFF_FFFF_C000_0000, levelName: "VPN[2]", entryAddress: 0x1FF8,
          reason: "points back up the tree, to the table at pa 0x1000"),
      ])
    #expect(!list.truncated)
  }

  /// A text dump lacking two tables, with a large-page bit where x86-64
  /// reserves it: faults in the walk's order, the rest listed.
  @Test func textDumpWithMissingTables() throws {
    let list = try textDump(
      pages: [1, 2, 3],
      [
        (0x1000, 0x2007),  // PML4[0] -> PDPT at 0x2000
        (0x1008, 0x8000_0087),  // PML4[1]: PS set, which a PML4 entry may not
        (0x2000, 0x3007),  // PDPT[0] -> PD at 0x3000
        (0x2008, 0x5007),  // PDPT[1] -> PD at 0x5000, not in the dump
        (0x3000, 0x4007),  // PD[0] -> PT at 0x4000, not in the dump
        (0x3008, 0x20_0087),  // PD[1]: 2 MiB page at 0x200000
      ]
    ).mappings(architecture: builtin("x86-64"), rootAddress: 0x1000)
    #expect(
      list.runs == [
        run(
          0x20_0000, 0x20_0000, physical: 0x20_0000, pageSize: 0x20_0000, [.writable, .user, .executable], level: 2,
          "PD")
      ])
    #expect(
      list.faults == [
        MappingFault(
          virtualAddress: 0, levelName: "PT", entryAddress: 0x4000, reason: "the table at pa 0x4000 is not in the image"
        ),
        MappingFault(
          virtualAddress: 0x4000_0000, levelName: "PD", entryAddress: 0x5000,
          reason: "the table at pa 0x5000 is not in the image"),
        MappingFault(
          virtualAddress: 0x80_0000_0000, levelName: "PML4", entryAddress: 0x1008,
          reason: "reserved encoding: marked as a leaf, but PML4 entries map no pages"),
      ])
    #expect(!list.truncated)
  }

  /// A root given by hand that does not start a page, whose second entry
  /// lies in a page the dump lacks: the first is listed, then the fault.
  @Test func unalignedRootPartlyInTheDump() throws {
    let list = try textDump(
      pages: [1, 3],
      [
        (0x1FF8, 0x3007),  // PML4[0] -> PDPT at 0x3000
        (0x3000, 0x8000_0087),  // PDPT[0]: 1 GiB page at 0x80000000
      ]
    ).mappings(architecture: builtin("x86-64"), rootAddress: 0x1FF8)
    #expect(
      list.runs == [
        run(
          0, 0x4000_0000, physical: 0x8000_0000, pageSize: 0x4000_0000, [.writable, .user, .executable], level: 1,
          "PDPT")
      ])
    #expect(
      list.faults == [
        MappingFault(
          virtualAddress: 0x80_0000_0000, levelName: "PML4", entryAddress: 0x2000,
          reason: "the table at pa 0x1ff8 is not in the image")
      ])
  }

  /// A root in the last page of a 64-bit space: its last entry would end
  /// at 2^64, so it is not in the image (no wrap to address 0).
  @Test func rootAtTheTopOfTheSpace() throws {
    let list = try textDump(pages: [0xF_FFFF_FFFF_FFFF], []).mappings(
      architecture: builtin("x86-64"), rootAddress: 0xFFFF_FFFF_FFFF_F000)
    #expect(list.runs.isEmpty)
    // PML4[511] covers 511 × 2^39, sign-extended.
    #expect(
      list.faults == [
        MappingFault(
          virtualAddress: 0xFFFF_FF80_0000_0000, levelName: "PML4", entryAddress: 0xFFFF_FFFF_FFFF_FFF8,
          reason: "the table at pa 0xfffffffffffff000 is not in the image")
      ])
    #expect(!list.truncated)
  }

  /// One PT shared by every PD entry, one PD by every PDPT entry, one
  /// PDPT by every PML4 entry, the PT mapping its entry 0 only. Every
  /// entry read counts, empty ones too, in walk order: PDPT[i] is entry
  /// 2 + 262657 i (each PD walk reads 512 × 513), PD[j] under it
  /// 3 + 262657 i + 513 j, and that PD's PT[0] one after. Leaves read
  /// within 2^24 entries: all 512 under PDPT[0 ... 62], and under PDPT[63]
  /// those with 4 + 16547391 + 513 j <= 16777216, j <= 447.
  @Test func entryLimit() throws {
    var entries: [(address: Int, value: UInt64)] = [(0x4000, 0x5007)]
    for index in 0..<512 {
      entries += [(0x1000 + 8 * index, 0x2007), (0x2000 + 8 * index, 0x3007), (0x3000 + 8 * index, 0x4007)]
    }
    let list = try rawImage(entries).mappings(architecture: builtin("x86-64"), rootAddress: 0x1000)
    #expect(MemoryImage.mappingEntryLimit == 1 << 24)
    #expect(list.truncated)
    #expect(list.faults.isEmpty)
    #expect(list.runs.count == 63 * 512 + 448)
    #expect(list.runs.first == run(0, 0x1000, physical: 0x5000, [.writable, .user, .executable], level: 3, "PT"))
    #expect(
      list.runs.last
        == run(63 << 30 | 447 << 21, 0x1000, physical: 0x5000, [.writable, .user, .executable], level: 3, "PT"))
  }

  /// One PT shared by every PD entry, mapping every other page: 256 runs
  /// a PT. The run after the 2^16 closed ones is the last listed, the
  /// first of the PT under PD[256] (2^16 / 256), at 256 × 2 MiB.
  @Test func runLimit() throws {
    var entries: [(address: Int, value: UInt64)] = [(0x1000, 0x2007), (0x2000, 0x3007)]
    for index in 0..<512 { entries.append((0x3000 + 8 * index, 0x4007)) }
    for index in stride(from: 0, to: 512, by: 2) { entries.append((0x4000 + 8 * index, 0x5007)) }
    let list = try rawImage(entries).mappings(architecture: builtin("x86-64"), rootAddress: 0x1000)
    #expect(MemoryImage.mappingRunLimit == 1 << 16)
    #expect(list.truncated)
    #expect(list.runs.count == (1 << 16) + 1)
    #expect(
      list.runs.last == run(0x2000_0000, 0x1000, physical: 0x5000, [.writable, .user, .executable], level: 3, "PT"))
  }
}
