import Testing

@testable import PagingCore

@Suite struct ValidationTests {
  static func spec(
    va: Int = 48, page: UInt128 = 4096, entry: Int = 8, levels: [Int]? = [9, 9, 9, 9],
    bits: [DescriptorKey: Int]? = nil
  ) -> ArchitectureSpec {
    var format = ArchitectureSpec.EntryFormatSpec.conventional(
      entrySize: entry, offsetBits: page.trailingZeroBitCount, physicalAddressBits: 52)
    if let bits { format.bits = bits }
    return ArchitectureSpec(
      name: "t", title: "t", summary: "t", virtualAddressBits: va, upperBits: .signExtend,
      physicalAddressBits: 52, pageSize: page, entrySize: entry,
      levels: levels?.enumerated().map { .init(name: "L\($0.offset)", indexBits: $0.element) },
      entryFormat: format, sources: ["t"])
  }

  static func error(_ spec: ArchitectureSpec) -> ArchitectureError? {
    do {
      _ = try Architecture(validating: spec)
      return nil
    } catch { return error }
  }

  @Test func bitsMustAddUp() {
    #expect(Self.error(Self.spec(levels: [9, 9, 9]))?.path == "levels")
  }

  @Test func tableBiggerThanPage() {
    #expect(Self.error(Self.spec(levels: [8, 10, 9, 9]))?.path == "levels[1].index_bits")
  }

  @Test func pageSizePowerOfTwo() {
    #expect(Self.error(Self.spec(page: 3000, levels: nil))?.path == "page_size")
  }

  @Test func overlappingFields() {
    let clash = Self.error(Self.spec(bits: [.present: 0, .writable: 1, .user: 1]))
    #expect(clash?.path == "entry_format.user")
    let frame = Self.error(Self.spec(bits: [.present: 0, .writable: 13]))
    #expect(frame?.path == "entry_format.frame")
  }

  @Test func derivedLevelsWhenOmitted() throws {
    let arch = try Architecture(validating: Self.spec(va: 39, levels: nil))
    #expect(arch.levels.map(\.indexBits) == [9, 9, 9])
    #expect(arch.levelsAreDerived)
  }

  @Test func upperBitsNeededForNarrowAddresses() {
    var spec = Self.spec()
    spec.upperBits = nil
    #expect(Self.error(spec)?.path == "upper_bits")
  }

  @Test func largePageMustMatchSpan() {
    var spec = Self.spec()
    spec.levels?[2].largePage = 1 << 30
    #expect(Self.error(spec)?.path == "levels[2].large_page")
    spec.levels?[2].largePage = 1 << 21
    #expect(Self.error(spec) == nil)
    spec.levels?[3].largePage = 4096
    #expect(Self.error(spec)?.path == "levels[3].large_page")
  }
}
