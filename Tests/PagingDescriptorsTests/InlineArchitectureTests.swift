import PagingCore
import PagingDescriptors
import Testing

/// The inline description `paging sizes --va-bits ...` and the inline fuzz
/// target share, checked against splits worked by hand.
@Suite struct InlineArchitectureTests {
  /// 39-bit addresses over 4 KiB pages with 8-byte entries: 512 entries a
  /// table is 9 index bits, and 39 - 12 = 27 bits is three levels of 9.
  @Test func derivedSplitForSv39Numbers() throws {
    let arch = try InlineArchitecture(virtualAddressBits: 39, levels: "3").architecture()
    #expect(arch.levelCount == 3)
    #expect(arch.levels.map(\.indexBits) == [9, 9, 9])
    #expect(arch.entrySize == 8)
  }

  /// 32-bit addresses take 4-byte entries unless told otherwise: 1024
  /// entries a table, 10 + 10 bits above a 12-bit offset, as x86-32.
  @Test func thirtyTwoBitAddressesTakeFourByteEntries() throws {
    let arch = try InlineArchitecture(virtualAddressBits: 32).architecture()
    #expect(arch.entrySize == 4)
    #expect(arch.levels.map(\.indexBits) == [10, 10])
  }

  /// Given bits per level are taken as they are, root first.
  @Test func explicitSplit() throws {
    let arch = try InlineArchitecture(virtualAddressBits: 32, entrySize: 8, levels: "2,9,9").architecture()
    #expect(arch.levels.map(\.indexBits) == [2, 9, 9])
    #expect(arch.levels.map(\.name) == ["L3", "L2", "L1"])
  }

  /// Each bad number is reported at its own field, before any arithmetic on
  /// it (Int.min and 2^60 among them, which once trapped).
  @Test(arguments: [
    (InlineArchitecture(virtualAddressBits: 0), "virtual_address_bits"),
    (InlineArchitecture(virtualAddressBits: 48, entrySize: 3), "entry_size"),
    (InlineArchitecture(virtualAddressBits: 48, entrySize: 1 << 60), "entry_size"),
    (InlineArchitecture(virtualAddressBits: 48, physicalAddressBits: Int.min), "physical_address_bits"),
    (InlineArchitecture(virtualAddressBits: 48, pageSize: 3000), "page_size"),
    (InlineArchitecture(virtualAddressBits: 48, pageSize: UInt128(1) << 41), "page_size"),
    (InlineArchitecture(virtualAddressBits: 48, levels: "4,x"), "levels"),
    (InlineArchitecture(virtualAddressBits: 48, levels: "5"), "levels"),
  ])
  func badNumbersNameTheirField(description: InlineArchitecture, path: String) {
    #expect(throws: InlineArchitectureError.self) { try description.architecture() }
    do {
      _ = try description.architecture()
    } catch {
      #expect(error.path == path)
    }
  }

  /// A count that is not the derived one says what the derived split is:
  /// 48 - 12 = 36 bits is four levels of 9.
  @Test func wrongLevelCountSaysTheDerivedSplit() {
    do {
      _ = try InlineArchitecture(virtualAddressBits: 48, levels: "5").architecture()
      Issue.record("five levels for 48-bit addresses was accepted")
    } catch {
      #expect(error.message.contains("take 4 levels (9+9+9+9 bits), not 5"))
    }
  }
}
