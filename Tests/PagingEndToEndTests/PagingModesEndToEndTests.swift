import Foundation
import PagingJSON
import PagingTestSupport
import Testing

/// Issue 15 on the command line: AArch64's two trees and PAE's PDPTEs.
@Suite struct PagingModesEndToEndTests {
  /// Arm ARM DDI 0487: with a 48-bit VA, TTBR0 covers 0 to 2^48-1 and
  /// TTBR1 the top 2^48 bytes; bit 55 chooses.
  @Test func arm64AddressesChooseTheirTree() throws {
    let user = try runPaging(["translate", "arm64-4k-48", "0x0000800000000000"])
    #expect(user.standardOutput.hasPrefix("arm64-4k-48: 0x800000000000 (canonical, translated under TTBR0)\n"))
    let kernel = try runPaging(["translate", "arm64-4k-48", "0xffff000000001000", "--format", "json"]).json()
    #expect(kernel["canonical"] == .bool(true))
    #expect(kernel["root"] == .string("TTBR1"))
    #expect(kernel["indexes"]?.arrayValue?.compactMap(\.numberText) == ["0", "0", "0", "1"])
    let neither = try runPaging(["translate", "arm64-4k-48", "0x0001000000000000", "--format", "json"]).json()
    #expect(neither["canonical"] == .bool(false))
    #expect(neither["root"] == .null)
  }
}
