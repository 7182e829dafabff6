import PagingCore
import Testing

/// Frame numbers and physical addresses against conversions worked by hand.
@Suite struct FrameNumberTests {
  /// 0x1234 × 4096 = 0x1234000; with 64 KiB pages (16 offset bits), 0x12340000.
  @Test func aFrameAddressIsTheFrameShiftedByThePageOffsetBits() {
    #expect(FrameNumber(0x1234).address(offsetBits: 12) == PhysicalAddress(0x123_4000))
    #expect(FrameNumber(0x1234).address(offsetBits: 16) == PhysicalAddress(0x1234_0000))
    #expect(FrameNumber(0).address(offsetBits: 12) == PhysicalAddress(0))
  }

  /// 0x1234abc is byte 0xabc of frame 0x1234 with 4 KiB pages, and byte
  /// 0x4abc of frame 0x123 with 64 KiB pages.
  @Test func anAddressSplitsIntoItsFrameAndItsOffset() {
    let address = PhysicalAddress(0x123_4abc)
    #expect(address.frame(offsetBits: 12) == FrameNumber(0x1234))
    #expect(address.pageOffset(offsetBits: 12) == 0xabc)
    #expect(address.frame(offsetBits: 16) == FrameNumber(0x123))
    #expect(address.pageOffset(offsetBits: 16) == 0x4abc)
  }

  /// x86-64's pages are 4 KiB.
  @Test func anArchitectureConvertsWithItsOwnPageSize() {
    let x86 = TestArchitectures.x86_64
    #expect(x86.address(of: FrameNumber(5)) == PhysicalAddress(0x5000))
    #expect(x86.frame(containing: PhysicalAddress(0x5fff)) == FrameNumber(5))
    #expect(x86.frame(containing: PhysicalAddress(0x6000)) == FrameNumber(6))
    // 32-byte pages: frame 5 is bytes 160 to 191.
    let teaching = TestArchitectures.teaching
    #expect(teaching.address(of: FrameNumber(5)) == PhysicalAddress(160))
    #expect(teaching.frame(containing: PhysicalAddress(191)) == FrameNumber(5))
  }

  @Test func framesCountLikeIntegers() {
    let first = FrameNumber(10)
    #expect(first.advanced(by: 3) == FrameNumber(13))
    #expect(first.advanced(by: -10) == FrameNumber(0))
    #expect(first.distance(to: FrameNumber(4)) == -6)
    #expect(Array(first..<FrameNumber(13)).map(\.rawValue) == [10, 11, 12])
    #expect(FrameNumber(3) < FrameNumber(4))
    #expect(FrameNumber(index: 7).index == 7)
  }

  /// Adding past 2^64 − 1 is refused, not wrapped.
  @Test func anAddressDoesNotWrap() {
    #expect(PhysicalAddress(UInt64.max - 1).adding(1) == PhysicalAddress(UInt64.max))
    #expect(PhysicalAddress(UInt64.max).adding(1) == nil)
  }

  /// Frames print in decimal, as before they had a type; addresses in hex.
  @Test func textForms() {
    #expect("\(FrameNumber(4096))" == "4096")
    #expect("\(PhysicalAddress(4096))" == "0x1000")
    #expect(formatHex(PhysicalAddress(0xabc)) == "0xabc")
  }
}
