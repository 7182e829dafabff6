import PagingCore
import Testing

@testable import PagingSimulator

/// Table diagrams drawn by the one tree walk, from images written entry by
/// entry, each box and group worked out by hand from the manuals' formats:
/// RISC-V Sv39 (V bit 0, R 1, W 2, X 3, U 4, A 6, D 7, PPN from bit 10; a
/// pointer has R, W and X clear and passes everything on) and x86-64 (P
/// bit 0, R/W 1, U/S 2, frame from bit 12).
@Suite struct TableDiagramTests {
  func pages(
    _ first: Int, _ last: Int, from start: PhysicalAddress, to end: PhysicalAddress, size: UInt128,
    _ permissions: Permissions, contiguous: Bool = true
  ) -> TableDiagram.Group {
    .init(
      firstIndex: first, lastIndex: last, kind: .pages(first: start, last: end, contiguous: contiguous, pageSize: size),
      permissions: permissions, isKernel: false)
  }

  /// The root points to a table, to itself and to a table past the image;
  /// below, a megapage and a table of three pages, two of them contiguous.
  /// The pointer to the root is drawn but not followed, and the table the
  /// image lacks is an empty box.
  @Test func sv39Boxes() throws {
    let image = rawImage([
      (0x1000, 0x801),  // VPN[2][0] -> table at 0x2000 (PPN 2)
      (0x1008, 0x401),  // VPN[2][1] -> the root itself
      (0x1010, 0x4_0001),  // VPN[2][2] -> table at 0x100000, past the image
      (0x2000, 0xC01),  // VPN[1][0] -> table at 0x3000
      (0x2008, 0x8_005B),  // VPN[1][1]: megapage at 0x200000, R X U A
      (0x3000, 0x14D7), (0x3008, 0x18D7),  // pages at 0x5000 and 0x6000, R W U A D
      (0x3018, 0x24D7),  // VPN[0][3]: page at 0x9000
    ])
    let diagram = try TableDiagram(image: image, architecture: builtin("riscv-sv39"), rootAddress: 0x1000)
    let all: Permissions = [.writable, .user, .executable]
    #expect(!diagram.truncated)
    let root = diagram.root
    #expect(root.levelName == "VPN[2]" && root.levelFromBottom == 3 && root.physicalAddress == 0x1000)
    #expect(
      root.groups == [
        .init(
          firstIndex: 0, lastIndex: 2, kind: .tables([0x2000, 0x1000, 0x10_0000]), permissions: all, isKernel: false)
      ])
    #expect(root.children.map(\.physicalAddress) == [0x2000, 0x10_0000])
    let middle = root.children[0]
    #expect(middle.levelName == "VPN[1]" && middle.levelFromBottom == 2)
    #expect(
      middle.groups == [
        .init(firstIndex: 0, lastIndex: 0, kind: .tables([0x3000]), permissions: all, isKernel: false),
        pages(1, 1, from: 0x20_0000, to: 0x20_0000, size: 0x20_0000, [.user, .executable]),
      ])
    let bottom = try #require(middle.children.first)
    #expect(bottom.levelName == "VPN[0]" && bottom.physicalAddress == 0x3000 && bottom.children.isEmpty)
    #expect(
      bottom.groups == [
        pages(0, 1, from: 0x5000, to: 0x6000, size: 0x1000, [.writable, .user]),
        pages(3, 3, from: 0x9000, to: 0x9000, size: 0x1000, [.writable, .user]),
      ])
    let missing = root.children[1]
    #expect(missing.levelName == "VPN[1]" && missing.groups.isEmpty && missing.children.isEmpty)
  }

  /// With 36-bit physical addresses, PML4[0] points to a table at 2^36,
  /// past the physical address space: drawn, merged with PML4[1]'s pointer
  /// (same permissions), but not followed, so the only child is PML4[1]'s.
  @Test func aPointerPastThePhysicalSpaceIsDrawnNotFollowed() throws {
    let image = rawImage([
      (0x1000, 0x10_0000_0007), (0x1008, 0x2007), (0x2000, 0x3007), (0x3000, 0x4007), (0x4000, 0x5007),
    ])
    let arch = try x86With36BitPhysicalAddresses()
    let diagram = try TableDiagram(image: image, architecture: arch, rootAddress: 0x1000)
    let all: Permissions = [.writable, .user, .executable]
    #expect(
      diagram.root.groups == [
        .init(firstIndex: 0, lastIndex: 1, kind: .tables([0x10_0000_0000, 0x2000]), permissions: all, isKernel: false)
      ])
    #expect(diagram.root.children.map(\.physicalAddress) == [0x2000])
    #expect(!diagram.truncated)
    // The listing faults the same pointer and maps PML4[1]'s page, 512 GiB up.
    let list = try image.mappings(architecture: arch, rootAddress: 0x1000)
    #expect(
      list.faults == [
        MappingFault(
          virtualAddress: 0, levelName: "PML4", entryAddress: 0x1000,
          reason: "points past the 36-bit physical address space")
      ])
    #expect(list.runs.map(\.virtualStart) == [0x80_0000_0000])
    #expect(list.runs.map(\.physicalStart) == [0x5000])
  }

  /// One PDPT under every PML4 entry, one PD under every PDPT entry, one
  /// PT under every PD entry, mapping its entry 0. Every entry read counts
  /// toward 2^24, empty ones too, in walk order: under PML4[0], PDPT[i] is
  /// entry 2 + 262657 i, PD[j] under it 3 + 262657 i + 513 j and its PT[0]
  /// one after. So the walk never leaves PML4[0]: it draws PDPT[0 ... 63],
  /// all 512 PDs under the first 63 and, under PDPT[63], the PDs with
  /// 4 + 16547391 + 513 j <= 16777216, j <= 447. Sibling PTs of one shape
  /// are one box with a count.
  @Test func stopsAtTheEntryLimit() throws {
    var entries: [(address: Int, value: UInt64)] = [(0x4000, 0x5007)]
    for index in 0..<512 {
      entries += [(0x1000 + 8 * index, 0x2007), (0x2000 + 8 * index, 0x3007), (0x3000 + 8 * index, 0x4007)]
    }
    let diagram = try TableDiagram(image: rawImage(entries), architecture: builtin("x86-64"), rootAddress: 0x1000)
    #expect(diagram.truncated)
    #expect(diagram.root.groups.map(\.lastIndex) == [0])
    let pdpt = try #require(diagram.root.children.first)
    #expect(diagram.root.children.count == 1)
    #expect(pdpt.groups.map(\.lastIndex) == [63])
    #expect(pdpt.children.count == 64)
    #expect(pdpt.children[0].children.map(\.count) == [512])
    #expect(pdpt.children[63].groups.map(\.lastIndex) == [447])
    #expect(pdpt.children[63].children.map(\.count) == [448])
  }
}
