import Foundation
import PagingJSON
import PagingTestSupport
import Testing

/// Issue 10: mapping lists and decoded walks on the command line.
@Suite struct MappingsEndToEndTests {
  /// 513 user pages from 0x400000 beside the 2 MiB kernel at the upper
  /// half: two runs, filtered by owner and by range.
  @Test func simulateShowsMappings() throws {
    let base = ["simulate", "--arch", "x86-64", "--allocations", "2^9+1", "--size", "4K", "--start", "0x400000",
                "--kernel", "--show", "mappings", "--format", "json"]
    func runs(_ extra: [String]) throws -> [JSONValue] {
      let json = try runPaging(base + extra).json()
      return try #require(json["runs"]?[0]?["mappings"]?[0]?["list"]?["runs"]?.arrayValue)
    }
    let all = try runs([])
    #expect(all.count == 2)
    #expect(all[0]["virtual_start"]?.numberText == "\(0x40_0000)")
    #expect(all[0]["size"]?.numberText == "\(513 * 4096)")
    #expect(all[0]["user"] == .bool(true))
    // The kernel half in pointer form: 0xffff800000000000.
    #expect(all[1]["virtual_start"]?.numberText == "\(UInt64(0xffff_8000_0000_0000))")
    #expect(all[1]["size"]?.numberText == "\(2 << 20)")
    #expect(all[1]["user"] == .bool(false))
    #expect(try runs(["--only", "kernel"]).count == 1)
    #expect(try runs(["--only", "user"]).first?["user"] == .bool(true))
    #expect(try runs(["--from", "0x601000"]).count == 1)
  }

  /// A dump of the same machine lists the same runs through `paging mappings`.
  @Test func mappingsOfADump() throws {
    let scratch = try Scratch()
    let dump = scratch.path("tables.txt")
    let text = try runPaging(["simulate", "--arch", "x86-64", "--allocations", "3", "--size", "4K", "--start", "0x400000",
                              "--dump", dump]).standardOutput
    let rootLine = try #require(text.split(separator: "\n").first { $0.contains("Roots:") })
    let address = try #require(rootLine.split(separator: " ").last.map(String.init))
    let result = try runPaging(["mappings", "x86-64", "--memory", dump, "--root", address])
    #expect(result.status == 0, "\(result.standardError)")
    let lines = result.standardOutput.split(separator: "\n")
    // One run: 3 pages of 4 KiB from 0x400000, read-write user, not executable.
    #expect(lines.count == 4)
    #expect(lines.last?.hasPrefix("  0x400000-0x402fff  ") == true)
    #expect(lines.last?.hasSuffix("12 KiB  3 × 4 KiB  rw-u   PT") == true)
  }

  /// Every step of a walk is decoded, and the JSON keeps translate's keys.
  @Test func decodedWalk() throws {
    let scratch = try Scratch()
    let dump = scratch.path("tables.txt")
    let text = try runPaging(["simulate", "--arch", "x86-64", "--size", "4K", "--start", "0x400000", "--dump", dump]).standardOutput
    let rootLine = try #require(text.split(separator: "\n").first { $0.contains("Roots:") })
    let root = try #require(rootLine.split(separator: " ").last.map(String.init))
    let json = try runPaging(["translate", "x86-64", "0x400123", "--memory", dump, "--root", root, "--format", "json"]).json()
    // 0x400123: PML4 0, PDPT 0, PD 2, PT 0, offset 0x123.
    #expect(json["indexes"]?.arrayValue?.compactMap(\.numberText) == ["0", "0", "2", "0"])
    #expect(json["offset"]?.numberText == "291")
    #expect(json["canonical"] == .bool(true))
    let steps = try #require(json["steps"]?.arrayValue)
    #expect(steps.count == 4)
    #expect(steps[0]["flags"]?.arrayValue?.compactMap(\.stringValue) == ["present", "writable", "user"])
    #expect(steps[0]["meaning"]?.stringValue?.hasPrefix("table at pa 0x") == true)
    #expect(steps[3]["flags"]?.arrayValue?.compactMap(\.stringValue) == ["present", "writable", "user", "no_execute"])
    #expect(steps[3]["meaning"]?.stringValue?.hasPrefix("leaf: 4 KiB page at pa 0x") == true)
    #expect(steps[3]["allowed"]?.stringValue == "rw-u")
  }
}
