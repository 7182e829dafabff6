import Testing

@testable import PagingCore

@Suite struct TranslationTests {
  /// 0x7fffffffe123: bits 47-39 = 0xff = 255, 38-30 and 29-21 all ones = 511,
  /// 20-12 = 0x1fe = 510, offset 0x123.
  @Test func x86_64() {
    let t = TestArchitectures.x86_64.translation(of: 0x7fff_ffff_e123)
    #expect(t.indexes == [255, 511, 511, 510])
    #expect(t.offset == 0x123)
    #expect(t.canonical)
  }

  /// 0xC0123456: PD index = 0xC0123456 >> 22 = 0x300 = 768; PT index =
  /// 0xC0123 & 0x3ff = 0x123 = 291; offset 0x456.
  @Test func x86_32() {
    let t = TestArchitectures.x86_32.translation(of: 0xC012_3456)
    #expect(t.indexes == [768, 291])
    #expect(t.offset == 0x456)
  }

  @Test(arguments: [
    (UInt128(0x0000_7fff_ffff_ffff), true),
    (0xffff_8000_0000_0000, true),
    (0x0000_8000_0000_0000, false),
    (0xfffe_ffff_ffff_ffff, false),
    (0x1_0000_0000_0000_0000, false),
  ])
  func canonical(pointer: UInt128, expected: Bool) {
    #expect(TestArchitectures.x86_64.isCanonical(pointer) == expected)
  }

  @Test func zeroUpperBits() {
    let arch = TestArchitectures.teaching
    #expect(arch.isCanonical(0x7fff))
    #expect(!arch.isCanonical(0x8000))
    // 0x7fff: PD index 31, PT index 31, offset 31.
    #expect(arch.translation(of: 0x7fff).indexes == [31, 31])
  }

  @Test func upperHalfPointers() {
    let arch = TestArchitectures.x86_64
    #expect(arch.pointer(forTranslated: 1 << 47) == 0xffff_8000_0000_0000)
    #expect(arch.pointer(forTranslated: 0x1234) == 0x1234)
    #expect(arch.translatedBits(of: 0xffff_8000_0000_0000) == 1 << 47)
  }
}
